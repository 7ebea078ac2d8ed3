package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The turns of the passes over fast links that copy at once ({@link CopyTurns}). */
class CopyTurnsTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void noMoreTurnsThanThereAreShouldBeHeldAtOnce() throws Exception {
        CopyTurns turns = new CopyTurns(2);
        CopyTurns.Turn a = turns.take(() -> false);
        CopyTurns.Turn b = turns.take(() -> false);
        assertThat(turns.free()).isZero();

        CompletableFuture<CopyTurns.Turn> c = asking(turns, () -> false);
        assertThat(c).isNotDone();
        a.close();
        a.close(); // given back once, however often closed
        CopyTurns.Turn third = c.get(5, TimeUnit.SECONDS);
        assertThat(turns.free()).isZero();
        b.close();
        third.close();
        assertThat(turns.free()).isEqualTo(2);
    }

    @Test
    void theWaitingShouldGetTheTurnsInTheOrderTheyAsked() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);
        List<CompletableFuture<CopyTurns.Turn>> asked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            asked.add(asking(turns, () -> false));
        }

        for (int i = 0; i < asked.size(); i++) {
            held.close();
            held = asked.get(i).get(5, TimeUnit.SECONDS);
            for (CompletableFuture<CopyTurns.Turn> later : asked.subList(i + 1, asked.size())) {
                assertThat(later).as("asked after the %d. one", i + 1).isNotDone();
            }
        }
        held.close();
        assertThat(turns.free()).isEqualTo(1);
    }

    @Test
    void aPassAskedToStopWhileItWaitsShouldGetNoTurnAndLetTheNextInLineGo() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<CopyTurns.Turn> stopped = asking(turns, stop::get);
        CompletableFuture<CopyTurns.Turn> next = asking(turns, () -> false);
        stop.set(true);

        assertThat(stopped.get(5, TimeUnit.SECONDS)).isNull();
        waitUntil(() -> turns.waiting() == 1);
        held.close();
        next.get(5, TimeUnit.SECONDS).close();
        assertThat(turns.free()).isEqualTo(1);
        assertThat(turns.take(() -> true)).as("asked to stop before it waited").isNull();
    }

    @Test
    void aTurnLentWhileAWorkerWaitsShouldGoToTheOneWaitingAndComeBackAtOnce() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);
        CompletableFuture<CopyTurns.Turn> other = asking(turns, () -> false);

        held.lend();
        CopyTurns.Turn borrowed = other.get(5, TimeUnit.SECONDS);
        held.reclaim(); // never waits: both copy until one ends
        assertThat(turns.free()).isEqualTo(-1);

        borrowed.close();
        assertThat(turns.free()).isZero();
        held.close();
        assertThat(turns.free()).isEqualTo(1);
    }

    @Test
    void aTurnShouldBeLentOnlyToAPassThatWaitsAndOnlyOnceNoWorkerOfItsPassWaits() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);

        held.lend(); // nobody waits: kept
        assertThat(turns.free()).isZero();
        held.reclaim();
        assertThat(turns.free()).isZero();

        CompletableFuture<CopyTurns.Turn> other = asking(turns, () -> false);
        held.lend();
        held.lend(); // two workers of the pass wait
        CopyTurns.Turn borrowed = other.get(5, TimeUnit.SECONDS);
        held.reclaim(); // one goes on: the other still waits
        assertThat(turns.free()).isZero();
        held.reclaim();
        assertThat(turns.free()).isEqualTo(-1);

        held.lend(); // nobody waits now: kept
        held.close(); // the copy step ended while a worker waited
        held.reclaim();
        held.close();
        borrowed.close();
        assertThat(turns.free()).as("each turn given back once").isEqualTo(1);
    }

    @Test
    void aMachineShouldHaveFourTurnsPerProcessor() {
        assertThat(new CopyTurns().free()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * A pass asking for a turn on a thread of its own (not the common pool's, whose few threads the waits would hold),
     * once it waits in line.
     */
    private CompletableFuture<CopyTurns.Turn> asking(CopyTurns turns, BooleanSupplier stop)
            throws InterruptedException {
        int before = turns.waiting();
        CompletableFuture<CopyTurns.Turn> turn = CompletableFuture.supplyAsync(() -> turns.take(stop), threads);
        waitUntil(() -> turns.waiting() == before + 1);
        return turn;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
