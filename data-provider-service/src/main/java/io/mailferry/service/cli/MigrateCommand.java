package io.mailferry.service.cli;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.service.LocalMigration;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailferry migrate}: a whole migration in this process, without a display and without HTTP, with the
 * service's engine and SQLite ledger in the data directory. The same source, target and mailboxes again = a delta on
 * the same job; a run killed at any moment resumes exactly when started again. Like imapsync, it exits 0 only when
 * verification finds every selected source item on the target.
 */
@Command(name = "migrate", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        description = {"Migrates one mailbox (--source-user/--target-user) or many (--csv) from an IMAP server to "
                + "another, then verifies item by item.",
            "Running it again with the same data directory, servers and mailboxes copies only what is new (delta); "
                + "a run that was killed resumes where it stopped.",
            "Passwords are read from an environment variable or a file, never from the command line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verified: every selected source item is on the target",
            "1:items are missing, skipped or failed (the report says which and why)",
            "2:invalid command line, unreadable file or bad CSV",
            "3:the source or the target could not be reached or refused the login",
            "4:Mailferry could not write to its data directory or temporary files (a full or read-only disk)",
            "5:the license refused the pass: the trial is over, the key expired, or no seat is free (nothing ran)"})
public final class MigrateCommand implements Callable<Integer> {
    static final int VERIFIED = 0;
    static final int ITEMS_MISSING = 1;
    static final int BAD_ARGUMENTS = 2;
    static final int UNREACHABLE = 3;
    static final int STORE_FAILED = 4;
    static final int LICENSE_REFUSED = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Mixin
    @OptionSection(heading = "%nSource IMAP server:%n", order = 1)
    Source source = new Source();

    @Mixin
    @OptionSection(heading = "%nTarget IMAP server:%n", order = 2)
    Target target = new Target();

    @Mixin
    @OptionSection(heading = "%nMailboxes:%n", order = 3)
    Mailboxes mailboxes = new Mailboxes();

    @Mixin
    JobOptionsMixin jobOptions = new JobOptionsMixin();

    @Mixin
    @OptionSection(heading = "%nOutput:%n", order = 6)
    Output output = new Output();

    /** Environment for --*-password-env (tests replace it). */
    Map<String, String> env = System.getenv();

    static final class Source {
        @Option(names = "--source-host", paramLabel = "HOST", description = "Source IMAP server name or address.")
        String host;
        @Option(names = "--source-port", paramLabel = "PORT", description = "Default: 993 with tls, else 143.")
        Integer port;
        @Option(names = "--source-security", paramLabel = "none|starttls|tls", description = "Default: tls.")
        String security;
        @Option(names = "--source-auth", paramLabel = "password|master", description = {"password (default): each "
                + "mailbox logs in with its own user and password.", "master: --source-user is an admin/master account "
                + "that opens every mailbox of --csv (Dovecot: <mailbox>*<admin>) with its password."})
        String auth;
        @Option(names = "--source-master-separator", paramLabel = "SEP",
                description = "Between the mailbox and the admin account in a master login. Default: *.")
        String masterSeparator;
        @Option(names = "--source-user", paramLabel = "USER",
                description = "Source login (single mailbox), or the admin account with --source-auth master.")
        String user;
        @Option(names = "--source-password-env", paramLabel = "VAR",
                description = "Environment variable holding the source password.")
        String passwordEnv;
        @Option(names = "--source-password-file", paramLabel = "FILE",
                description = "File holding the source password.")
        Path passwordFile;
        @Option(names = "--source-trust-cert", paramLabel = "PEM",
                description = "PEM certificate to trust for the source (self-signed servers).")
        Path trustCert;

        SideOptions side() {
            return new SideOptions(ConnectionRole.SOURCE, host, port, security, auth, masterSeparator, user,
                    passwordEnv, passwordFile, trustCert);
        }
    }

    static final class Target {
        @Option(names = "--target-host", paramLabel = "HOST", description = "Target IMAP server name or address.")
        String host;
        @Option(names = "--target-port", paramLabel = "PORT", description = "Default: 993 with tls, else 143.")
        Integer port;
        @Option(names = "--target-security", paramLabel = "none|starttls|tls", description = "Default: tls.")
        String security;
        @Option(names = "--target-auth", paramLabel = "password|master", description = {"password (default): each "
                + "mailbox logs in with its own user and password.", "master: --target-user is an admin/master account "
                + "that opens every mailbox of --csv (Dovecot: <mailbox>*<admin>) with its password."})
        String auth;
        @Option(names = "--target-master-separator", paramLabel = "SEP",
                description = "Between the mailbox and the admin account in a master login. Default: *.")
        String masterSeparator;
        @Option(names = "--target-user", paramLabel = "USER",
                description = "Target login (single mailbox), or the admin account with --target-auth master.")
        String user;
        @Option(names = "--target-password-env", paramLabel = "VAR",
                description = "Environment variable holding the target password.")
        String passwordEnv;
        @Option(names = "--target-password-file", paramLabel = "FILE",
                description = "File holding the target password.")
        Path passwordFile;
        @Option(names = "--target-trust-cert", paramLabel = "PEM",
                description = "PEM certificate to trust for the target (self-signed servers).")
        Path trustCert;

        SideOptions side() {
            return new SideOptions(ConnectionRole.TARGET, host, port, security, auth, masterSeparator, user,
                    passwordEnv, passwordFile, trustCert);
        }
    }

    static final class Mailboxes {
        @Option(names = "--csv", paramLabel = "FILE", description = {"Mailbox pairs instead of --source-user/"
                + "--target-user: Microsoft's IMAP migration file (EmailAddress,UserName,Password[,UserRoot]) or the "
                + "pairs layout (SourceMailbox,TargetMailbox[,SourceUser,SourcePassword,TargetUser,TargetPassword,"
                + "SourceRoot]). UserRoot/SourceRoot (e.g. /users/anna) migrates only that source folder's subtree, "
                + "as if it were the whole mailbox.",
            "Logins per side: with --*-auth master every pair opens its mailbox through the admin account; else a "
                + "pair uses its own user and password from the file, and a pair without them logs in as its mailbox "
                + "name with the --source-/--target- password.",
            "Running it again follows the file: corrected logins and targets apply (a target cannot change once "
                + "items went to the old one), and only the mailboxes in the file run."})
        Path csv;
    }

    static final class Output {
        @Option(names = "--report", paramLabel = "DIR", description = "Write the job report and one report per "
                + "mailbox as CSV and HTML into DIR.")
        Path reportDir;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean csvMode = mailboxes.csv != null;
        SideOptions src = source.side();
        SideOptions tgt = target.side();
        ConnectionRequest sourceConnection = src.connection(!csvMode, env);
        ConnectionRequest targetConnection = tgt.connection(!csvMode, env);
        JobOptions options = jobOptions.toJobOptions();
        List<MailboxPairRequest> pairs = csvMode ? PairsFile.pairs(mailboxes.csv)
                : List.of(MailboxPairRequest.of(src.user(), tgt.user()));
        // one job per source and target server (and file): a corrected --target-user or target column changes the
        // job's pair instead of starting a second job that copies the same mailbox again
        String key = "migrate " + src.identity(sourceConnection)
                + (csvMode ? " csv:" + mailboxes.csv.toAbsolutePath().normalize() + " -> "
                        + tgt.identity(targetConnection) : " -> " + tgt.server(targetConnection));

        try {
            LocalMigration.check(sourceConnection, targetConnection); // before either side is contacted
            LocalMigration.check(options, pairs); // before any login or write
        } catch (IllegalArgumentException e) {
            throw SideOptions.usage(e.getMessage());
        }
        List<ConnectionRequest> tested = csvMode
                ? List.of(ReachCheck.of(sourceConnection, pairs.get(0), true),
                        ReachCheck.of(targetConnection, pairs.get(0), false))
                : List.of(sourceConnection, targetConnection);
        // a master user logs in for the first pair's mailbox, as its pass will (and leaves the session to it)
        MailboxPairRequest first = pairs.get(0);
        List<MailboxAccess.Login> as = List.of(
                new MailboxAccess.Login(first.sourceMailbox(), first.sourceUser(), first.sourcePassword()),
                new MailboxAccess.Login(first.targetMailbox(), first.targetUser(), first.targetPassword()));
        // both sides are tested (connect, TLS, login: round trips) while the data directory's database opens, each on
        // a daemon thread of its own: a database that fails to open ends the command without waiting for them
        List<CompletableFuture<ConnectionTestResult>> tests = new ArrayList<>();
        try (LocalMigration migration = open(() -> {
            for (int i = 0; i < tested.size(); i++) {
                ConnectionRequest side = tested.get(i);
                MailboxAccess.Login login = as.get(i); // used by master-user sides only (a CSV run's)
                tests.add(CompletableFuture.supplyAsync(() -> LocalMigration.test(side, login), MigrateCommand::daemon));
            }
        })) {
            if (tests.size() != tested.size()) {
                throw new IllegalStateException("The connection tests did not start.");
            }
            if (!sidesAnswer(tests, r -> !csvMode || r.failure() != ConnectionFailure.AUTHENTICATION, err)) {
                return UNREACHABLE;
            }
            LocalMigration.Prepared prepared;
            try {
                prepared = migration.prepare(key, name(pairs), sourceConnection, targetConnection, options, pairs);
            } catch (IllegalArgumentException e) {
                throw SideOptions.usage(e.getMessage());
            }
            String jobId = prepared.job().id();
            RunKind kind = prepared.existed() ? RunKind.DELTA : RunKind.FULL;
            out.println((kind == RunKind.DELTA ? "Delta pass" : "First pass") + " of job '" + prepared.job().name()
                    + "' (" + pairs.size() + (pairs.size() == 1 ? " mailbox" : " mailboxes") + "), data in "
                    + dataDir.resolve());
            out.flush();
            GracefulStop stop = new GracefulStop(new GracefulStop.Runner() {
                @Override
                public void requestStop() {
                    migration.stop(jobId);
                }

                @Override
                public boolean awaitIdle(Duration timeout) throws InterruptedException {
                    return migration.awaitIdle(jobId, timeout);
                }
            }, out, GracefulStop.WAIT);
            Thread hook = new Thread(stop, "migrate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                migration.start(prepared, kind);
            } catch (LocalMigration.Refused e) {
                removeHook(hook);
                err.println(e.getMessage());
                return e.byLicense() ? LICENSE_REFUSED : BAD_ARGUMENTS;
            }
            try {
                new ProgressPrinter(out).follow(() -> migration.pairs(prepared),
                        () -> migration.awaitIdle(jobId, Duration.ofSeconds(1)));
            } finally {
                removeHook(hook);
            }
            if (stop.requested()) {
                // the hook prints the last line and the JVM exits with the signal's code once it returns
                return UNREACHABLE;
            }
            JobReport report = migration.report(prepared);
            new ReportPrinter(out).print(report);
            if (output.reportDir != null) {
                out.println("Reports written to " + output.reportDir.toAbsolutePath().normalize() + " ("
                        + migration.writeReports(report, output.reportDir).size() + " files).");
            }
            out.flush();
            return exitCode(report, err);
        }
    }

    /**
     * Waits for the tests of both sides (started together, so two unreachable servers cost one timeout and are both
     * named); false (with each failure's sentence on stderr) when a side failed for a reason that {@code stops} the
     * run. One mailbox: any failure stops it. A CSV run tests each side with the login its first pair uses, and a
     * refused login there only concerns that pair (the others have their own), so only unreachable, TLS or silent
     * servers stop it.
     */
    private static boolean sidesAnswer(List<CompletableFuture<ConnectionTestResult>> tests,
            Predicate<ConnectionTestResult> stops, PrintWriter err) {
        boolean ok = true;
        for (CompletableFuture<ConnectionTestResult> test : tests) {
            ConnectionTestResult result = test.join();
            if (!result.ok() && stops.test(result)) {
                err.println(result.message());
                ok = false;
            }
        }
        return ok;
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "migrate-connection-test");
        thread.setDaemon(true);
        thread.start();
    }

    private LocalMigration open(Runnable beforeDatabase) {
        try {
            return LocalMigration.open(dataDir.resolve(), true, beforeDatabase);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            String disk = FailureText.diskTrouble(e, dataDir.resolve().toString());
            if (disk != null) {
                throw new CliException(STORE_FAILED, disk);
            }
            throw new CliException(BAD_ARGUMENTS, FailureText.plain(e, null)
                    + " Use another --data-dir or stop the service.");
        }
    }

    static int exitCode(JobReport report, PrintWriter err) {
        if (report.mailboxes().stream().anyMatch(m -> m.state() == MailboxState.FAILED)) {
            report.mailboxes().stream().filter(m -> m.state() == MailboxState.FAILED)
                    .forEach(m -> err.println(m.sourceMailbox() + ": " + m.error()));
            return report.mailboxes().stream().anyMatch(m -> FailureText.isDiskTrouble(m.error())) ? STORE_FAILED
                    : UNREACHABLE;
        }
        if (report.verified()) {
            return VERIFIED;
        }
        err.println("Not verified: " + report.verdict());
        return ITEMS_MISSING;
    }

    private static String name(List<MailboxPairRequest> pairs) {
        return pairs.size() == 1 ? pairs.get(0).sourceMailbox() + " -> " + pairs.get(0).targetMailbox()
                : "CLI migration of " + pairs.size() + " mailboxes";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs (or ran) and stops the job gracefully
        }
    }
}
