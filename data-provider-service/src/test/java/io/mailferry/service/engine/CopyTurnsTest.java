package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The turns of the passes over fast links that copy at once ({@link CopyTurns}). */
class CopyTurnsTest {
    @Test
    void noMoreTurnsThanThereAreShouldBeHeldAtOnceAndAClosedTurnShouldGoToTheOneWaiting() throws Exception {
        CopyTurns turns = new CopyTurns(2);
        CopyTurns.Turn a = turns.take(() -> false);
        CopyTurns.Turn b = turns.take(() -> false);
        assertThat(turns.free()).isZero();

        CompletableFuture<CopyTurns.Turn> c = CompletableFuture.supplyAsync(() -> turns.take(() -> false));
        waitUntil(() -> turns.waiting() == 1);
        assertThat(c).isNotDone();

        a.close();
        a.close(); // given back once, however often closed
        CopyTurns.Turn third = c.get(5, TimeUnit.SECONDS);
        assertThat(third).isNotNull();
        assertThat(turns.free()).isZero();
        b.close();
        third.close();
        assertThat(turns.free()).isEqualTo(2);
    }

    @Test
    void aPassAskedToStopWhileItWaitsShouldGetNoTurn() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<CopyTurns.Turn> waiting = CompletableFuture.supplyAsync(() -> turns.take(stop::get));
        waitUntil(() -> turns.waiting() == 1);
        stop.set(true);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(turns.free()).as("the held turn is still held, none was taken").isZero();
        held.close();
        assertThat(turns.free()).isEqualTo(1);
        assertThat(turns.take(() -> true)).as("asked to stop before it waited").isNull();
    }

    @Test
    void aTurnLentWhileAWorkerWaitsShouldGoToTheOneWaitingAndComeBackInItsOrder() throws Exception {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);

        held.lend();
        assertThat(turns.free()).as("lent").isEqualTo(1);
        CopyTurns.Turn other = turns.take(() -> false);
        CompletableFuture<Void> back = CompletableFuture.runAsync(held::reclaim);
        waitUntil(() -> turns.waiting() == 1);
        assertThat(back).as("waits while the other pass copies").isNotDone();

        other.close();
        back.get(5, TimeUnit.SECONDS);
        assertThat(turns.free()).as("held again").isZero();
        held.close();
        assertThat(turns.free()).isEqualTo(1);
    }

    @Test
    void aTurnShouldBeTakenBackOnlyOnceNoWorkerOfThePassWaitsAndNeverAfterItsClose() {
        CopyTurns turns = new CopyTurns(1);
        CopyTurns.Turn held = turns.take(() -> false);

        held.lend();
        held.lend(); // two workers of the pass wait
        assertThat(turns.free()).isEqualTo(1);
        held.reclaim(); // one goes on: the other still waits
        assertThat(turns.free()).isEqualTo(1);
        held.reclaim();
        assertThat(turns.free()).isZero();

        held.lend();
        held.close(); // the copy step ended while a worker waited
        held.reclaim();
        held.close();
        assertThat(turns.free()).as("given back once, not taken again").isEqualTo(1);
    }

    @Test
    void aMachineShouldHaveFourTurnsPerProcessor() {
        assertThat(new CopyTurns().free()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
