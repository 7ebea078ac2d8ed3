package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passes over fast links copy in turns ({@link CopyTurns}): with one turn, a pass that holds it (held at its first
 * fetch) keeps a second pass over a fast link from fetching until it has copied; a pass over a slow link, one whose
 * link cannot be measured, one with nothing to copy and one asked to stop while it waits do not wait for it.
 */
class CopyTurnsEngineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final CopyTurns turns = new CopyTurns(1);
    private final EngineFixture first = new EngineFixture();
    private final EngineFixture second = new EngineFixture();
    private final MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
            first.settings, new RunningPasses(), turns);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch firstCopies = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean secondFetchedWhileFirstHeld = new AtomicBoolean();
    private Future<MailboxOutcome> firstPass;

    @BeforeEach
    void firstPassHoldsTheOnlyTurn() {
        first.addMessage("INBOX", "first");
        AtomicBoolean held = new AtomicBoolean();
        first.source.hook((point, folder) -> {
            if (point.equals("fetch") && held.compareAndSet(false, true)) {
                firstCopies.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES); // longer than the deadline: only the test lets it go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        second.source.hook((point, folder) -> {
            if (point.equals("fetch") && !released.get()) {
                secondFetchedWhileFirstHeld.set(true);
            }
        });
        firstPass = threads.submit(() -> engine.run(task("pair-1", first), first.listener(), new StopSignal()));
        assertThat(EngineFixture.awaited(firstCopies)).as("the first pass copies").isTrue();
        assertThat(turns.free()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        letTheFirstGo();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("the passes ended").isTrue();
    }

    @Test
    void aPassOverAFastLinkShouldCopyOnlyOnceTheTurnIsFree() throws Exception {
        second.addMessage("INBOX", "second");
        Future<MailboxOutcome> secondPass = threads.submit(() -> engine.run(task("pair-2", second),
                second.listener(), new StopSignal()));
        CopyTurnsTest.waitUntil(() -> turns.waiting() == 1);
        assertThat(secondPass).as("waiting for the turn").isNotDone();

        letTheFirstGo();

        assertThat(secondPass.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).report().verdict())
                .isEqualTo("The 1 source item is on the target.");
        assertThat(secondFetchedWhileFirstHeld).as("no fetch while the first held the turn").isFalse();
        assertThat(firstPass.get(10, TimeUnit.SECONDS).report().verdict())
                .isEqualTo("The 1 source item is on the target.");
        assertThat(turns.free()).as("both turns given back").isEqualTo(1);
    }

    @Test
    void aPassOverASlowLinkShouldCopyWithoutATurn() {
        second.addMessage("INBOX", "second");
        second.source.latency(20); // a round trip of 20 ms: a slow link (BatchScale.SLOW_MILLIS)
        // another source server than the first pass's, whose fast round trip would otherwise stand for this link
        MailboxTask overSlowLink = task("pair-2", new FakeAccess(second.source, "far source"), second);

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> engine.run(overSlowLink, second.listener(),
                new StopSignal()));

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(secondFetchedWhileFirstHeld).as("copied while the first held the only turn").isTrue();
    }

    @Test
    void aPassWhoseLinkCannotBeMeasuredShouldCopyWithoutATurn() {
        second.addMessage("INBOX", "second");
        second.source.unmeasured(); // as Graph's and EWS's sessions: no round trip to time
        MailboxTask unmeasured = task("pair-2", new FakeAccess(second.source, "cloud source"), second);

        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> engine.run(unmeasured, second.listener(),
                new StopSignal()));

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(secondFetchedWhileFirstHeld).isTrue();
    }

    @Test
    void aPassWithNothingToCopyShouldNotWaitForATurn() {
        MailboxOutcome out = assertTimeoutPreemptively(DEADLINE, () -> engine.run(task("pair-2", second),
                second.listener(), new StopSignal()));

        assertThat(out.report().state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(turns.free()).as("the first still holds the only turn").isZero();
    }

    @Test
    void aPassAskedToStopWhileItWaitsShouldStopWithNothingCopied() throws Exception {
        second.addMessage("INBOX", "second");
        StopSignal stop = new StopSignal();
        Future<MailboxOutcome> secondPass = threads.submit(() -> engine.run(task("pair-2", second),
                second.listener(), stop));
        CopyTurnsTest.waitUntil(() -> turns.waiting() == 1);

        stop.requestStop();

        MailboxOutcome out = secondPass.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(out.report().state()).isEqualTo(MailboxState.STOPPED);
        assertThat(out.report().verdict()).startsWith("Stopped before the end: 0 items copied in this pass");
        assertThat(second.target.messages("INBOX")).isEmpty();
        assertThat(secondFetchedWhileFirstHeld).isFalse();
        assertThat(turns.free()).as("no turn taken").isZero();
    }

    private void letTheFirstGo() {
        released.set(true);
        release.countDown();
    }

    private static MailboxTask task(String pairId, EngineFixture f) {
        return task(pairId, new FakeAccess(f.source), f);
    }

    private static MailboxTask task(String pairId, MailboxAccess source, EngineFixture f) {
        return new MailboxTask(pairId, source, new MailboxAccess.Login(pairId + "@old", pairId, null),
                new FakeAccess(f.target), new MailboxAccess.Login(pairId + "@new", pairId, null), JobOptions.defaults(),
                RunKind.FULL, pairId + "@old", pairId + "@new", null);
    }
}
