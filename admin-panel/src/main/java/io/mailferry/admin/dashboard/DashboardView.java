package io.mailferry.admin.dashboard;

import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.Card;
import io.mailferry.admin.ui.Confirm;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Dashboard tab: a grid of cards. */
public final class DashboardView extends javafx.scene.layout.BorderPane {

    /**
     * @param openWizard opens the connection wizard for a role, to edit a connection (or to add one when null)
     */
    public DashboardView(DashboardViewModel vm, BiConsumer<ConnectionRole, Connection> openWizard) {
        this(vm, openWizard, null);
    }

    /** @param openAlertSettings opens the alert mail settings (the Alerts card's button); null: no button */
    public DashboardView(DashboardViewModel vm, BiConsumer<ConnectionRole, Connection> openWizard,
            Runnable openAlertSettings) {
        setId("dashboardView");
        getStyleClass().add("page");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(16);
        grid.setPadding(new Insets(16));
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        RowConstraints r1 = new RowConstraints(190, 215, Double.MAX_VALUE);
        RowConstraints r2 = new RowConstraints(190, 215, Double.MAX_VALUE);
        RowConstraints r3 = new RowConstraints(170, 200, Double.MAX_VALUE);
        for (RowConstraints r : new RowConstraints[] {r1, r2, r3}) {
            r.setVgrow(Priority.ALWAYS);
        }
        grid.getRowConstraints().addAll(r1, r2, r3);

        grid.add(connections("Source connections", "sourceCard", vm.sources(), ConnectionRole.SOURCE, vm, openWizard), 0, 0);
        grid.add(connections("Target connections", "targetCard", vm.targets(), ConnectionRole.TARGET, vm, openWizard), 1, 0);
        grid.add(license(vm), 2, 0);
        grid.add(running(vm), 0, 1);
        Card chart = throughput(vm);
        grid.add(chart, 1, 1, 2, 1);
        grid.add(news("Good news", "goodNews", vm.goodNews(), "news-good", "No mailbox has finished yet."), 0, 2);
        grid.add(news("Bad news", "badNews", vm.badNews(), "news-bad", "Nothing failed."), 1, 2);
        grid.add(alerts(vm, openAlertSettings), 2, 2);

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("edge-to-edge");
        // Greyed and not clickable while the service is not reached: nothing here could be done or is current.
        scroll.disableProperty().bind(vm.connected().not());
        ErrorBanner error = new ErrorBanner(vm.activity());
        setTop(error);
        setMargin(error, new Insets(10, 16, 0, 16));
        setCenter(new BusyOverlay(scroll, vm.activity().busy()));
    }

    private static Card connections(String title, String id, ObservableList<ConnectionItem> items, ConnectionRole role,
            DashboardViewModel vm, BiConsumer<ConnectionRole, Connection> openWizard) {
        ListView<ConnectionItem> list = new ListView<>(items);
        list.setId(id + "List");
        list.setPlaceholder(new Label("None yet. Press Add to define one."));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ConnectionItem c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(c.name());
                name.getStyleClass().add("text-bold");
                Label chip = new Label(c.ok() == null ? "untested" : c.ok() ? "OK" : "failing");
                chip.getStyleClass().addAll("chip", c.ok() == null ? "chip-neutral" : c.ok() ? "chip-ok" : "chip-bad");
                Label where = new Label(c.kind() + " · " + c.address());
                where.getStyleClass().addAll("muted", "small");
                Label status = new Label(c.status());
                status.getStyleClass().addAll("small", Boolean.FALSE.equals(c.ok()) ? "news-bad" : "muted");
                wrap(status, list);
                Button test = new Button("Test");
                test.setId("testConnection");
                test.getStyleClass().addAll("small", "flat");
                test.setOnAction(e -> vm.test(c));
                Button edit = new Button("Edit");
                edit.setId("editConnection");
                edit.getStyleClass().addAll("small", "flat");
                edit.setOnAction(e -> openWizard.accept(role, c.connection()));
                Button delete = new Button("Delete");
                delete.setId("deleteConnection");
                delete.getStyleClass().addAll("small", "flat", "danger");
                delete.setOnAction(e -> {
                    if (Confirm.ask(list, "Delete connection", deleteQuestion(role, c.name(),
                            vm.jobsUsing(c.connection().id())), "Delete")) {
                        vm.delete(c);
                    }
                });
                // The name and address wrap on a narrow card; the chip and the buttons keep their size.
                for (Region r : new Region[] {chip, test, edit, delete}) {
                    r.setMinWidth(Region.USE_PREF_SIZE);
                }
                wrap(name, list);
                wrap(where, list);
                HBox head = new HBox(6, chip, spacer(), test, edit, delete);
                head.setAlignment(Pos.CENTER_LEFT);
                VBox box = new VBox(2, name, head, where, status);
                setPrefWidth(0);
                setText(null);
                setGraphic(box);
            }
        });
        Button add = new Button("Add…");
        add.setId(id + "Add");
        add.getStyleClass().addAll("small", "accent");
        add.setOnAction(e -> openWizard.accept(role, null));
        Card card = new Card(title, list).withActions(add);
        card.setId(id);
        return card;
    }

    private static Card license(DashboardViewModel vm) {
        Label text = new Label();
        text.setId("licenseText");
        text.textProperty().bind(vm.license());
        text.setWrapText(true);
        Label chip = new Label();
        chip.setId("licenseChip");
        chip.textProperty().bind(vm.licenseChip());
        Runnable style = () -> chip.getStyleClass().setAll("label", "chip", !vm.connected().get() ? "chip-neutral"
                : vm.licenseOk().get() ? "chip-ok" : "chip-bad");
        vm.licenseChip().addListener((o, a, b) -> style.run());
        style.run();
        Label detail = new Label();
        detail.setId("licenseDetail");
        detail.textProperty().bind(vm.licenseDetail());
        detail.getStyleClass().add("muted");
        detail.setWrapText(true);
        Button install = new Button("Install key…");
        install.setId("licenseInstallKey");
        install.getStyleClass().addAll("small", "accent");
        install.setOnAction(e -> vm.openLicenseEntry());
        install.disableProperty().bind(vm.licenseEntryOpen());
        Button remove = new Button("Remove");
        remove.setId("licenseRemove");
        remove.getStyleClass().addAll("small", "flat", "danger");
        remove.visibleProperty().bind(vm.licenseKeyInstalled());
        remove.managedProperty().bind(vm.licenseKeyInstalled());
        remove.setOnAction(e -> {
            if (Confirm.ask(remove, "Remove license key", "Remove the license key? Without it the trial's rules apply"
                    + " again (10 items per folder, and no pass once the trial's 30 days are over). Keep the key to"
                    + " install it again.")) {
                vm.removeLicense();
            }
        });
        HBox buttons = new HBox(6, install, remove);
        return new Card("License", new VBox(8, text, detail, buttons, licenseEntry(vm))).withActions(chip);
    }

    /** The key entry under the license card: paste the key or read its file, then Install. */
    private static VBox licenseEntry(DashboardViewModel vm) {
        TextArea key = new TextArea();
        key.setId("licenseKeyInput");
        key.setPromptText("Paste the license key here (line breaks do not matter)");
        key.setWrapText(true);
        key.setPrefRowCount(3);
        key.textProperty().bindBidirectional(vm.licenseKeyInput());
        Button file = new Button("From file…");
        file.setId("licenseFromFile");
        file.getStyleClass().addAll("small", "flat");
        file.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("License key file");
            java.io.File chosen = chooser.showOpenDialog(file.getScene().getWindow());
            if (chosen != null) {
                vm.licenseKeyFromFile(chosen.toPath());
            }
        });
        Button ok = new Button("Install");
        ok.setId("licenseInstall");
        ok.getStyleClass().addAll("small", "accent");
        ok.setOnAction(e -> vm.installLicense());
        Button cancel = new Button("Cancel");
        cancel.setId("licenseCancel");
        cancel.getStyleClass().addAll("small", "flat");
        cancel.setOnAction(e -> vm.closeLicenseEntry());
        HBox actions = new HBox(6, file, spacer(), cancel, ok);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox entry = new VBox(6, key, actions);
        entry.setId("licenseEntry");
        entry.visibleProperty().bind(vm.licenseEntryOpen());
        entry.managedProperty().bind(vm.licenseEntryOpen());
        return entry;
    }

    private static Card running(DashboardViewModel vm) {
        VBox rows = new VBox(12);
        rows.setId("runningJobs");
        Label none = new Label("No job is running.");
        none.getStyleClass().add("muted");
        Runnable fill = () -> {
            rows.getChildren().clear();
            if (vm.running().isEmpty()) {
                rows.getChildren().add(none);
            }
            for (JobProgressItem j : vm.running()) {
                Label name = new Label(j.name());
                name.getStyleClass().add("text-bold");
                ProgressBar bar = new ProgressBar(j.fraction());
                bar.setMaxWidth(Double.MAX_VALUE);
                Label text = new Label(j.text());
                text.getStyleClass().addAll("muted", "small");
                text.setWrapText(true);
                rows.getChildren().add(new VBox(4, name, bar, text));
            }
        };
        vm.running().addListener((ListChangeListener<JobProgressItem>) c -> fill.run());
        fill.run();
        ScrollPane s = new ScrollPane(rows);
        s.setFitToWidth(true);
        s.getStyleClass().add("edge-to-edge");
        Label lastKnown = io.mailferry.admin.ui.LastKnownNote.of("runningLastKnown", vm.lastKnownNote());
        Label throttled = new Label();
        throttled.setId("throttledTotal");
        throttled.textProperty().bind(vm.throttled());
        throttled.getStyleClass().addAll("small", "muted");
        throttled.setWrapText(true);
        throttled.visibleProperty().bind(vm.throttled().isNotEmpty());
        throttled.managedProperty().bind(throttled.visibleProperty());
        VBox body = new VBox(6, lastKnown, s, throttled);
        VBox.setVgrow(s, Priority.ALWAYS);
        return new Card("Running jobs", body);
    }

    private static Card throughput(DashboardViewModel vm) {
        NumberAxis x = new NumberAxis();
        x.setLabel("minutes ago");
        x.setAutoRanging(false);
        x.setLowerBound(-10);
        x.setUpperBound(0);
        x.setTickUnit(1);
        NumberAxis y = new NumberAxis();
        y.setLabel("MB/s");
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("throughputChart");
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        chart.getData().add(series);
        Runnable fill = () -> {
            java.time.Instant now = vm.throughput().isEmpty() ? java.time.Instant.now()
                    : vm.throughput().get(vm.throughput().size() - 1).at();
            series.getData().setAll(vm.throughput().stream().map(t -> new XYChart.Data<Number, Number>(
                    -(now.toEpochMilli() - t.at().toEpochMilli()) / 60_000.0, t.bytesPerSecond() / (1024 * 1024)))
                    .toList());
        };
        vm.throughput().addListener((ListChangeListener<ThroughputSample>) c -> fill.run());
        fill.run();
        Label rate = new Label();
        rate.setId("throughputHeader");
        rate.textProperty().bind(vm.throughputHeader());
        rate.getStyleClass().add("muted");
        return new Card("Throughput, last 10 minutes", chart).withActions(rate);
    }

    private static Card news(String title, String id, ObservableList<NewsItem> items, String style, String empty) {
        ListView<NewsItem> list = new ListView<>(items);
        list.setId(id);
        list.setPlaceholder(new Label(empty));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(NewsItem n, boolean isEmpty) {
                super.updateItem(n, isEmpty);
                if (isEmpty || n == null) {
                    setGraphic(null);
                    return;
                }
                Label head = new Label(n.headline());
                head.getStyleClass().addAll(style, "text-bold");
                wrap(head, list);
                Label detail = new Label(n.detail());
                detail.getStyleClass().addAll("muted", "small");
                wrap(detail, list);
                setPrefWidth(0);
                setGraphic(new VBox(2, head, detail));
            }
        });
        Label count = new Label();
        count.textProperty().bind(Bindings.size(items).asString());
        count.getStyleClass().addAll("chip", style.equals("news-good") ? "chip-ok" : "chip-bad");
        return new Card(title, list).withActions(count);
    }

    private static Card alerts(DashboardViewModel vm, Runnable openAlertSettings) {
        ListView<String> list = new ListView<>(vm.alerts());
        list.setId("alerts");
        list.setPlaceholder(new Label("No alerts."));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null) {
                    setGraphic(null);
                    return;
                }
                Label text = new Label("⚠  " + a);
                wrap(text, list);
                text.getStyleClass().add("news-bad");
                setPrefWidth(0);
                setGraphic(new VBox(text));
            }
        });
        Card card = new Card("Alerts", list);
        if (openAlertSettings == null) {
            return card;
        }
        javafx.scene.control.Button mail = new javafx.scene.control.Button("Mail…");
        mail.setId("alertMailSettings");
        mail.setTooltip(new javafx.scene.control.Tooltip("Mail alerts to the admin through an SMTP server"));
        mail.setOnAction(e -> openAlertSettings.run());
        return card.withActions(mail);
    }

    /** Wraps a label to its list's width, so long sentences (the service's words) show in full. */
    private static void wrap(Label label, ListView<?> list) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.prefWidthProperty().bind(list.widthProperty().subtract(36));
        label.maxWidthProperty().bind(label.prefWidthProperty());
    }

    private static Node spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** Names the connection and the jobs that use it (which keep it from being deleted). */
    static String deleteQuestion(ConnectionRole role, String name, List<String> usedBy) {
        String what = "the " + role.name().toLowerCase(java.util.Locale.ROOT) + " connection \"" + name + "\"";
        if (usedBy.isEmpty()) {
            return "Delete " + what + "? No job uses it. Its stored password or secret is deleted with it.";
        }
        return "Delete " + what + "? It is used by " + (usedBy.size() == 1 ? "the job" : usedBy.size() + " jobs:")
                + " " + usedBy.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", "))
                + ", so the service will refuse until " + (usedBy.size() == 1 ? "that job is" : "those jobs are")
                + " deleted.";
    }
}
