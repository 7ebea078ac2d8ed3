package io.mailferry.service.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How many passes over fast links copy at once in one engine — a service's mailboxes, of any of its jobs. Over a fast
 * link (both servers answer a round trip within {@link BatchScale#SLOW_MILLIS}) a pass keeps its servers busy by
 * itself, and more passes copying at once only add batches in flight and processes taking turns on the processors:
 * twenty mailboxes of 2,000 messages on two processors, the servers beside the client, spent 8 % more of the client's
 * CPU and 3 % more of the target's with twenty copying at once than with eight (docs/performance.md, issue 10 part 33).
 * The other passes wait for a turn with their sessions open, before their first batch; a pass over a slow link copies
 * without a turn (its round trips want many at once), and so does a pass with nothing to copy. Turns are taken in the
 * order asked. Thread-safe.
 */
final class CopyTurns {
    /** Turns per processor: eight on two processors, the fewest that kept two held servers busy (part 33). */
    static final int PER_PROCESSOR = 4;
    /** How often a pass waiting for a turn looks whether it was asked to stop. */
    static final long LOOK_MILLIS = 200;

    private final Semaphore turns;

    /** {@link #PER_PROCESSOR} turns for each processor of this machine. */
    CopyTurns() {
        this(PER_PROCESSOR * Runtime.getRuntime().availableProcessors());
    }

    CopyTurns(int turns) {
        this.turns = new Semaphore(turns, true);
    }

    /**
     * Waits for a turn; returns it, to be closed once the pass has copied, or null when {@code stop} said so first (the
     * pass then copies nothing).
     */
    Turn take(BooleanSupplier stop) {
        return acquire(turns, stop) ? new Turn(turns, stop) : null;
    }

    /** Waits for a permit of {@code turns}; false when {@code stop} said so first. */
    private static boolean acquire(Semaphore turns, BooleanSupplier stop) {
        boolean interrupted = false;
        try {
            while (!stop.getAsBoolean()) {
                try {
                    if (turns.tryAcquire(LOOK_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // a pass stops by its stop signal, not by interruption: kept for the caller
                }
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Turns free now. */
    int free() {
        return turns.availablePermits();
    }

    /** Passes waiting for a turn now (an estimate while they come and go). */
    int waiting() {
        return turns.getQueueLength();
    }

    /**
     * One pass's turn: {@link #close} gives it back, once. While a worker of the pass waits out a throttling server or
     * a dropped connection ({@link Retrier}) the turn is lent to a waiting pass ({@link #lend}), and taken again,
     * in its order, before the worker goes on ({@link #reclaim}).
     */
    static final class Turn implements AutoCloseable {
        private final Semaphore turns;
        private final BooleanSupplier stop;
        private boolean held = true;
        /** Workers of the pass waiting now. */
        private int lent;
        private boolean closed;

        private Turn(Semaphore turns, BooleanSupplier stop) {
            this.turns = turns;
            this.stop = stop;
        }

        /** A worker of the pass begins to wait: the turn goes to another pass meanwhile. */
        synchronized void lend() {
            if (!closed && lent++ == 0 && held) {
                held = false;
                turns.release();
            }
        }

        /**
         * The worker's wait ended: once no other worker of the pass waits, the pass waits for a turn again (not when
         * asked to stop: it goes on without one, to stop).
         */
        void reclaim() {
            synchronized (this) {
                if (closed || --lent > 0 || held) {
                    return;
                }
            }
            boolean got = acquire(turns, stop);
            synchronized (this) {
                if (got && (closed || held || lent > 0)) {
                    turns.release(); // not wanted any more: the copy step ended, or a worker waits again
                } else if (got) {
                    held = true;
                }
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (held) {
                    held = false;
                    turns.release();
                }
            }
        }
    }
}
