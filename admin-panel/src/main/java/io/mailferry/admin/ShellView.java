package io.mailferry.admin;

import io.mailferry.admin.alerts.AlertSettingsView;
import io.mailferry.admin.alerts.AlertSettingsViewModel;
import io.mailferry.admin.dashboard.DashboardView;
import io.mailferry.admin.dashboard.DashboardViewModel;
import io.mailferry.admin.jobs.AddPairsView;
import io.mailferry.admin.jobs.AddPairsViewModel;
import io.mailferry.admin.jobs.JobScheduleView;
import io.mailferry.admin.jobs.JobScheduleViewModel;
import io.mailferry.admin.jobs.JobsView;
import io.mailferry.admin.jobs.JobsViewModel;
import io.mailferry.admin.reports.ReportsView;
import io.mailferry.admin.reports.ReportsViewModel;
import io.mailferry.admin.ui.Focus;
import io.mailferry.admin.ui.Poller;
import io.mailferry.admin.ui.Theme;
import io.mailferry.admin.wizard.ConnectionWizardView;
import io.mailferry.admin.wizard.ConnectionWizardViewModel;
import io.mailferry.admin.wizard.ImapConnectionView;
import io.mailferry.admin.wizard.ExchangeConnectionView;
import io.mailferry.admin.wizard.GmailConnectionView;
import io.mailferry.admin.wizard.Microsoft365ConnectionView;
import io.mailferry.admin.wizard.JobWizardView;
import io.mailferry.admin.wizard.JobWizardViewModel;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;

/**
 * The main window: header, the Dashboard / Jobs / Reports tabs, and the status bar with the service's state. Opens
 * the wizards as modal windows and polls the service while it is connected (Ctrl+1..3 switch tabs, F5 refreshes).
 * While it is not, the tabs are disabled and their live figures marked as last known (see {@code Connectivity}).
 */
public final class ShellView extends BorderPane {

    private final ViewModels models;
    private final ShellViewModel shell;
    private final DashboardViewModel dashboard;
    private final JobsViewModel jobs;
    private final ReportsViewModel reports;
    private final TabPane tabs = new TabPane();
    private final Tab dashboardTab;
    private final Tab jobsTab;
    private final Tab reportsTab;

    public ShellView(ViewModels models) {
        this.models = models;
        this.shell = models.shell();
        this.dashboard = models.dashboard();
        this.jobs = models.jobs();
        this.reports = models.reports();
        setId("shell");

        dashboardTab = tab("_Dashboard", "dashboardTab", new DashboardView(dashboard, this::openConnectionWizard,
                this::openAlertSettings));
        jobsTab = tab("_Jobs", "jobsTab", new JobsView(jobs, this::openJobWizard, this::openAddPairs,
                this::openSchedule));
        reportsTab = tab("_Reports", "reportsTab", new ReportsView(reports));
        tabs.getTabs().addAll(dashboardTab, jobsTab, reportsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        jobs.setReportOpener(r -> {
            tabs.getSelectionModel().select(reportsTab);
            reports.open(r);
        });

        setTop(header());
        setCenter(new VBox(notRunningBanner(), tabs));
        VBox.setVgrow(tabs, Priority.ALWAYS);
        setBottom(statusBar());

        Poller live = new Poller(Duration.millis(models.polling().live().toMillis()), this::refreshVisible);
        Poller health = new Poller(Duration.millis(models.polling().health().toMillis()), shell::check);
        // The tabs follow the shell: disabled and marked "last known" while the service is away, reloaded when back.
        dashboard.connected().bind(shell.connected());
        jobs.connected().bind(shell.connected());
        reports.connected().bind(shell.connected());
        shell.connected().addListener((o, was, now) -> {
            if (now) {
                live.start();
            } else {
                live.stop();
            }
        });
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> refreshVisible());
        health.start();
        shell.check();
    }

    private void refreshVisible() {
        if (!shell.connected().get()) {
            return;
        }
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == dashboardTab) {
            dashboard.refresh();
        } else if (t == jobsTab) {
            jobs.refresh();
        }
    }

    private static Tab tab(String text, String id, javafx.scene.Node content) {
        Tab t = new Tab(text.replace("_", ""), content);
        t.setId(id);
        return t;
    }

    private HBox header() {
        Label name = new Label("Mailferry");
        name.getStyleClass().add("page-title");
        Label sub = new Label("Administration Panel");
        sub.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("darkToggle");
        dark.getStyleClass().add("small");
        dark.setFocusTraversable(false);
        dark.setOnAction(e -> Theme.toggleDark(getScene()));
        HBox h = new HBox(10, name, sub, gap, dark);
        h.setAlignment(Pos.BASELINE_LEFT);
        h.setPadding(new Insets(10, 16, 8, 16));
        return h;
    }

    private HBox notRunningBanner() {
        Label text = new Label();
        text.setId("notRunningText");
        text.textProperty().bind(shell.problem());
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button start = new Button("_Start the service");
        start.setId("startServiceBanner");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(shell.starting());
        start.setOnAction(e -> shell.startService());
        HBox banner = new HBox(12, text, start);
        banner.getStyleClass().add("info-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(shell.connected().not());
        banner.managedProperty().bind(banner.visibleProperty());
        VBox.setMargin(banner, new Insets(0, 16, 8, 16));
        return banner;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(shell.status());
        Button start = new Button("Start");
        start.setId("startService");
        start.getStyleClass().add("small");
        start.visibleProperty().bind(shell.canStart());
        start.managedProperty().bind(start.visibleProperty());
        start.setOnAction(e -> shell.startService());
        bar.getRightItems().add(start);
        bar.progressProperty().bind(javafx.beans.binding.Bindings.when(shell.starting()).then(-1.0).otherwise(0.0));
        return bar;
    }

    /** Keyboard: Ctrl+1..3 choose a tab and move the focus into it, F5 refreshes the visible one. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN),
                () -> showTab(dashboardTab));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN),
                () -> showTab(jobsTab));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN),
                () -> showTab(reportsTab));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> {
            dashboard.load();
            jobs.load();
        });
    }

    /** Shows {@code tab} and moves the keyboard into it (its first field or control), as Ctrl+1..3 do. */
    private void showTab(Tab tab) {
        if (tab.isDisabled()) {
            return;
        }
        tabs.getSelectionModel().select(tab);
        Focus.into(tab.getContent());
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Opens the connection wizard (a new connection when {@code existing} is null). */
    public void openConnectionWizard(ConnectionRole role, Connection existing) {
        ConnectionWizardViewModel vm = models.connectionWizard(role, existing);
        Stage stage = dialog(vm.title());
        ConnectionWizardView view = new ConnectionWizardView(vm, List.of(new ImapConnectionView(),
                new Microsoft365ConnectionView(), new GmailConnectionView(), new ExchangeConnectionView()), saved -> {
            stage.close();
            dashboard.load();
        }, stage::close);
        stage.setOnHidden(e -> vm.closed()); // a Gmail sign-in still waiting stops listening
        show(stage, view, 980, 660);
    }

    public void openJobWizard() {
        JobWizardViewModel vm = models.jobWizard();
        Stage stage = dialog("New migration job");
        JobWizardView view = new JobWizardView(vm, job -> {
            stage.close();
            tabs.getSelectionModel().select(jobsTab);
            jobs.select(job.id());
        }, stage::close);
        vm.load();
        show(stage, view, 1180, 740);
    }

    /** Opens the alert mail settings. */
    public void openAlertSettings() {
        AlertSettingsViewModel vm = models.alertSettings();
        Stage stage = dialog("Alert mail");
        vm.load();
        show(stage, new AlertSettingsView(vm, closeAskingFirst(stage, vm::edited)), 760, 720);
    }

    /** Opens the dialog that adds mailboxes to a job; the grid reloads after an addition. */
    public void openAddPairs(AddPairsViewModel vm) {
        Stage stage = dialog(vm.title());
        Runnable cancel = closeAskingFirst(stage, () -> !vm.lines().get().isBlank());
        AddPairsView view = new AddPairsView(vm, added -> {
            stage.close();
            jobs.load();
        }, cancel);
        show(stage, view, 720, 500);
    }

    /**
     * Cancel, Escape and the window's close button ask before dropping what the admin typed while {@code hasInput}
     * says there is some (as the wizards do); the returned action is the dialog's Cancel.
     */
    private static Runnable closeAskingFirst(Stage stage, java.util.function.BooleanSupplier hasInput) {
        java.util.function.BooleanSupplier mayClose = () -> !hasInput.getAsBoolean()
                || io.mailferry.admin.ui.Confirm.ask(stage.getScene().getRoot(), "Close without saving?",
                        "What you entered has not been saved and will be lost.", "Discard");
        stage.setOnCloseRequest(e -> {
            if (!mayClose.getAsBoolean()) {
                e.consume();
            }
        });
        return () -> {
            if (mayClose.getAsBoolean()) {
                stage.close();
            }
        };
    }

    /** Opens the schedule dialog of a job; the grid reloads after a save or removal (its next run changed). */
    public void openSchedule(JobScheduleViewModel vm) {
        Stage stage = dialog(vm.title());
        JobScheduleView view = new JobScheduleView(vm, jobs::load, closeAskingFirst(stage, vm::edited));
        vm.load();
        show(stage, view, 720, 560);
    }

    private Stage dialog(String title) {
        Stage stage = new Stage();
        stage.setTitle(title + " — Mailferry");
        Window owner = getScene() == null ? null : getScene().getWindow();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        return stage;
    }

    private static void show(Stage stage, Parent view, double width, double height) {
        Scene scene = new Scene(view, width, height);
        Theme.apply(scene);
        stage.setScene(scene);
        stage.show();
    }
}
