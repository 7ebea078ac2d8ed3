package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The write timeouts' watchdog as Angus's {@code TimeoutOutputStream} uses it: schedule before a write, cancel after
 * it; a deadline left standing runs its task (which closes the socket's stream) and reports what it returned.
 */
class WriteDeadlinesTest {
    /** A tick of 20 ms; asleep for an hour while idle, unless a deadline wakes it. */
    private final WriteDeadlines deadlines = new WriteDeadlines(20, TimeUnit.HOURS.toMillis(1), "write-deadlines-test");

    @Test
    void aDeadlineNobodyCancelsShouldRunItsTaskOnceAndGiveItsResult() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);

        ScheduledFuture<String> f = deadlines.schedule(() -> {
            runs.incrementAndGet();
            ran.countDown();
            return "Write timed out";
        }, 50, TimeUnit.MILLISECONDS);

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("Write timed out");
        assertThat(f.isDone()).isTrue();
        assertThat(f.cancel(true)).as("too late: the write learns that the timeout closed its stream").isFalse();
        Thread.sleep(100);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void aCancelledDeadlineShouldNeverRunAndLeaveNothingBehind() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        ScheduledFuture<Integer> f = deadlines.schedule(runs::incrementAndGet, 1, TimeUnit.HOURS);
        assertThat(f.cancel(true)).isTrue();

        assertThat(f.isCancelled()).isTrue();
        assertThat(f.isDone()).isTrue();
        assertThat(f.cancel(true)).as("cancelled once").isFalse();
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(deadlines.pending()).isZero();
        assertThat(runs.get()).isZero();
    }

    @Test
    void aDeadlineAfterAnIdleSpellShouldWakeTheWatchdog() throws Exception {
        deadlines.schedule(() -> 1, 1, TimeUnit.HOURS).cancel(true);
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!deadlines.idle() && System.nanoTime() < giveUp) { // it finds nothing to watch: asleep for an hour
            Thread.sleep(5);
        }
        assertThat(deadlines.idle()).as("the watchdog went to sleep with nothing pending").isTrue();
        CountDownLatch ran = new CountDownLatch(1);

        deadlines.schedule(() -> {
            ran.countDown();
            return null;
        }, 10, TimeUnit.MILLISECONDS);

        // asleep for an hour: this fails (after a minute, not a timing) when scheduling does not wake it
        assertThat(ran.await(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void aTaskThatFailsShouldReportItAndTheWatchdogShouldGoOn() throws Exception {
        ScheduledFuture<String> broken = deadlines.schedule(() -> {
            throw new IllegalStateException("stream already gone");
        }, 10, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> broken.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("stream already gone");

        ScheduledFuture<String> next = deadlines.schedule(() -> "next", 10, TimeUnit.MILLISECONDS);
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void onlyDeadlinesThatArePastDueShouldRun() throws Exception {
        AtomicInteger later = new AtomicInteger();
        ScheduledFuture<Integer> far = deadlines.schedule(later::incrementAndGet, 1, TimeUnit.HOURS);
        ScheduledFuture<String> near = deadlines.schedule(() -> "near", 10, TimeUnit.MILLISECONDS);

        assertThat(near.get(10, TimeUnit.SECONDS)).isEqualTo("near");
        assertThat(later.get()).isZero();
        assertThat(far.isDone()).isFalse();
        assertThat(far.getDelay(TimeUnit.MINUTES)).isBetween(58L, 60L);
        assertThat(deadlines.pending()).isEqualTo(1);
        assertThat(far.cancel(true)).isTrue();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void theSharedOneShouldRefuseToBeShutDownOrRepeated() {
        assertThatThrownBy(() -> WriteDeadlines.shared().shutdownNow()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> WriteDeadlines.shared().scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(WriteDeadlines.shared().isShutdown()).isFalse();
    }
}
