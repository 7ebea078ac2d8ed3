package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import io.mailferry.service.testing.ServiceProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's promise, proven end to end: the real service runs as a separate JVM, is killed with {@code kill -9}
 * at several points of a migration (and of a delta pass), restarted on the same data directory and resumed through
 * its API; afterwards both mailboxes are read over plain IMAP, independently of Mailferry's code, and every source
 * folder's messages (SHA-256 of the full bytes, flags, INTERNALDATE) must be on the target exactly once.
 *
 * <p>The target sits behind a {@link DelayProxy} (a few milliseconds one way, like a server across a LAN) so that a
 * pass takes long enough for the kills to land while batches are in flight; the product is not changed for the test.
 */
class ServiceCrashIT {
    private static final Logger log = LoggerFactory.getLogger(ServiceCrashIT.class);
    private static final long TARGET_DELAY_MS = Long.getLong("mailferry.crash.delayMs", 3);
    /** Moves each kill by 0–100 ms past its point, so runs hit different phases of a batch; logged to replay. */
    private static final long SEED = Long.getLong("mailferry.crash.seed", System.nanoTime());

    /** Where a pass is killed: "as soon as it started", "after the first items", or at a fraction of the items. */
    private record KillPoint(String name, double fraction) {
    }

    /** What a kill hit: items the pass had reported done, messages on the target, PENDING rows left in the ledger. */
    private record Kill(String point, long itemsDone, int onTarget, int pendingRows, long passMillis) {
    }

    @TempDir
    Path dataDir;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapMailboxes imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
    final List<Kill> kills = new ArrayList<>();
    final Random jitter = new Random(SEED);
    ServiceProcess service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
        log.info("kills with seed {} (-Dmailferry.crash.seed={} replays the offsets):", SEED, SEED);
        kills.forEach(k -> log.info("  {}", k));
    }

    @Test
    void serviceKilledAtAnyPointShouldResumeWithoutLossOrDuplicates() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        Map<String, List<Seed>> corpus = CrashCorpus.build(CrashCorpus.mainLayout(), 0, "crash");
        int total = CrashCorpus.count(corpus);
        imap.append(source, dovecot.password(source), corpus);
        Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
        long started = System.nanoTime();

        try (DelayProxy slowTarget = delayedTarget()) {
            service = ServiceProcess.start(dataDir);
            // CREATE_DUPLICATE switches the duplicate check off: only the ledger and its reconciliation stand between
            // a kill and a duplicate (under the default SKIP, the check would hide a reconciliation that failed)
            Ids ids = createJob(source, target, slowTarget.port(), DuplicatePolicy.CREATE_DUPLICATE);
            // the second early kill lands while the resumed pass connects and reconciles the PENDING rows just left
            List<KillPoint> points = List.of(new KillPoint("right after start", -1), new KillPoint("first items", 0),
                    new KillPoint("right after restart", -1), new KillPoint("30%", 0.3), new KillPoint("60%", 0.6),
                    new KillPoint("75%", 0.75));
            for (KillPoint point : points) {
                killDuringPass(ids, "start", point, total, target);
            }
            MailboxReport report = runToEnd(ids, "start");
            log.info("full migration with {} kills took {} ms", kills.size(), millisSince(started));

            assertThat(report.verdict()).isEqualTo(allOnTarget(total));
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
            assertThat(kills).as("a kill must land while items were being copied")
                    .anyMatch(k -> k.onTarget() > 0 && k.onTarget() < total && k.itemsDone() > 0);

            assertThat(runToEnd(ids, "delta").itemsCopied()).as("delta after the crashes").isZero();
            assertThat(runToEnd(ids, "start").itemsCopied()).as("full pass again").isZero();
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
        }
        service.close();
        assertThat(pendingRows()).as("PENDING rows left after the last pass").isZero();
    }

    @Test
    void serviceKilledDuringDeltaShouldCopyEachNewMessageOnce() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 150);
        layout.put("Lists/Dev", 150);
        imap.append(source, dovecot.password(source), CrashCorpus.build(layout, 0, "before"));
        try (DelayProxy slowTarget = delayedTarget()) {
            service = ServiceProcess.start(dataDir);
            Ids ids = createJob(source, target, slowTarget.port(), DuplicatePolicy.SKIP);
            assertThat(runToEnd(ids, "start").itemsCopied()).isEqualTo(300);

            layout.replaceAll((folder, n) -> 300);
            Map<String, List<Seed>> added = CrashCorpus.build(layout, 1000, "after");
            imap.append(source, dovecot.password(source), added);
            Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
            int total = 300 + CrashCorpus.count(added);
            killDuringPass(ids, "delta", new KillPoint("first new items", 300.5 / total), total, target);
            killDuringPass(ids, "delta", new KillPoint("a third of the new items", (300 + 200.0) / total), total,
                    target);

            MailboxReport report = runToEnd(ids, "delta");
            assertThat(report.verdict()).isEqualTo(allOnTarget(total));
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
            assertThat(kills).anyMatch(k -> k.onTarget() > 300 && k.onTarget() < total);
            assertThat(runToEnd(ids, "delta").itemsCopied()).isZero();
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
        }
        service.close();
        assertThat(pendingRows()).isZero();
    }

    /** Starts a pass, kills the service at {@code point}, checks what it left, restarts it and checks the pair. */
    private void killDuringPass(Ids ids, String command, KillPoint point, int total, String target) throws Exception {
        ApiClient api = service.api();
        long passStart = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/" + command, null).status()).isEqualTo(202);
        long done = 0;
        if (point.fraction() >= 0) {
            long threshold = Math.max(1, (long) Math.ceil(point.fraction() * total));
            done = awaitItemsDone(ids, threshold);
            Thread.sleep(jitter.nextInt(100));
        }
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        long passMillis = millisSince(passStart);
        int onTarget = imap.snapshot(target, dovecot.password(target)).values().stream().mapToInt(List::size).sum();
        Kill kill = new Kill(point.name(), done, onTarget, pendingRows(), passMillis);
        kills.add(kill);
        log.info("{} pass killed: {}", command, kill);

        service = ServiceProcess.start(dataDir);
        MailboxPair pair = service.api().get("/api/v1/jobs/" + ids.job + "/pairs/" + ids.pair).as(MailboxPair.class);
        if (pair.state() == MailboxState.COMPLETED && done >= total) {
            return; // the pass had ended before the kill: nothing was interrupted
        }
        assertThat(pair.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(pair.error()).isEqualTo(JobRunner.INTERRUPTED);
        assertThat(service.api().get("/api/v1/jobs/" + ids.job).as(Job.class).state()).isEqualTo(JobState.STOPPED);
    }

    /** Polls the pair until the pass reports {@code threshold} items done (or has ended); returns its items done. */
    private long awaitItemsDone(Ids ids, long threshold) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            MailboxPair pair = service.api().get("/api/v1/jobs/" + ids.job + "/pairs/" + ids.pair)
                    .as(MailboxPair.class);
            long done = pair.progress().itemsDone();
            // a pass whose progress jumped past the point (snapshots come every 250 ms) is killed all the same
            if (done >= threshold || pair.state() == MailboxState.COMPLETED) {
                return done;
            }
            assertThat(pair.state()).as("pair state while waiting for %d items", threshold)
                    .isIn(MailboxState.QUEUED, MailboxState.RUNNING);
            Thread.sleep(5);
        }
        throw new AssertionError("the pass did not reach " + threshold + " items within 60 s:\n"
                + service.logTail(4000));
    }

    private MailboxReport runToEnd(Ids ids, String command) throws InterruptedException {
        ApiClient api = service.api();
        long passStart = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/" + command, null).status()).isEqualTo(202);
        long deadline = passStart + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Job job = api.get("/api/v1/jobs/" + ids.job).as(Job.class);
            if (!List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING).contains(job.state())) {
                assertThat(job.state()).as(job.verdict()).isEqualTo(JobState.COMPLETED);
                MailboxReport report = api.get("/api/v1/jobs/" + ids.job + "/report").as(JobReport.class)
                        .mailboxes().get(0);
                log.info("{} pass to the end: {} ms, {} items copied; {}", command, millisSince(passStart),
                        report.itemsCopied(), report.verdict());
                return report;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + command + " pass did not end within 120 s:\n" + service.logTail(4000));
    }

    /**
     * Every source folder's messages are on the target folder of the same name, as the same multiset of (SHA-256 of
     * the full bytes, flags, INTERNALDATE): nothing lost, nothing twice. Folders only the target has must be empty.
     */
    private static void assertSameMessages(Map<String, List<Stored>> source, Map<String, List<Stored>> target) {
        for (Map.Entry<String, List<Stored>> e : source.entrySet()) {
            List<Stored> copies = target.get(e.getKey());
            assertThat(copies).as("target folder %s", e.getKey()).isNotNull();
            assertThat(copies).as("messages of %s: count", e.getKey()).hasSameSizeAs(e.getValue());
            assertThat(copies.stream().map(Stored::sha256).toList()).as("messages of %s: SHA-256", e.getKey())
                    .isEqualTo(e.getValue().stream().map(Stored::sha256).toList());
            assertThat(copies).as("messages of %s: flags and INTERNALDATE", e.getKey()).isEqualTo(e.getValue());
        }
        target.forEach((folder, messages) -> {
            if (!source.containsKey(folder)) {
                assertThat(messages).as("target-only folder %s", folder).isEmpty();
            }
        });
    }

    private int pendingRows() throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("mailferry.db"));
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM ledger_item WHERE state = 'PENDING'")) {
            return rs.getInt(1);
        }
    }

    private DelayProxy delayedTarget() throws java.io.IOException {
        return new DelayProxy(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), TARGET_DELAY_MS);
    }

    private record Ids(String job, String pair) {
    }

    private Ids createJob(String sourceUser, String targetUser, int targetPort, DuplicatePolicy policy) {
        ApiClient api = service.api();
        Connection s = api.send("POST", "/api/v1/connections",
                connection("Old server", ConnectionRole.SOURCE, dovecot.imapPort(), sourceUser)).as(Connection.class);
        Connection t = api.send("POST", "/api/v1/connections",
                connection("New server", ConnectionRole.TARGET, targetPort, targetUser)).as(Connection.class);
        Job job = api.send("POST", "/api/v1/jobs", new JobRequest("Crash test", s.id(), t.id(),
                new JobOptions(null, null, null, null, null, policy, null, null, null, null),
                List.of(MailboxPairRequest.of(sourceUser, targetUser)))).as(Job.class);
        MailboxPair pair = api.get("/api/v1/jobs/" + job.id() + "/pairs").as(MailboxPair[].class)[0];
        return new Ids(job.id(), pair.id());
    }

    private ConnectionRequest connection(String name, ConnectionRole role, int port, String user) {
        return new ConnectionRequest(name, role, ConnectionKind.IMAP,
                new ImapSettings(dovecot.host(), port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, user, null, null),
                null, null, new Secret(dovecot.password(user)));
    }

    private static String allOnTarget(int total) {
        return String.format(Locale.ROOT, "All %,d source items are on the target.", total);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }
}
