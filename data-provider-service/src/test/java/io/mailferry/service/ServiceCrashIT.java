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
import io.mailferry.service.testing.Await;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExactCopy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import io.mailferry.service.testing.ServiceProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
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
 * <p>The target sits behind a {@link DelayProxy} (a few milliseconds one way, like a server across a LAN). Some kills
 * are timed by the pass's own progress; others are made certain to land mid-append on any machine by the proxy's
 * {@link io.mailferry.service.bench.UpstreamGate}, which forwards part of the pass's bytes and holds the rest until the
 * service is dead. The product is not changed for the test.
 */
class ServiceCrashIT {
    private static final Logger log = LoggerFactory.getLogger(ServiceCrashIT.class);
    private static final long TARGET_DELAY_MS = Long.getLong("mailferry.crash.delayMs", 3);
    /** Moves each kill by 0–100 ms past its point, so runs hit different phases of a batch; logged to replay. */
    private static final long SEED = Long.getLong("mailferry.crash.seed", System.nanoTime());

    /** How a kill point is reached. */
    private enum Trigger {
        /** As soon as the pass was started: the kill lands while it connects, lists or reconciles. */
        AT_START,
        /** Once the pass reports {@code fraction} of all items done, plus 0–100 ms of jitter. */
        ITEMS,
        /**
         * Once the target proxy forwarded {@code fraction} of the bytes still to copy and holds the rest: the kill
         * lands mid-append on any machine, however fast; the held bytes are then dropped with the connections.
         */
        HELD_THEN_DROPPED,
        /**
         * As {@link #HELD_THEN_DROPPED}, but after the kill the held bytes go on to the server: an append the
         * client sent in full completes on the target although the service died before hearing its answer.
         */
        HELD_THEN_DELIVERED
    }

    /** Where a pass is killed. */
    private record KillPoint(String name, Trigger trigger, double fraction) {
        static KillPoint atStart(String name) {
            return new KillPoint(name, Trigger.AT_START, 0);
        }

        static KillPoint items(String name, double fraction) {
            return new KillPoint(name, Trigger.ITEMS, fraction);
        }

        static KillPoint held(String name, Trigger trigger, double fractionOfBytesLeft) {
            return new KillPoint(name, trigger, fractionOfBytesLeft);
        }
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
    DelayProxy proxy;

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
            proxy = slowTarget;
            service = ServiceProcess.startWithoutResume(dataDir);
            // CREATE_DUPLICATE switches the duplicate check off: only the ledger and its reconciliation stand between
            // a kill and a duplicate (under the default SKIP, the check would hide a reconciliation that failed)
            Ids ids = createJob(source, target, slowTarget.port(), DuplicatePolicy.CREATE_DUPLICATE);
            // the held kills come first: they land mid-append however fast the machine is (a fast pass can copy
            // everything between two progress snapshots, so a kill timed by progress may find nothing left to hit);
            // the second early kill lands while the resumed pass connects and reconciles the PENDING rows just left
            List<KillPoint> points = List.of(KillPoint.atStart("right after start"),
                    KillPoint.held("a third of the bytes left, held and dropped", Trigger.HELD_THEN_DROPPED, 0.33),
                    KillPoint.atStart("right after restart"),
                    KillPoint.held("half the bytes left, held and delivered", Trigger.HELD_THEN_DELIVERED, 0.5),
                    KillPoint.items("first items", 0), KillPoint.items("30% of the items", 0.3),
                    KillPoint.items("75% of the items", 0.75));
            for (KillPoint point : points) {
                killDuringPass(ids, "start", point, total, source, target);
            }
            MailboxReport report = runToEnd(ids, "start");
            log.info("full migration with {} kills took {} ms", kills.size(), millisSince(started));

            assertThat(report.verdict()).startsWith(allOnTarget(total));
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
            assertThat(kills).as("a kill must land while items were being copied")
                    .anyMatch(k -> k.onTarget() > 0 && k.onTarget() < total);

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
            proxy = slowTarget;
            service = ServiceProcess.startWithoutResume(dataDir);
            Ids ids = createJob(source, target, slowTarget.port(), DuplicatePolicy.SKIP);
            assertThat(runToEnd(ids, "start").itemsCopied()).isEqualTo(300);

            layout.replaceAll((folder, n) -> 300);
            Map<String, List<Seed>> added = CrashCorpus.build(layout, 1000, "after");
            imap.append(source, dovecot.password(source), added);
            Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
            int total = 300 + CrashCorpus.count(added);
            killDuringPass(ids, "delta", KillPoint.held("a third of the new bytes, held and delivered",
                    Trigger.HELD_THEN_DELIVERED, 0.33), total, source, target);
            killDuringPass(ids, "delta", KillPoint.held("half the bytes left, held and dropped",
                    Trigger.HELD_THEN_DROPPED, 0.5), total, source, target);

            MailboxReport report = runToEnd(ids, "delta");
            assertThat(report.verdict()).startsWith(allOnTarget(total));
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
            assertThat(kills).anyMatch(k -> k.onTarget() > 300 && k.onTarget() < total);
            assertThat(runToEnd(ids, "delta").itemsCopied()).isZero();
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
        }
        service.close();
        assertThat(pendingRows()).isZero();
    }

    @Test
    void killedServiceShouldResumeTheRunningJobByItselfAndSaySo() throws Exception {
        resumeByItselfAfter(true);
    }

    @Test
    void serviceStoppedMidPassShouldResumeTheRunningJobByItselfAndSaySo() throws Exception {
        resumeByItselfAfter(false);
    }

    /** Stops the service mid-pass (kill -9, or SIGTERM: a clean shutdown), starts it again and asks it nothing. */
    private void resumeByItselfAfter(boolean kill) throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 200);
        layout.put("Lists/Dev", 100);
        imap.append(source, dovecot.password(source), CrashCorpus.build(layout, 0, "resume"));
        Map<String, List<Stored>> sourceSnapshot = imap.snapshot(source, dovecot.password(source));
        try (DelayProxy slowTarget = delayedTarget()) {
            proxy = slowTarget;
            service = ServiceProcess.start(dataDir);
            Ids ids = createJob(source, target, slowTarget.port(), DuplicatePolicy.CREATE_DUPLICATE);
            // the proxy holds the pass's traffic after a third of its bytes, so the pass is surely mid-way when the
            // service is killed or told to stop (a pass that ended before would leave nothing to resume); when
            // stopped, the held append is let through while the service shuts down
            slowTarget.gate().arm(bytesLeft(source, target) / 3);
            assertThat(service.api().send("POST", "/api/v1/jobs/" + ids.job + "/start", null).status())
                    .isEqualTo(202);
            long done = awaitHeld(ids);
            if (kill) {
                assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
                slowTarget.dropConnections();
                slowTarget.gate().release();
                // nothing of the dead service may reach the target after its successor started
                assertThat(slowTarget.awaitNoConnections(30_000)).as("the dead service's connections ended").isTrue();
            } else {
                ServiceProcess stopping = service;
                java.util.concurrent.atomic.AtomicReference<Throwable> unseen =
                        new java.util.concurrent.atomic.AtomicReference<>();
                Thread release = new Thread(() -> {
                    try {
                        // the held append goes through only once the shutdown has asked the pass to stop
                        Await.until("the service to log that its shutdown asked the running pair to stop",
                                Duration.ofSeconds(30), () -> stopping.logTail(Integer.MAX_VALUE)
                                        .contains("mailbox pair(s) asked to stop after the items in flight"));
                    } catch (Throwable t) {
                        unseen.set(t);
                    } finally {
                        slowTarget.gate().release();
                    }
                });
                release.start();
                service.close(); // SIGTERM: a clean shutdown
                release.join();
                if (unseen.get() != null) {
                    throw new AssertionError(unseen.get().getMessage() + "\n" + stopping.logTail(4000),
                            unseen.get());
                }
            }
            int onTarget = imap.snapshot(target, dovecot.password(target)).values().stream().mapToInt(List::size)
                    .sum();
            kills.add(new Kill(kill ? "killed, resumed by itself" : "stopped, resumed by itself", done, onTarget,
                    pendingRows(), 0));

            service = ServiceProcess.start(dataDir); // nothing is asked of it: it resumes the job itself
            Job job = awaitEnded(ids);

            assertThat(job.state()).as(job.verdict()).isEqualTo(JobState.COMPLETED);
            assertThat(job.verdict()).isEqualTo("All 300 source items of 1 mailbox are on the target.");
            assertSameMessages(sourceSnapshot, imap.snapshot(target, dovecot.password(target)));
            io.mailferry.model.api.Alert[] alerts = service.api().get("/api/v1/alerts")
                    .as(io.mailferry.model.api.Alert[].class);
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.kind()).isEqualTo("JOBS_RESUMED");
                assertThat(a.message()).startsWith("The service restarted at ")
                        .endsWith(" and resumed 1 mailbox of 1 job that was running when it stopped.");
            });
        }
        service.close();
        assertThat(pendingRows()).isZero();
    }

    /** Polls the job until no pass of it runs any more; returns it. */
    private Job awaitEnded(Ids ids) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Job job = service.api().get("/api/v1/jobs/" + ids.job).as(Job.class);
            if (!List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING, JobState.STOPPED)
                    .contains(job.state())) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the job did not end within 120 s:\n" + service.logTail(4000));
    }

    /** Starts a pass, kills the service at {@code point}, checks what it left, restarts it and checks the pair. */
    private void killDuringPass(Ids ids, String command, KillPoint point, int total, String source, String target)
            throws Exception {
        ApiClient api = service.api();
        boolean held = point.trigger() == Trigger.HELD_THEN_DROPPED || point.trigger() == Trigger.HELD_THEN_DELIVERED;
        if (held) {
            proxy.gate().arm((long) (point.fraction() * bytesLeft(source, target)));
        }
        long passStart = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/" + command, null).status()).isEqualTo(202);
        long done = switch (point.trigger()) {
            case AT_START -> 0;
            case ITEMS -> {
                long threshold = Math.max(1, (long) Math.ceil(point.fraction() * total));
                long reached = awaitItemsDone(ids, threshold);
                Thread.sleep(jitter.nextInt(100));
                yield reached;
            }
            case HELD_THEN_DROPPED, HELD_THEN_DELIVERED -> awaitHeld(ids);
        };
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        if (held) {
            if (point.trigger() == Trigger.HELD_THEN_DROPPED) {
                proxy.dropConnections();
            }
            proxy.gate().release();
            // nothing of the dead service may reach the target after its successor started
            assertThat(proxy.awaitNoConnections(30_000)).as("the dead service's connections ended").isTrue();
        }
        long passMillis = millisSince(passStart);
        int onTarget = imap.snapshot(target, dovecot.password(target)).values().stream().mapToInt(List::size).sum();
        Kill kill = new Kill(point.name(), done, onTarget, pendingRows(), passMillis);
        kills.add(kill);
        log.info("{} pass killed: {}", command, kill);

        service = ServiceProcess.startWithoutResume(dataDir);
        MailboxPair pair = service.api().get("/api/v1/jobs/" + ids.job + "/pairs/" + ids.pair).as(MailboxPair.class);
        if (pair.state() == MailboxState.COMPLETED && !held) {
            return; // a fast machine ended the pass within the jitter before the kill: nothing was interrupted
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

    /** Waits until the target proxy holds the pass's traffic; returns the items the pass reported done by then. */
    private long awaitHeld(Ids ids) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            MailboxPair pair = service.api().get("/api/v1/jobs/" + ids.job + "/pairs/" + ids.pair)
                    .as(MailboxPair.class);
            if (proxy.gate().awaitHeld(20)) {
                return pair.progress().itemsDone();
            }
            assertThat(pair.state()).as("the pass ended before the proxy held its traffic")
                    .isIn(MailboxState.QUEUED, MailboxState.RUNNING);
        }
        throw new AssertionError("the proxy did not hold the pass's traffic within 60 s:\n" + service.logTail(4000));
    }

    /** Bytes of the source's messages not yet on the target (by size; what a pass still has to send). */
    private long bytesLeft(String source, String target) throws jakarta.mail.MessagingException {
        return bytesOf(imap.snapshot(source, dovecot.password(source)))
                - bytesOf(imap.snapshot(target, dovecot.password(target)));
    }

    private static long bytesOf(Map<String, List<Stored>> mailbox) {
        return mailbox.values().stream().flatMap(List::stream).mapToLong(Stored::size).sum();
    }

    private MailboxReport runToEnd(Ids ids, String command) throws InterruptedException {
        ApiClient api = service.api();
        long passStart = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/" + command, null).status()).isEqualTo(202);
        long deadline = passStart + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Job job = api.get("/api/v1/jobs/" + ids.job).as(Job.class);
            if (!List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING).contains(job.state())) {
                if (job.state() != JobState.COMPLETED) { // the service's log says which items and why
                    throw new AssertionError("the " + command + " pass ended " + job.state() + ": " + job.verdict()
                            + "\n" + service.logTail(30_000));
                }
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

    /** Nothing lost, nothing twice, nothing changed (see {@link ExactCopy}). */
    private static void assertSameMessages(Map<String, List<Stored>> source, Map<String, List<Stored>> target) {
        assertThat(ExactCopy.differences(source, target)).as("differences between source and target").isEmpty();
    }

    private int pendingRows() throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("mailferry.db"));
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM ledger_entry WHERE state = 'PENDING'")) {
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
