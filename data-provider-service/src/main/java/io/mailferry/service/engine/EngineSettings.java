package io.mailferry.service.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning of the engine. {@link #defaults()} suits IMAP and Graph; tests shrink pages and batches and replace the
 * sleeper.
 *
 * @param pageSize          items listed per round trip
 * @param batchItems        messages fetched and appended together where the target writes a batch in one exchange
 *                          ({@link io.mailferry.service.engine.port.TargetMailbox#writesBatchesAtOnce}); at most
 *                          {@link #ITEM_BY_ITEM_BATCH} where it writes item by item
 * @param batchBytes        a batch closes once it holds this many bytes when two workers copy a mailbox; with more
 *                          workers each holds less, with one more ({@link #batchBytes(int)}); memory stays flat:
 *                          large bodies spool (from a size each connector sets: 1 MB by default)
 * @param connectionRetries reconnects per operation before the mailbox fails
 * @param throttleBudget    how long servers may keep throttling a pass while no item gets through (time waited as
 *                          they asked, counted from the last item that reached the target): once spent, the pass
 *                          stops (STOPPED, not FAILED) with a sentence saying so; a pass that keeps moving, however
 *                          slowly, is never stopped for throttling
 * @param backoffStart      first wait after a throttle or a dropped connection; doubles each time
 * @param backoffCap        longest wait (a server's Retry-After hint is honoured up to {@code 10 x cap})
 * @param progressInterval  shortest interval between two progress snapshots
 * @param maxIssues         per-item issues kept in a report (counts stay exact beyond it)
 * @param batchScale        the most times the batch bounds grow for a pass over a slow link ({@link BatchScale}); 1:
 *                          never (tests whose batches must not depend on how fast the machine answers)
 */
public record EngineSettings(
        int pageSize,
        int batchItems,
        long batchBytes,
        int connectionRetries,
        Duration throttleBudget,
        Duration backoffStart,
        Duration backoffCap,
        Duration progressInterval,
        int maxIssues,
        Sleeper sleeper,
        Clock clock,
        int batchScale) {

    /**
     * The largest batch for a target that writes item by item (Graph, EWS): its progress moves and a crash leaves at
     * most this many writes to reconcile, while a batch costs no fewer requests when it is larger.
     */
    public static final int ITEM_BY_ITEM_BATCH = 50;

    /** The smallest byte bound of a batch, however many workers copy a mailbox (unless batchBytes is smaller). */
    public static final long MIN_BATCH_BYTES = 1L << 20;

    /**
     * The bytes a batch holds at most when {@code workers} copy one mailbox at once: each worker holds the batch it
     * writes and the one it fetches ahead, so the mailbox's batches in flight stay about {@code 4 x batchBytes}
     * however many workers it has — twice {@code batchBytes} for one worker, half of it for four — and a batch holds
     * at least {@link #MIN_BATCH_BYTES} (or half of {@code batchBytes} when that is smaller).
     */
    public long batchBytes(int workers) {
        return Math.max(Math.min(MIN_BATCH_BYTES, batchBytes / 2), 2 * batchBytes / Math.max(1, workers));
    }

    /** The batch size for a target that writes {@code atOnce} (a batch in one exchange) or not. */
    public int batchItems(boolean atOnce) {
        return atOnce ? batchItems : Math.min(batchItems, ITEM_BY_ITEM_BATCH);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(500, 200, 4L << 20, 3, Duration.ofMinutes(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofMillis(250), 10_000, Sleeper.REAL, Clock.systemUTC(),
                BatchScale.MAX);
    }

    public EngineSettings withSleeper(Sleeper s) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleBudget, backoffStart,
                backoffCap, progressInterval, maxIssues, s, clock, batchScale);
    }

    public EngineSettings withThrottleBudget(Duration budget) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, budget, backoffStart,
                backoffCap, progressInterval, maxIssues, sleeper, clock, batchScale);
    }

    public EngineSettings withProgressInterval(Duration interval) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleBudget, backoffStart,
                backoffCap, interval, maxIssues, sleeper, clock, batchScale);
    }

    /** Waits after a throttle or a dropped connection starting at {@code start}, doubling up to {@code cap}. */
    public EngineSettings withBackoff(Duration start, Duration cap) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleBudget, start, cap,
                progressInterval, maxIssues, sleeper, clock, batchScale);
    }

    /** At most {@code most} items with issues named in a mailbox's report (the counts stay exact). */
    public EngineSettings withMaxIssues(int most) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleBudget, backoffStart,
                backoffCap, progressInterval, most, sleeper, clock, batchScale);
    }

    public EngineSettings withBatchBytes(long newBatchBytes) {
        return new EngineSettings(pageSize, batchItems, newBatchBytes, connectionRetries, throttleBudget,
                backoffStart, backoffCap, progressInterval, maxIssues, sleeper, clock, batchScale);
    }

    public EngineSettings withBatches(int newPageSize, int newBatchItems) {
        return new EngineSettings(newPageSize, newBatchItems, batchBytes, connectionRetries, throttleBudget,
                backoffStart, backoffCap, progressInterval, maxIssues, sleeper, clock, batchScale);
    }

    /** @param most the most times the batch bounds grow over a slow link; 1: never */
    public EngineSettings withBatchScale(int most) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleBudget, backoffStart,
                backoffCap, progressInterval, maxIssues, sleeper, clock, most);
    }
}
