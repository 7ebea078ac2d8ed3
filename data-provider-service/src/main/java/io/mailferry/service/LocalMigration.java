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
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.AppException;
import io.mailferry.service.app.csv.PairsCsv;
import io.mailferry.service.app.report.ReportCsv;
import io.mailferry.service.app.report.ReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** @throws IllegalStateException when a service or another run uses the data directory */
    public static LocalMigration open(Path dataDir, boolean fileLogging) {
        return new LocalMigration(ServiceMain.openCore(dataDir, fileLogging));
    }

    /** Parses a pairs file (Microsoft IMAP or pairs layout) without storing anything. */
    public static CsvImportResult parsePairs(String text) {
        return new PairsCsv().parse(text);
    }

    /** Really connects and logs in (the same probe as "test connection"). */
    public ConnectionTestResult test(ConnectionRequest connection) {
        return core.connections().test(connection);
    }

    /**
     * The job with {@code key}, created with its two connections on first use; on later uses its connections and
     * options are brought up to date and pairs for new source mailboxes are added (existing pairs and their ledgers
     * stay).
     *
     * @return the job and whether it existed before (its next pass is then a delta)
     * @throws IllegalArgumentException with the plain sentences when the options or pairs are invalid
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
                return new Prepared(core.jobs().create(new JobRequest(name, s.id(), t.id(), options, pairs), key),
                        false);
            } catch (RuntimeException e) {
                core.connections().delete(s.id());
                core.connections().delete(t.id());
                throw e;
            }
        }
        Job job = existing.get();
        core.connections().update(job.sourceConnectionId(), source);
        core.connections().update(job.targetConnectionId(), target);
        core.jobs().update(job.id(), new JobRequest(name, job.sourceConnectionId(), job.targetConnectionId(),
                options, List.of()));
        Set<String> known = core.jobs().pairs(job.id()).stream()
                .map(p -> p.sourceMailbox().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<MailboxPairRequest> added = pairs.stream()
                .filter(p -> !known.contains(p.sourceMailbox().strip().toLowerCase(Locale.ROOT))).toList();
        if (!added.isEmpty()) {
            core.jobs().addPairs(job.id(), added);
        }
        return new Prepared(core.jobs().get(job.id()), true);
    }

    /** A prepared job; {@code existed} = a previous run made it. */
    public record Prepared(Job job, boolean existed) {
    }

    public void start(String jobId, RunKind kind) {
        core.runner().start(jobId, kind, List.of());
    }

    /** Asks the running pairs to stop after their batches in flight (Ctrl-C). */
    public void stop(String jobId) {
        core.runner().stop(jobId, List.of());
    }

    /** Blocks up to {@code timeout}; true once no pair of the job runs. */
    public boolean awaitIdle(String jobId, Duration timeout) throws InterruptedException {
        return core.runner().awaitIdle(jobId, timeout);
    }

    /** The pairs with live progress. */
    public List<MailboxPair> pairs(String jobId) {
        return core.jobs().pairs(jobId);
    }

    public JobReport report(String jobId) {
        return core.jobs().report(jobId);
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
