package io.mailferry.service.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning of the engine. {@link #defaults()} suits IMAP and Graph; tests shrink pages and batches and replace the
 * sleeper.
 *
 * @param pageSize          items listed per round trip
 * @param batchItems        messages fetched and appended together
 * @param batchBytes        a batch closes once it holds this many bytes (memory stays flat: bodies above 1 MB spool)
 * @param connectionRetries reconnects per operation before the mailbox fails
 * @param throttleRetries   consecutive throttled attempts per operation without progress before the mailbox fails
 * @param backoffStart      first wait after a throttle or a dropped connection; doubles each time
 * @param backoffCap        longest wait (a server's Retry-After hint is honoured up to {@code 10 x cap})
 * @param progressInterval  shortest interval between two progress snapshots
 * @param maxIssues         per-item issues kept in a report (counts stay exact beyond it)
 */
public record EngineSettings(
        int pageSize,
        int batchItems,
        long batchBytes,
        int connectionRetries,
        int throttleRetries,
        Duration backoffStart,
        Duration backoffCap,
        Duration progressInterval,
        int maxIssues,
        Sleeper sleeper,
        Clock clock) {

    public static EngineSettings defaults() {
        return new EngineSettings(500, 50, 8L << 20, 3, 12, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMillis(250), 10_000, Sleeper.REAL, Clock.systemUTC());
    }

    public EngineSettings withSleeper(Sleeper s) {
        return new EngineSettings(pageSize, batchItems, batchBytes, connectionRetries, throttleRetries, backoffStart,
                backoffCap, progressInterval, maxIssues, s, clock);
    }

    public EngineSettings withBatches(int newPageSize, int newBatchItems) {
        return new EngineSettings(newPageSize, newBatchItems, batchBytes, connectionRetries, throttleRetries,
                backoffStart, backoffCap, progressInterval, maxIssues, sleeper, clock);
    }
}
