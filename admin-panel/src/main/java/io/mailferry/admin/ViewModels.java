package io.mailferry.admin;

import io.mailferry.admin.alerts.AlertSettingsViewModel;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.dashboard.DashboardViewModel;
import io.mailferry.admin.google.GoogleConsent;
import io.mailferry.admin.jobs.JobsViewModel;
import io.mailferry.admin.reports.ReportsViewModel;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.wizard.ConnectionKindSteps;
import io.mailferry.admin.wizard.ConnectionWizardViewModel;
import io.mailferry.admin.wizard.ImapConnectionSteps;
import io.mailferry.admin.wizard.JobWizardViewModel;
import io.mailferry.admin.wizard.ExchangeConnectionSteps;
import io.mailferry.admin.wizard.GmailConnectionSteps;
import io.mailferry.admin.wizard.Microsoft365ConnectionSteps;
import io.mailferry.admin.ui.SecretFile;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes every view model with the one client and runner, so views never touch the client. The connection kinds the
 * wizard offers are registered here: IMAP, Microsoft 365, Gmail and Exchange Server.
 */
public final class ViewModels {

    private final ServiceClient client;
    private final BackgroundRunner runner;
    private final Runnable starter;
    private final List<Supplier<ConnectionKindSteps>> kinds;
    private final Supplier<ConnectionKindSteps> gmail;
    private final Polling polling;

    /**
     * How often the main window asks the service: {@code live} for the visible tab's figures while connected,
     * {@code health} for whether the service is there at all.
     */
    public record Polling(Duration live, Duration health) {
        /** Every 1.5 s for the figures, every 5 s for the service's health. */
        public static final Polling DEFAULT = new Polling(Duration.ofMillis(1500), Duration.ofSeconds(5));
    }

    public ViewModels(ServiceClient client, BackgroundRunner runner, Runnable starter) {
        this(client, runner, starter, GmailConnectionSteps::new, Polling.DEFAULT);
    }

    private ViewModels(ServiceClient client, BackgroundRunner runner, Runnable starter,
            Supplier<ConnectionKindSteps> gmail, Polling polling) {
        this.client = client;
        this.runner = runner;
        this.starter = starter;
        this.gmail = gmail;
        this.polling = polling;
        this.kinds = List.of(ImapConnectionSteps::new, () -> new Microsoft365ConnectionSteps(SecretFile.CAPPED, runner),
                gmail, ExchangeConnectionSteps::new);
    }

    /** The same, with Gmail's sign-in at other endpoints and another browser: for the tests' doubles of Google's. */
    public ViewModels withGoogle(GoogleConsent.Endpoints endpoints, Consumer<URI> browser) {
        return new ViewModels(client, runner, starter,
                () -> new GmailConnectionSteps(endpoints, javafx.application.Platform::runLater, browser), polling);
    }

    /** The same, asking the service at other intervals: for the UI tests, which wait for what a poll brings. */
    public ViewModels withPolling(Polling other) {
        return new ViewModels(client, runner, starter, gmail, other);
    }

    /** How often the main window asks the service. */
    public Polling polling() {
        return polling;
    }

    public ShellViewModel shell() {
        return new ShellViewModel(client, runner, starter);
    }

    public DashboardViewModel dashboard() {
        return new DashboardViewModel(client, runner, Clock.systemUTC());
    }

    public JobsViewModel jobs() {
        return new JobsViewModel(client, runner);
    }

    public ReportsViewModel reports() {
        return new ReportsViewModel(client, runner);
    }

    /** A wizard for a new connection ({@code existing} null) or for editing one. */
    public ConnectionWizardViewModel connectionWizard(ConnectionRole role, Connection existing) {
        return new ConnectionWizardViewModel(client, runner, role, kinds.stream().map(Supplier::get).toList(), existing);
    }

    public AlertSettingsViewModel alertSettings() {
        return new AlertSettingsViewModel(client, runner);
    }

    public JobWizardViewModel jobWizard() {
        return new JobWizardViewModel(client, runner);
    }
}
