package io.mailferry.admin.reports;

import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.ColumnFit;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.ui.FileChoosers;
import io.mailferry.admin.ui.Figure;
import io.mailferry.admin.ui.Formats;
import io.mailferry.admin.ui.WrappingCell;
import java.util.List;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.PassRecord;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.web.WebView;
import javafx.stage.FileChooser;

/** The Reports tab: the service's HTML report above, the sortable per-item list below, Save as CSV / HTML. */
public final class ReportsView extends BorderPane {

    public ReportsView(ReportsViewModel vm) {
        setId("reportsView");
        getStyleClass().add("page");
        Label title = new Label();
        title.setId("reportTitle");
        title.getStyleClass().add("card-title");
        title.textProperty().bind(vm.title());
        Label verdict = new Label();
        verdict.setId("reportVerdict");
        verdict.textProperty().bind(vm.verdict());
        verdict.setWrapText(true);
        Label saved = new Label();
        saved.getStyleClass().addAll("muted", "small");
        saved.textProperty().bind(vm.savedTo());
        Button reload = new Button("Re_load");
        reload.setOnAction(e -> vm.reload());
        Button csv = new Button("Save as _CSV…");
        csv.setId("saveCsv");
        csv.setOnAction(e -> save("report.csv", "CSV files", "*.csv", vm::saveCsv));
        Button html = new Button("Save as _HTML…");
        html.setId("saveHtml");
        html.setOnAction(e -> save("report.html", "HTML files", "*.html", vm::saveHtml));
        for (Button b : new Button[] {reload, csv, html}) {
            b.disableProperty().bind(vm.current().isNull().or(vm.activity().busy()));
        }
        Button allJobs = new Button("_All jobs");
        allJobs.setId("allJobsReport");
        allJobs.setTooltip(new javafx.scene.control.Tooltip("The overall report: every job's mailboxes, items and "
                + "failures by reason"));
        allJobs.setOnAction(e -> vm.openOverall());
        allJobs.disableProperty().bind(vm.activity().busy());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label lastKnown = io.mailferry.admin.ui.LastKnownNote.of("reportsLastKnown", vm.lastKnownNote());
        HBox bar = new HBox(8, title, lastKnown, gap, saved, allJobs, reload, csv, html);
        bar.setAlignment(Pos.CENTER_LEFT);

        WebView web = new WebView();
        web.setId("reportHtml");
        vm.html().addListener((o, a, text) -> web.getEngine().loadContent(text == null ? "" : text));

        TableView<ItemIssue> issues = new TableView<>();
        issues.setId("issueTable");
        SortedList<ItemIssue> sorted = new SortedList<>(vm.issues());
        sorted.comparatorProperty().bind(issues.comparatorProperty());
        issues.setItems(sorted);
        issues.setPlaceholder(new Label("Nothing was skipped or failed."));
        issues.getColumns().add(ReportsView.<ItemIssue>col("Outcome", 90, i -> Formats.label(i.outcome())));
        issues.getColumns().add(ReportsView.<ItemIssue>col("Mailbox", 170, ItemIssue::mailbox));
        issues.getColumns().add(ReportsView.<ItemIssue>col("Folder", 130, ItemIssue::folder));
        issues.getColumns().add(ReportsView.<ItemIssue>col("Date", 130, i -> Formats.time(i.date())));
        issues.getColumns().add(ReportsView.<ItemIssue>col("Subject", 220, ItemIssue::subject));
        TableColumn<ItemIssue, Figure> size = new TableColumn<>("Size");
        size.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(Figure.of(Formats.bytes(f.getValue().size()),
                f.getValue().size())));
        size.setUserData((Function<ItemIssue, String>) i -> Formats.bytes(i.size()));
        issues.getColumns().add(size);
        issues.getColumns().add(ReportsView.<ItemIssue>col("Reason", 300, ItemIssue::reason));
        fitToContent(issues);
        TabPane lower = new TabPane(new Tab("Items skipped, failed or missing", issues),
                new Tab("Passes", passes(vm)));
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lower.setPadding(new Insets(8, 0, 0, 0));

        SplitPane split = new SplitPane(web, lower);
        split.setOrientation(Orientation.VERTICAL);
        // A clean report needs little room below; one with issues shares the height.
        Runnable place = () -> split.setDividerPositions(vm.issues().isEmpty() ? 0.74 : 0.55);
        vm.issues().addListener((javafx.collections.ListChangeListener<ItemIssue>) c -> place.run());
        place.run();
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox content = new VBox(10, bar, verdict, new ErrorBanner(vm.activity()), split);
        content.setPadding(new Insets(14, 16, 14, 16));
        // Greyed while the service is not reached: reload and save would ask it; the open report stays in view, greyed.
        content.disableProperty().bind(vm.connected().not());
        setCenter(new BusyOverlay(content, vm.activity().busy()));
    }

    /** The pass history of the open job or mailbox, newest first. */
    private static TableView<PassRecord> passes(ReportsViewModel vm) {
        TableView<PassRecord> table = new TableView<>(vm.passes());
        table.setId("passTable");
        table.setPlaceholder(new Label("No passes recorded for this report."));
        table.getColumns().add(ReportsView.<PassRecord>col("Ended", 130, p -> Formats.time(p.endedAt())));
        table.getColumns().add(ReportsView.<PassRecord>col("Kind", 60, p -> Formats.label(p.kind())));
        table.getColumns().add(ReportsView.<PassRecord>col("Mailbox", 170, PassRecord::sourceMailbox));
        table.getColumns().add(ReportsView.<PassRecord>col("State", 120, p -> Formats.label(p.state())));
        table.getColumns().add(ReportsView.<PassRecord>col("Copied", 70, p -> Long.toString(p.itemsCopied())));
        table.getColumns().add(ReportsView.<PassRecord>col("Skipped", 70, p -> Long.toString(p.itemsSkipped())));
        table.getColumns().add(ReportsView.<PassRecord>col("Failed", 70, p -> Long.toString(p.itemsFailed())));
        table.getColumns().add(ReportsView.<PassRecord>col("Data", 80, p -> Formats.bytes(p.bytesCopied())));
        table.getColumns().add(ReportsView.<PassRecord>col("Verdict", 300, PassRecord::verdict));
        fitToContent(table);
        return table;
    }

    private static <T> TableColumn<T, String> col(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        c.setUserData(value);
        return c;
    }

    /**
     * Every column as wide as its header and widest value; the last one (a reason or a verdict, whole sentences)
     * takes the rest and wraps, so nothing in the list is cut.
     */
    @SuppressWarnings("unchecked")
    private static <T> void fitToContent(TableView<T> table) {
        ColumnFit<T> fit = ColumnFit.of(table);
        List<TableColumn<T, ?>> columns = table.getColumns();
        TableColumn<T, String> last = (TableColumn<T, String>) columns.get(columns.size() - 1);
        for (TableColumn<T, ?> c : columns.subList(0, columns.size() - 1)) {
            Function<T, String> value = (Function<T, String>) c.getUserData();
            fit.text(c, value);
        }
        last.setCellFactory(c -> new WrappingCell<>());
        fit.rest(last, 260);
    }

    private void save(String name, String description, String pattern, Consumer<Path> action) {
        FileChooser c = FileChoosers.of("Save report", description, pattern);
        c.setInitialFileName(name);
        File f = FileChoosers.used(c.showSaveDialog(getScene().getWindow()));
        if (f != null) {
            action.accept(f.toPath());
        }
    }
}
