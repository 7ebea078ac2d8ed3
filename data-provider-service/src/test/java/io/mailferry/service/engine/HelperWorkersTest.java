package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While many passes run at once on a fast link, an automatic pass copies over one connection per server, and a pass
 * left running as the others end opens its second then (ADR 0041). The other passes are real passes of the same
 * engine, held at their first login until the test lets them go. The engine's waiting helpers look again only when
 * woken (their timer is a minute): a pass that finishes well within the test's deadline proves that the end of its
 * own work, and the end of the other passes, wake them.
 */
class HelperWorkersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final EngineFixture f = new EngineFixture();
    private final MigrationEngine engine = new MigrationEngine(f.ledger, f.checkpoints, f.settings,
            new RunningPasses(TimeUnit.MINUTES.toMillis(1)), new CopyTurns());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch othersAtLogin = new CountDownLatch(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Future<MailboxOutcome>> others = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("the other passes ended").isTrue();
    }

    @Test
    void manyPassesAtOnceShouldEachCopyOverOneConnectionPerServer() throws Exception {
        sixFolders();
        startTwoOtherPasses();

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> run(EngineFixture.options()));

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).as("three passes running: no helper").isEqualTo(1);
        assertThat(f.target.opens()).isEqualTo(1);
        othersShouldEnd();
    }

    @Test
    void anAdminsNumberShouldBeOpenedHoweverManyPassesRun() throws Exception {
        sixFolders();
        startTwoOtherPasses();
        f.holdFirstAppendUntilOpened(2);

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> run(EngineFixture.workers(2)));

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).isEqualTo(2);
        assertThat(f.target.opens()).isEqualTo(2);
        othersShouldEnd();
    }

    @Test
    void aSlowLinkShouldKeepItsHelpersHoweverManyPassesRun() throws Exception {
        sixFolders();
        f.source.latency(20); // a round trip of 20 ms: a slow link (BatchScale.SLOW_MILLIS)
        startTwoOtherPasses();
        f.holdFirstAppendUntilOpened(WorkerCount.FAST);

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> run(EngineFixture.options()));

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).as("three passes, one helper").isEqualTo(WorkerCount.FAST);
        othersShouldEnd();
    }

    @Test
    void aPauseOfTheMachineShouldNotPassForASlowLinkOnceAFastRoundTripToTheSameServersWasMeasured() throws Exception {
        sixFolders();
        startTwoOtherPasses("list"); // held after their round trips (no delay) were measured
        f.source.latency(20); // this pass's round trip is slow: as a busy machine's would be on loopback

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> run(EngineFixture.options()));

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).as("three passes on a link known to be fast: no helper").isEqualTo(1);
        assertThat(f.target.opens()).isEqualTo(1);
        othersShouldEnd();
    }

    @Test
    void aPassLeftRunningShouldOpenItsHelperWhenTheOthersEnd() throws Exception {
        sixFolders();
        startTwoOtherPasses();
        CountDownLatch helperOpened = new CountDownLatch(1);
        AtomicBoolean joined = new AtomicBoolean();
        AtomicBoolean first = new AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("open") && f.source.opens() == 2) {
                helperOpened.countDown();
            } else if (point.equals("fetch") && first.compareAndSet(true, false)) {
                // the pass copies its first folder over its only connection; now the other two end
                release.countDown();
                joined.set(othersEnded() && EngineFixture.awaited(helperOpened));
            }
        });

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> run(EngineFixture.options()));

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(joined).as("the helper opened its connections while the first folder was copied").isTrue();
        assertThat(f.source.opens()).isEqualTo(2);
        assertThat(f.target.opens()).isEqualTo(2);
    }

    private MailboxOutcome run(JobOptions options) {
        return engine.run(f.task(options), f.listener(), new StopSignal());
    }

    private void sixFolders() {
        for (int i = 0; i < 6; i++) {
            f.source.addFolder("F" + i);
            f.addMessage("F" + i, "f" + i);
        }
    }

    /** Two passes of other mailboxes on the same engine, each held at its first login until {@link #release}. */
    private void startTwoOtherPasses() {
        startTwoOtherPasses("open");
    }

    /**
     * Two passes of other mailboxes on the same engine (their servers the same fakes' as this test's, by name), each
     * held at its first {@code holdAt} until {@link #release}.
     */
    private void startTwoOtherPasses(String holdAt) {
        for (int n = 2; n <= 3; n++) {
            EngineFixture g = new EngineFixture();
            g.addMessage("INBOX", "other" + n);
            AtomicBoolean held = new AtomicBoolean();
            g.source.hook((point, folder) -> {
                if (point.equals(holdAt) && held.compareAndSet(false, true)) {
                    othersAtLogin.countDown();
                    try {
                        release.await(1, TimeUnit.MINUTES); // longer than the deadline: only the test lets them go
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            MailboxTask task = new MailboxTask("pair-" + n, new FakeAccess(g.source),
                    new MailboxAccess.Login("u" + n + "@old", "u" + n, null), new FakeAccess(g.target),
                    new MailboxAccess.Login("u" + n + "@new", "u" + n, null), JobOptions.defaults(), RunKind.FULL,
                    "u" + n + "@old", "u" + n + "@new", null);
            others.add(threads.submit(() -> engine.run(task, g.listener(), new StopSignal())));
        }
        assertThat(EngineFixture.awaited(othersAtLogin)).as("the other passes began").isTrue();
    }

    private void othersShouldEnd() throws Exception {
        release.countDown();
        for (Future<MailboxOutcome> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS).report().verdict())
                    .isEqualTo("The 1 source item is on the target.");
        }
    }

    /** Lets the other passes go and waits for their end; false when one did not end or failed. */
    private boolean othersEnded() {
        try {
            othersShouldEnd();
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }
}
