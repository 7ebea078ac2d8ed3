package io.mailferry.service.engine;

/**
 * The passes one engine runs at once (a service's mailboxes): their larger batches over a slow link share one budget
 * ({@link BatchScale}), and while many run each copies with one connection per server ({@link WorkerCount#helpers}).
 * A pass counts from its start to its end, whatever it does meanwhile.
 */
final class RunningPasses {
    private int running;

    /** A pass begins: it counts until {@link #ended()}. */
    synchronized void began() {
        running++;
    }

    /** A pass ended: whoever waits for fewer passes looks again. */
    synchronized void ended() {
        running--;
        notifyAll();
    }

    synchronized int count() {
        return running;
    }

    /**
     * Waits until a pass ends or {@code millis} pass, whichever comes first (a caller looks again at what it waits
     * for either way).
     */
    synchronized void awaitEnd(long millis) throws InterruptedException {
        wait(millis);
    }
}
