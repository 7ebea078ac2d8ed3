package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pass that waits out a throttling server lends its copy turn ({@link CopyTurns.Turn#lend}): with one turn, a second
 * pass over a fast link, waiting for the turn, copies while the first waits, and the first goes on when its wait ends.
 */
class CopyTurnsThrottleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final CopyTurns turns = new CopyTurns(1);
    private final EngineFixture first = new EngineFixture();
    private final EngineFixture second = new EngineFixture();
    private final CountDownLatch secondDone = new CountDownLatch(1);
    private final AtomicBoolean secondDoneWhileFirstWaited = new AtomicBoolean();
    // the first pass's wait for the throttling server lasts until the second pass has copied (at most 10 s)
    private final MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
            first.settings.withSleeper(d -> secondDoneWhileFirstWaited.set(secondDone.await(10, TimeUnit.SECONDS))),
            new RunningPasses(), turns);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdown();
        assertThat(threads.awaitTermination(15, TimeUnit.SECONDS)).as("the passes ended").isTrue();
    }

    @Test
    void aPassWaitingOutAThrottleShouldLetAnotherCopyMeanwhile() throws Exception {
        first.addMessage("INBOX", "first");
        second.addMessage("INBOX", "second");
        AtomicBoolean throttled = new AtomicBoolean();
        CountDownLatch firstAtFetch = new CountDownLatch(1);
        first.source.hook((point, folder) -> {
            if (point.equals("fetch") && throttled.compareAndSet(false, true)) {
                firstAtFetch.countDown();
                try {
                    CopyTurnsTest.waitUntil(() -> turns.waiting() == 1); // the second pass waits for the turn
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new MailboxException(MailboxException.Kind.THROTTLED, "Source asks to slow down: NO [LIMIT]");
            }
        });
        Future<MailboxOutcome> firstPass = threads.submit(() -> engine.run(task("pair-1", first), first.listener(),
                new StopSignal()));
        assertThat(EngineFixture.awaited(firstAtFetch)).isTrue();

        MailboxOutcome out = threads.submit(() -> engine.run(task("pair-2", second), second.listener(),
                new StopSignal())).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        secondDone.countDown();

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(firstPass.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).report().verdict())
                .startsWith("The 1 source item is on the target.");
        assertThat(secondDoneWhileFirstWaited).as("the second copied while the first waited").isTrue();
        assertThat(turns.free()).as("both turns given back, the lent one taken back").isEqualTo(1);
    }

    private static MailboxTask task(String pairId, EngineFixture f) {
        return new MailboxTask(pairId, new FakeAccess(f.source), new MailboxAccess.Login(pairId + "@old", pairId, null),
                new FakeAccess(f.target), new MailboxAccess.Login(pairId + "@new", pairId, null), JobOptions.defaults(),
                RunKind.FULL, pairId + "@old", pairId + "@new", null);
    }
}
