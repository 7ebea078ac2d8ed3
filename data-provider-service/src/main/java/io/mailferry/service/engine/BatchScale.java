package io.mailferry.service.engine;

import java.util.concurrent.TimeUnit;

/**
 * How many times the settings' batch bounds ({@link EngineSettings#batchBytes(int)}, {@link
 * EngineSettings#batchItems(boolean)}) a pass's batches hold (ADR 0035). Through a slow link a batch costs a round trip
 * on each side whatever its size, so the pass is bound by its number of batches, not its bytes: a pass whose round
 * trip with the slower side ({@link io.mailferry.service.engine.port.Mailbox#roundTrip}: a NOOP on IMAP, nothing the
 * server has to work for) took {@link #SLOW_MILLIS} or more takes batches one more time as large for each {@code
 * SLOW_MILLIS} it took, at most {@link #MAX} times. The larger batches share one budget among the passes this engine
 * runs at once (a service's mailboxes): a pass's scale is at most {@code MAX} divided by the passes running when its
 * copy step begins, so one mailbox over a slow link gets it whole, a second one half of it, and from {@code MAX}
 * mailboxes at once every new pass keeps the settings' batches — the extra batch bytes of the service stay within
 * {@code MAX} times one mailbox's, however many run. A fast link (loopback, a LAN) keeps the settings' batches.
 */
final class BatchScale {
    /** The most times the settings' batch bounds one pass's batches hold. */
    static final int MAX = 4;
    /** A round trip at least this long marks a slow link. */
    static final long SLOW_MILLIS = 10;

    private final RunningPasses passes;

    /** @param passes the passes running at once, which share the budget */
    BatchScale(RunningPasses passes) {
        this.passes = passes;
    }

    /** Whether a round trip of {@code roundTripNanos} (-1: unknown) marks a slow link. */
    static boolean slow(long roundTripNanos) {
        return TimeUnit.NANOSECONDS.toMillis(roundTripNanos) >= SLOW_MILLIS;
    }

    /**
     * The scale of a pass whose round trip took {@code roundTripNanos} (-1: unknown), while the passes begun run.
     *
     * @param most the settings' own bound ({@link EngineSettings#batchScale()}), at most {@link #MAX} counts
     */
    int of(long roundTripNanos, int most) {
        long millis = TimeUnit.NANOSECONDS.toMillis(roundTripNanos);
        int byLink = !slow(roundTripNanos) ? 1 : (int) Math.min(Math.min(MAX, most), 1 + millis / SLOW_MILLIS);
        int share = MAX / Math.max(1, passes.count());
        return Math.max(1, Math.min(byLink, share));
    }
}
