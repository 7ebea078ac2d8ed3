package io.mailferry.admin.matching;

import io.mailferry.admin.ui.Confirm;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.ui.FileChoosers;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.textfield.TextFields;

/**
 * The matching grid: source on the left, target on the right (edit in the cell), how it was matched, unmatched rows
 * highlighted; filter, automatic matching, CSV import and export.
 */
public final class MatchingView extends BorderPane {

    public MatchingView(MatchingViewModel vm) {
        setId("matchingView");
        TextField filter = TextFields.createClearableTextField();
        filter.setId("matchFilter");
        filter.setPromptText("Filter mailboxes…");
        filter.textProperty().bindBidirectional(vm.filter());
        filter.setPrefWidth(240);
        ToggleButton onlyUnmatched = new ToggleButton("_Unmatched only");
        onlyUnmatched.selectedProperty().bindBidirectional(vm.onlyUnmatched());
        onlyUnmatched.setTooltip(new Tooltip("Rows without a target, or with one the loaded directory does not list."));
        Button auto = new Button("_Auto-match");
        auto.setId("autoMatch");
        auto.getStyleClass().add("accent");
        auto.setOnAction(e -> vm.autoMatch());
        auto.disableProperty().bind(vm.activity().busy().or(vm.canAutoMatch().not()));
        Button importCsv = new Button("_Import CSV…");
        importCsv.setId("importCsv");
        importCsv.disableProperty().bind(vm.activity().busy());
        importCsv.setOnAction(e -> {
            File f = FileChoosers.used(chooser("Import pairs from CSV").showOpenDialog(getScene().getWindow()));
            if (f != null) {
                vm.importCsv(f.toPath());
            }
        });
        Button exportCsv = new Button("_Export CSV…");
        exportCsv.setOnAction(e -> {
            FileChooser c = chooser("Export pairs to CSV");
            c.setInitialFileName("pairs.csv");
            File f = FileChoosers.used(c.showSaveDialog(getScene().getWindow()));
            if (f != null) {
                vm.exportCsv(f.toPath());
            }
        });
        Label summary = new Label();
        summary.setId("matchSummary");
        summary.textProperty().bind(vm.summary());
        summary.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, filter, onlyUnmatched, gap, importCsv, exportCsv);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n instanceof Region r && n != gap && n != filter) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }

        TableView<MatchRow> table = new TableView<>();
        // A sorted view over the filtered rows: the admin's sort holds while rows are added, edited or matched.
        SortedList<MatchRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("matchTable");
        table.setEditable(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No source mailboxes yet."));
        table.setTooltip(new Tooltip(
                "Double-click a target, or press F2 or Enter on a row, to type it; Escape drops the change."));
        TableColumn<MatchRow, String> source = new TableColumn<>("Source mailbox");
        source.setMinWidth(180);
        source.setId("matchSourceColumn");
        source.setCellValueFactory(c -> c.getValue().source());
        source.setPrefWidth(240);
        TableColumn<MatchRow, String> target = new TableColumn<>("Target mailbox ✎");
        target.setCellValueFactory(c -> c.getValue().target());
        target.setId("matchTargetColumn");
        target.setCellFactory(c -> new TargetCell<>(vm::editTarget));
        target.setOnEditCommit(e -> vm.editTarget(e.getRowValue(), e.getNewValue()));
        // Rows are selected whole, so the keyboard cannot reach the target cell by itself: F2 or Enter edits it.
        table.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            int focused = table.getFocusModel().getFocusedIndex();
            if ((e.getCode() == KeyCode.F2 || e.getCode() == KeyCode.ENTER) && table.getEditingCell() == null
                    && focused >= 0) {
                table.edit(focused, target);
                e.consume();
            }
        });
        target.setPrefWidth(260);
        TableColumn<MatchRow, String> how = new TableColumn<>("Matched by");
        how.setCellValueFactory(c -> c.getValue().how());
        how.setPrefWidth(150);
        how.setMinWidth(110);
        TableColumn<MatchRow, String> check = new TableColumn<>("Check");
        check.setId("matchCheckColumn");
        check.setCellValueFactory(c -> c.getValue().problem());
        check.setCellFactory(c -> new io.mailferry.admin.ui.WrappingCell<>());
        check.setPrefWidth(260);
        table.getColumns().add(source);
        table.getColumns().add(target);
        table.getColumns().add(how);
        table.getColumns().add(check);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(MatchRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("unmatched-row", "not-in-directory-row");
                setTooltip(null);
                if (!empty && row != null && row.isUnmatched()) {
                    getStyleClass().add("unmatched-row");
                } else if (!empty && row != null && (row.isNotInDirectory() || row.isNotInList())) {
                    // Missing from the directory blocks the job; missing from the pasted list is a warning.
                    getStyleClass().add(row.isNotInDirectory() ? "not-in-directory-row" : "unmatched-row");
                    setTooltip(new Tooltip(row.problem().get()));
                }
            }
        });
        // Rows change target in place: repaint so the highlight follows an edit or an auto-match.
        vm.rows().addListener((ListChangeListener<MatchRow>) c -> table.refresh());
        Button remove = new Button("Remove selected");
        remove.disableProperty().bind(Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        remove.setOnAction(e -> vm.remove(table.getSelectionModel().getSelectedItems()));

        TextArea candidates = new TextArea();
        candidates.setId("targetCandidates");
        candidates.setPromptText("Target mailboxes, one per line");
        candidates.textProperty().bindBidirectional(vm.targetCandidates());
        candidates.setPrefRowCount(8);
        TextArea mappings = new TextArea();
        mappings.setPromptText("old.example=new.example");
        mappings.textProperty().bindBidirectional(vm.domainMappings());
        mappings.setPrefRowCount(3);
        Label cl = new Label("Target mailboxes to match against");
        cl.setLabelFor(candidates);
        Label ml = new Label("Domain mappings");
        ml.setLabelFor(mappings);
        auto.setMaxWidth(Double.MAX_VALUE);
        Label rules = new Label("Matches each unmatched source by the service's rules: same address, same name "
                + "in another domain, or a mapped domain.");
        rules.getStyleClass().addAll("muted", "small");
        rules.setWrapText(true);
        Button loadDirectory = new Button("_Load from directory");
        loadDirectory.setId("loadDirectory");
        loadDirectory.setMaxWidth(Double.MAX_VALUE);
        loadDirectory.setOnAction(e -> {
            if (Confirm.replaceList(loadDirectory, "The target list", vm.candidatesTypedOrEdited(), "address",
                    "addresses")) {
                vm.loadDirectory();
            }
        });
        loadDirectory.disableProperty().bind(vm.activity().busy());
        loadDirectory.visibleProperty().bind(vm.canLoadDirectory());
        loadDirectory.managedProperty().bind(vm.canLoadDirectory());
        loadDirectory.setTooltip(new Tooltip("Lists the target tenant's user and shared mailboxes as the targets "
                + "to match against, and flags typed targets it does not list."));
        Label directoryStatus = new Label();
        directoryStatus.setId("directoryStatus");
        directoryStatus.textProperty().bind(vm.directoryStatus());
        directoryStatus.setWrapText(true);
        directoryStatus.getStyleClass().addAll("small", "muted");
        directoryStatus.visibleProperty().bind(vm.directoryStatus().isNotEmpty());
        directoryStatus.managedProperty().bind(directoryStatus.visibleProperty());
        Label autoStatus = new Label();
        autoStatus.setId("autoMatchStatus");
        autoStatus.textProperty().bind(vm.autoMatchStatus());
        autoStatus.setWrapText(true);
        autoStatus.getStyleClass().add("small");
        VBox side = new VBox(6, cl, candidates, loadDirectory, directoryStatus, ml, mappings, rules, auto, autoStatus);
        side.getStyleClass().add("side-panel");
        side.setPrefWidth(270);
        side.setMinWidth(270);
        VBox.setVgrow(candidates, Priority.ALWAYS);

        ListView<String> errors = new ListView<>(vm.importErrors());
        errors.setId("importErrors");
        errors.setPrefHeight(90);
        Label outcome = new Label();
        outcome.setId("importOutcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.importOutcome());
        TitledPane errorPane = new TitledPane(BadRows.TITLE, new VBox(6, outcome, errors));
        errorPane.setCollapsible(false);
        errorPane.visibleProperty().bind(Bindings.isNotEmpty(vm.importErrors()));
        errorPane.managedProperty().bind(errorPane.visibleProperty());

        VBox.setVgrow(table, Priority.ALWAYS);
        Region gap2 = new Region();
        HBox.setHgrow(gap2, Priority.ALWAYS);
        HBox below = new HBox(8, remove, gap2, summary);
        below.setAlignment(Pos.CENTER_LEFT);
        VBox main = new VBox(8, table, below, errorPane);
        HBox.setHgrow(main, Priority.ALWAYS);
        setTop(new VBox(8, bar, new ErrorBanner(vm.activity())));
        setCenter(new HBox(12, main, side));
        BorderPane.setMargin(getCenter(), new javafx.geometry.Insets(8, 0, 0, 0));
    }

    private static FileChooser chooser(String title) {
        return FileChoosers.of(title, "CSV files", "*.csv");
    }
}
