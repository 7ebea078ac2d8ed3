package io.mailferry.service;

import io.mailferry.service.app.ConnectionService;
import io.mailferry.service.app.DashboardService;
import io.mailferry.service.app.DirectoryService;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.app.JobScheduler;
import io.mailferry.service.app.PausedAlerts;
import io.mailferry.service.app.PausedPairs;
import io.mailferry.service.app.JobService;
import io.mailferry.service.app.LicenseService;
import io.mailferry.service.app.ReportService;
import io.mailferry.service.app.alert.AlertService;
import io.mailferry.service.app.license.IssuerKeys;
import io.mailferry.service.connector.smtp.SmtpMailer;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.store.AlertStore;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.JobStore;
import io.mailferry.service.store.LicenseStore;
import io.mailferry.service.store.PairStore;
import io.mailferry.service.store.PassStore;
import io.mailferry.service.store.ReportStore;
import io.mailferry.service.store.ScheduleStore;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.store.SettingStore;
import io.mailferry.service.store.SqliteCheckpoints;
import io.mailferry.service.store.SqliteLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of the service but its HTTP API, built by hand over one data directory: the database, the stores, the
 * engine with the SQLite ledger, and the use cases. The service puts its API on top; the CLI's {@code migrate} uses it
 * directly, so both run the very same code. Opening recovers pairs a crash left running ({@link
 * JobRunner#recoverInterrupted()}); {@link #close()} stops running pairs gracefully, then closes the database.
 */
public final class ServiceCore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceCore.class);
    /**
     * Jakarta Mail looks its stream provider up again for every header block and MIME part it parses, by scanning the
     * class path's service files (in a listing of 20,000 messages, that scan was the largest CPU cost of the pass).
     * Naming the one provider we ship makes the lookup a class-loader hit; an administrator's own setting wins.
     */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Database database;
    private final ConnectionService connections;
    private final JobService jobs;
    private final JobRunner runner;
    private final LicenseService license;
    private final DashboardService dashboard;
    private final ReportService reports;
    private final AlertService alerts;
    private final Ledger ledger;
    private final JobScheduler scheduler;
    private final PausedPairs paused;
    private volatile Runnable onClose = () -> { };

    private ServiceCore(Database database, ConnectionService connections, JobService jobs, JobRunner runner,
            LicenseService license, DashboardService dashboard, ReportService reports, AlertService alerts,
            Ledger ledger, JobScheduler scheduler, PausedPairs paused) {
        this.database = database;
        this.connections = connections;
        this.jobs = jobs;
        this.runner = runner;
        this.license = license;
        this.dashboard = dashboard;
        this.reports = reports;
        this.alerts = alerts;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.paused = paused;
    }

    /** Opens the data directory's database (migrating it) and builds the use cases; the caller holds the lock. */
    static ServiceCore open(Path dataDir, List<ConnectionProbe> probes, List<MailboxAccessProvider> providers) {
        return open(dataDir, probes, providers, EngineSettings.defaults());
    }

    /** As {@link #open(Path, List, List)}, with the engine tuned by {@code settings} (tests shorten its waits). */
    static ServiceCore open(Path dataDir, List<ConnectionProbe> probes, List<MailboxAccessProvider> providers,
            EngineSettings settings) {
        Clock clock = Clock.systemUTC();
        Database database = Database.open(dataDir.resolve(ServiceMain.DATABASE_FILE));
        try {
            SecretCipher cipher = SecretCipher.fromKeyFile(dataDir.resolve(ServiceMain.SECRET_KEY_FILE));
            ConnectionStore connectionStore = new ConnectionStore(database, cipher);
            JobStore jobStore = new JobStore(database);
            PairStore pairStore = new PairStore(database, cipher);
            Ledger ledger = new SqliteLedger(database);
            DirectoryService directories = new DirectoryService(connectionStore, providers);
            LicenseService license = new LicenseService(new SettingStore(database), new LicenseStore(database),
                    IssuerKeys.verifier(dataDir), clock);
            JobRunner runner = new JobRunner(jobStore, pairStore, connectionStore, providers, directories, license,
                    new MigrationEngine(ledger, new SqliteCheckpoints(database), settings),
                    clock);
            runner.recoverInterrupted();
            JobScheduler scheduler = new JobScheduler(jobStore, pairStore, new ScheduleStore(database), runner, clock);
            JobService jobs = new JobService(jobStore, pairStore, connectionStore, runner, clock);
            jobs.nextRunsFrom(scheduler::withNextRun);
            Path store = dataDir.toAbsolutePath();
            return new ServiceCore(database, new ConnectionService(connectionStore, probes, directories, clock),
                    jobs, runner, license,
                    new DashboardService(runner, pairStore, connectionStore,
                            clock.withZone(ZoneId.systemDefault())),
                    new ReportService(jobs, new PassStore(database), new ReportStore(database), clock),
                    new AlertService(new AlertStore(database, cipher), runner, connectionStore, license,
                            () -> Files.getFileStore(store).getUsableSpace(), store.toString(),
                            new SmtpMailer()::send, clock)
                            .pausedFrom(() -> pairStore.paused(null, PausedAlerts.MAX)),
                    ledger, scheduler, new PausedPairs(pairStore, runner, clock, scheduler::mayRunNow));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * The service's background work, once its API answers: the schedules' triggers start firing, and, when
     * {@code resume} is set, the jobs a crash or a shutdown interrupted while they ran start again by themselves (those
     * whose schedule says they may not run now wait for their next activity period); a later shutdown leaves the
     * pairs it stops to resume in the same way. Mailboxes a server's limit paused resume at their time (those whose
     * time passed while the service was down, now).
     */
    void startBackground(boolean resume) {
        // resumed first: a scheduled pass that is due as well then starts when the resumed one ends
        if (resume) {
            runner.resumeAfterClose();
            runner.resumeInterrupted(scheduler::mayRunNow);
        }
        scheduler.start();
        paused.start();
    }

    /** Runs {@code action} after the database is closed (the CLI releases the data directory's lock). */
    ServiceCore onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    public ConnectionService connections() {
        return connections;
    }

    public JobService jobs() {
        return jobs;
    }

    public JobRunner runner() {
        return runner;
    }

    public JobScheduler scheduler() {
        return scheduler;
    }

    /** What each pair has copied, item by item ({@link LocalMigration} asks whether a pair copied anything yet). */
    Ledger ledger() {
        return ledger;
    }

    public LicenseService license() {
        return license;
    }

    public DashboardService dashboard() {
        return dashboard;
    }

    public ReportService reports() {
        return reports;
    }

    public AlertService alerts() {
        return alerts;
    }

    @Override
    public void close() {
        try {
            dashboard.close();
            alerts.close();
            scheduler.close();
            paused.close();
            runner.close();
        } catch (RuntimeException e) {
            log.warn("Stopping the job runner failed: {}", e.getMessage());
        } finally {
            database.close();
            onClose.run();
        }
    }
}
