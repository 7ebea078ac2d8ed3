package io.mailferry.service.engine;

/**
 * The passes one engine runs at once — a service's mailboxes, of any of its jobs: their larger batches over a slow
 * link share one budget ({@link BatchScale}), and while many run each copies without helpers ({@link
 * WorkerCount#helpers}). A pass counts from its start to its end, whatever it does meanwhile (waiting out a
 * throttling server included). Helpers that wait for fewer passes are woken when a pass ends and when a worker
 * of any drain stops taking work ({@link #wake}); a change counter keeps a wake-up that comes between a helper's
 * look and its wait from being lost.
 */
final class RunningPasses {
    /** How long a waiting helper waits at most before it looks again without being woken. */
    static final long LOOK_MILLIS = 500;

    private final long lookMillis;
    private int running;
    private long changes;

    RunningPasses() {
        this(LOOK_MILLIS);
    }

    /** @param lookMillis how long a waiting helper waits at most without being woken (tests make it long) */
    RunningPasses(long lookMillis) {
        this.lookMillis = lookMillis;
    }

    /** A pass begins: it counts until {@link #ended()}. */
    synchronized void began() {
        running++;
    }

    /** A pass ended: whoever waits for fewer passes looks again. */
    synchronized void ended() {
        running--;
        wake();
    }

    /** The passes running now. */
    synchronized int count() {
        return running;
    }

    /** Wakes every waiting helper, to look again (its pass's work ended, say). */
    synchronized void wake() {
        changes++;
        notifyAll();
    }

    /** What a helper reads before it looks, and gives {@link #awaitChange} after. */
    synchronized long changes() {
        return changes;
    }

    /** Waits until something changed since {@code seen} was read, or the look interval passed. */
    synchronized void awaitChange(long seen) throws InterruptedException {
        long end = System.nanoTime() + lookMillis * 1_000_000L;
        long left;
        while (changes == seen && (left = end - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000L));
        }
    }
}
