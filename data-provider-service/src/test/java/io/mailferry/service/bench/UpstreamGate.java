package io.mailferry.service.bench;

/**
 * Lets a test stop a pass in the middle of a transfer, whatever the machine's speed: once armed with a byte budget,
 * the {@link DelayProxy} forwards that many more client-to-server bytes (over all its connections) and then holds
 * the rest until {@link #release()}. A test arms it, waits for {@link #awaitHeld}, and kills the client while the
 * server has seen part of an append.
 */
public final class UpstreamGate {
    private static final long OPEN = Long.MAX_VALUE;

    private long budget = OPEN;
    private boolean held;

    /** From now on, forwards {@code bytes} more client-to-server bytes, then holds. */
    public synchronized void arm(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte budget cannot be negative: " + bytes);
        }
        budget = bytes;
        held = false;
        notifyAll();
    }

    /** Forwards everything again; what was held goes on to the server (if its connection is still open). */
    public synchronized void release() {
        budget = OPEN;
        held = false;
        notifyAll();
    }

    /** True once the budget is spent and a writer is waiting; false if {@code millis} passed first. */
    public synchronized boolean awaitHeld(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!held) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** How many of {@code wanted} bytes a writer may forward now; blocks while the budget is spent. */
    synchronized int admit(int wanted) throws InterruptedException {
        while (budget == 0) {
            if (!held) {
                // once: writers held together that woke each other on every turn kept the monitor from release()
                held = true;
                notifyAll();
            }
            wait();
        }
        int n = (int) Math.min(wanted, budget);
        if (budget != OPEN) {
            budget -= n;
        }
        return n;
    }
}
