package io.mailferry.service;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.AppException;
import io.mailferry.service.app.ConnectionService;
import io.mailferry.service.app.JobService;
import io.mailferry.service.app.csv.PairsCsv;
import io.mailferry.service.app.report.ReportCsv;
import io.mailferry.service.app.report.ReportHtml;
import io.mailferry.service.engine.JobVerdict;
import io.mailferry.service.engine.port.MailboxAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A migration run in this process without the HTTP API (the CLI's {@code migrate}): the service's own
 * {@link ServiceCore} on a data directory, so the same engine, SQLite ledger and runner do the work. A job is found
 * again by a stable key, so running the same migration again is a delta on the same job and ledger. Holds the data
 * directory's lock until closed.
 */
public final class LocalMigration implements AutoCloseable {
    private final ServiceCore core;

    private LocalMigration(ServiceCore core) {
        this.core = core;
    }

    /**
     * Opens the data directory, running {@code beforeDatabase} once it is locked and its log set up, before the
     * database opens (work that needs neither may overlap the opening).
     *
     * @throws IllegalStateException when a service or another run uses the data directory
     */
    public static LocalMigration open(Path dataDir, boolean fileLogging, Runnable beforeDatabase) {
        return new LocalMigration(ServiceMain.openCore(dataDir, fileLogging, beforeDatabase));
    }

    /** A migration over {@code core}, which it closes when closed (tests open the core with their own settings). */
    static LocalMigration over(ServiceCore core) {
        return new LocalMigration(core);
    }

    /** Parses a pairs file (Microsoft IMAP or pairs layout) without storing anything. */
    public static CsvImportResult parsePairs(String text) {
        return new PairsCsv().parse(text);
    }

    /**
     * Checks the options and pairs before any login or write.
     *
     * @throws IllegalArgumentException with the plain sentences when they are invalid
     */
    public static void check(JobOptions options, List<MailboxPairRequest> pairs) {
        List<String> problems = JobService.problems(options, pairs);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
    }

    /**
     * Checks both sides' connection settings (host, port, certificate, ...) without contacting either server.
     *
     * @throws IllegalArgumentException with the plain sentences when they are invalid
     */
    public static void check(ConnectionRequest source, ConnectionRequest target) {
        List<String> problems = new java.util.ArrayList<>(ConnectionService.problems(source));
        problems.addAll(ConnectionService.problems(target));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
    }

    /**
     * Really connects and logs in (the same probe as "test connection"); needs no open data directory, so it may run
     * while one opens. An IMAP side's logged-in session is left for this process's pass to take (ImapSessionShelf): a
     * pass that starts within seconds does not log in again.
     */
    public static ConnectionTestResult test(ConnectionRequest connection) {
        return test(connection, null);
    }

    /** As {@link #test(ConnectionRequest)}, logging in as the pass of {@code mailbox} will (null: as the settings say). */
    public static ConnectionTestResult test(ConnectionRequest connection, MailboxAccess.Login mailbox) {
        return ConnectionService.tester(ServiceMain.handingOverProbes(), java.time.Clock.systemUTC())
                .test(connection, mailbox);
    }

    /**
     * The job with {@code key}, created with its two connections on first use. On later uses its connections and
     * options are brought up to date and its pairs follow {@code pairs}: a new source mailbox is added; an existing
     * one gets the users and passwords of {@code pairs} (its ledger stays); one with another target mailbox is
     * replaced when it has copied nothing yet and refused when it has (its ledger ties those items to the old
     * target). Pairs of the job not in {@code pairs} stay as they are; only the pairs of {@code pairs} run and count.
     *
     * @return the job, whether it existed before (its next pass is then a delta), and the pairs of this run
     * @throws IllegalArgumentException with the plain sentences when the options or pairs are invalid or a target
     *                                  cannot change; nothing is changed then
     */
    public Prepared prepare(String key, String name, ConnectionRequest source, ConnectionRequest target,
            JobOptions options, List<MailboxPairRequest> pairs) {
        try {
            return prepareJob(key, name, source, target, options, pairs);
        } catch (AppException e) {
            throw new IllegalArgumentException(String.join(" ", e.problems()), e);
        }
    }

    private Prepared prepareJob(String key, String name, ConnectionRequest source, ConnectionRequest target,
            JobOptions options, List<MailboxPairRequest> pairs) {
        Optional<Job> existing = core.jobs().findByKey(key);
        if (existing.isEmpty()) {
            Connection s = core.connections().create(source);
            Connection t = core.connections().create(target);
            try {
                Job job = core.jobs().create(new JobRequest(name, s.id(), t.id(), options, pairs), key);
                return new Prepared(job, false, ids(core.jobs().pairs(job.id())));
            } catch (RuntimeException e) {
                core.connections().delete(s.id());
                core.connections().delete(t.id());
                throw e;
            }
        }
        Job job = existing.get();
        List<MailboxPair> storedPairs = core.jobs().pairs(job.id());
        Map<String, MailboxPair> stored = new HashMap<>();
        storedPairs.forEach(p -> stored.put(lower(p.sourceMailbox()), p));
        List<MailboxPairRequest> added = new ArrayList<>();
        List<MailboxPair> replaced = new ArrayList<>();
        // pairs kept as they were, each beside its request (a list: hashing a pair's record costs a no-op's start)
        List<Map.Entry<MailboxPair, MailboxPairRequest>> kept = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (MailboxPairRequest p : pairs) {
            MailboxPair old = stored.get(lower(p.sourceMailbox()));
            if (old == null) {
                added.add(p);
            } else if (lower(old.targetMailbox()).equals(lower(p.targetMailbox()))
                    && Objects.equals(old.sourceRoot(), p.sourceRoot())) {
                kept.add(Map.entry(old, p));
            } else {
                // another target, or another source folder the mailbox lives under (a UserRoot corrected after a pass
                // that found no such folder): taken as given while nothing was copied, else refused with the way out
                long copied = core.ledger().counts(old.id()).values().stream().mapToLong(Long::longValue).sum();
                String items = copied + (copied == 1 ? " item" : " items") + " in its ledger";
                if (copied == 0) {
                    replaced.add(old);
                    added.add(p);
                } else if (!lower(old.targetMailbox()).equals(lower(p.targetMailbox()))) {
                    refused.add(old.sourceMailbox() + " already went to " + old.targetMailbox() + " (" + items
                            + "), so it cannot move to " + p.targetMailbox().strip() + ": put " + old.targetMailbox()
                            + " back, or migrate it to " + p.targetMailbox().strip() + " with another --data-dir.");
                } else {
                    refused.add(old.sourceMailbox() + " was already copied from the source folder " + root(old
                            .sourceRoot()) + " (" + items + "), so it cannot be read from " + root(p.sourceRoot())
                            + " now: put its UserRoot back, or migrate it with another --data-dir.");
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), refused));
        }
        // a run with the same arguments as the last writes nothing here and reads its job and pairs once (a no-op
        // delta's start; issue 10 parts 25 and 26)
        core.connections().updateIfChanged(job.sourceConnectionId(), source);
        core.connections().updateIfChanged(job.targetConnectionId(), target);
        Job current = core.jobs().updateIfChanged(job, new JobRequest(name, job.sourceConnectionId(),
                job.targetConnectionId(), options, List.of()));
        List<Map.Entry<MailboxPair, MailboxPairRequest>> relogged = kept.stream()
                .filter(e -> !sameLogins(e.getKey(), e.getValue())).toList();
        relogged.forEach(e -> core.jobs().updatePairLogins(job.id(), e.getKey().id(), e.getValue()));
        replaced.forEach(old -> core.jobs().deletePair(job.id(), old.id()));
        if (!added.isEmpty()) {
            core.jobs().addPairs(job.id(), added);
        }
        boolean pairsChanged = !relogged.isEmpty() || !replaced.isEmpty() || !added.isEmpty();
        Set<String> wanted = pairs.stream().map(p -> lower(p.sourceMailbox())).collect(Collectors.toSet());
        List<String> run = ids((pairsChanged ? core.jobs().pairs(job.id()) : storedPairs).stream()
                .filter(p -> wanted.contains(lower(p.sourceMailbox()))).toList());
        return new Prepared(pairsChanged ? core.jobs().get(job.id()) : current, true, run);
    }

    /** Whether a pair already has these logins: the same users, and no password (one given is stored anew). */
    private static boolean sameLogins(MailboxPair stored, MailboxPairRequest wanted) {
        return Objects.equals(blankToNull(stored.sourceUser()), blankToNull(wanted.sourceUser()))
                && Objects.equals(blankToNull(stored.targetUser()), blankToNull(wanted.targetUser()))
                && !stored.hasSourcePassword() && !stored.hasTargetPassword()
                && (wanted.sourcePassword() == null || wanted.sourcePassword().isBlank())
                && (wanted.targetPassword() == null || wanted.targetPassword().isBlank());
    }

    /** A UserRoot as the admin wrote it: "/users/anna", or "/" for the whole mailbox. */
    private static String root(String sourceRoot) {
        return "\"/" + (sourceRoot == null ? "" : sourceRoot) + "\"";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String lower(String mailbox) {
        return mailbox.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> ids(List<MailboxPair> pairs) {
        return pairs.stream().map(MailboxPair::id).toList();
    }

    /**
     * A prepared job; {@code existed} = a previous run made it; {@code pairIds} = the pairs this run starts, follows
     * and reports (the job may hold others from earlier runs).
     */
    public record Prepared(Job job, boolean existed, List<String> pairIds) {
        public Prepared {
            pairIds = List.copyOf(pairIds);
        }
    }

    /**
     * Starts a pass of the prepared pairs only.
     *
     * @throws Refused when the pass may not start (the license refuses it: trial over, key expired, no free seat)
     */
    public void start(Prepared prepared, RunKind kind) {
        try {
            core.runner().start(prepared.job().id(), kind, prepared.pairIds());
        } catch (AppException e) {
            throw new Refused(e.getMessage(), e.code().startsWith("license_") || e.code().startsWith("trial_"));
        }
    }

    /** A pass that was refused before anything ran; the message is the plain sentence for the admin. */
    public static final class Refused extends RuntimeException {
        private final boolean byLicense;

        Refused(String message, boolean byLicense) {
            super(message);
            this.byLicense = byLicense;
        }

        /** True when the license refused it (see docs/licensing.md). */
        public boolean byLicense() {
            return byLicense;
        }
    }

    /** Asks the running pairs to stop after their batches in flight (Ctrl-C). */
    public void stop(String jobId) {
        core.runner().stop(jobId, List.of());
    }

    /** Blocks up to {@code timeout}; true once no pair of the job runs. */
    public boolean awaitIdle(String jobId, Duration timeout) throws InterruptedException {
        return core.runner().awaitIdle(jobId, timeout);
    }

    /** The prepared pairs with live progress. */
    public List<MailboxPair> pairs(Prepared prepared) {
        Set<String> ids = Set.copyOf(prepared.pairIds());
        return core.jobs().pairs(prepared.job().id()).stream().filter(p -> ids.contains(p.id())).toList();
    }

    /**
     * The report of this run: the prepared pairs only, with the job's verdict and "verified" computed over them (a
     * pair left in the job from an earlier file neither ran nor counts).
     */
    public JobReport report(Prepared prepared) {
        JobReport all = core.jobs().report(prepared.job().id());
        Set<String> sources = pairs(prepared).stream().map(p -> lower(p.sourceMailbox())).collect(Collectors.toSet());
        List<MailboxReport> mine = all.mailboxes().stream().filter(m -> sources.contains(lower(m.sourceMailbox())))
                .toList();
        if (mine.size() == all.mailboxes().size()) {
            return all;
        }
        boolean verified = !mine.isEmpty() && mine.stream().allMatch(m -> m.state() == MailboxState.COMPLETED);
        return new JobReport(all.jobId(), all.jobName(), all.state(), all.startedAt(), all.endedAt(),
                all.durationMillis(), verified, JobVerdict.of(mine), mine);
    }

    /** Writes the job report and one report per mailbox as CSV and HTML into {@code dir}; returns the files. */
    public List<Path> writeReports(JobReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        ReportCsv csv = new ReportCsv();
        ReportHtml html = new ReportHtml(ZoneId.systemDefault());
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve("job-report.csv"), csv.job(report)));
        files.add(Files.writeString(dir.resolve("job-report.html"), html.job(report)));
        for (MailboxReport m : report.mailboxes()) {
            String base = "mailbox-" + m.sourceMailbox().replaceAll("[^A-Za-z0-9._@-]", "_");
            files.add(Files.writeString(dir.resolve(base + ".csv"), csv.mailbox(m)));
            files.add(Files.writeString(dir.resolve(base + ".html"), html.mailbox(m)));
        }
        return files;
    }

    @Override
    public void close() {
        core.close();
    }
}
