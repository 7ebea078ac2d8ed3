package io.mailferry.service.engine;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * How many passes over fast links copy at once in one engine — a service's mailboxes, of all its jobs. Over a link
 * measured fast (both servers answer a round trip within {@link BatchScale#SLOW_MILLIS}) a pass keeps its servers busy
 * by itself, and more passes copying at once only add batches in flight and processes taking turns on the processors:
 * twenty mailboxes of 2,000 messages on two processors, the servers beside the client, spent 8 % more of the client's
 * CPU and 3 % more of the target's with twenty copying at once than with eight (docs/performance.md, issue 10 part 33).
 * The other passes wait for a turn with their sessions open, before their first batch, in the order they asked; a pass
 * over a slow link or one whose link could not be measured copies without a turn (its round trips want many at once),
 * and so does a pass with nothing to copy (ADR 0057). Thread-safe.
 */
final class CopyTurns {
    /** Turns per processor: eight on two processors, the fewest that kept two held servers busy (part 33). */
    static final int PER_PROCESSOR = 4;
    /** How often a pass waiting for a turn looks whether it was asked to stop. */
    static final long LOOK_MILLIS = 200;

    /** Turns free now; below zero while passes that took back a lent turn copy beside those it was lent to. */
    private int free;
    /** The passes waiting for a turn, in the order they asked. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    /** {@link #PER_PROCESSOR} turns for each processor of this machine. */
    CopyTurns() {
        this(PER_PROCESSOR * Runtime.getRuntime().availableProcessors());
    }

    CopyTurns(int turns) {
        this.free = turns;
    }

    /**
     * Waits for a turn, after the passes that asked before; returns it, to be closed once the pass has copied, or null
     * when {@code stop} said so first (the pass then copies nothing).
     */
    Turn take(BooleanSupplier stop) {
        Object me = new Object();
        boolean interrupted = false;
        synchronized (this) {
            waiting.addLast(me);
            try {
                while (!stop.getAsBoolean()) {
                    if (free > 0 && waiting.peekFirst() == me) {
                        free--;
                        return new Turn(this);
                    }
                    try {
                        wait(LOOK_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true; // a pass stops by its stop signal, not by interruption: kept for the caller
                    }
                }
                return null;
            } finally {
                waiting.remove(me);
                notifyAll(); // the next in line may go now
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Turns free now (below zero while lent turns came back before those they were lent to ended). */
    synchronized int free() {
        return free;
    }

    /** Passes waiting for a turn now. */
    synchronized int waiting() {
        return waiting.size();
    }

    private synchronized void giveBack() {
        free++;
        notifyAll();
    }

    /** A turn lent while its pass waited, taken back at once: the pass it was lent to keeps its own. */
    private synchronized void takeBack() {
        free--;
    }

    /**
     * One pass's turn: {@link #close} gives it back, once. While a worker of the pass waits out a throttling server or
     * a dropped connection ({@link Retrier}) and another pass waits for a turn, the turn is lent to that pass
     * ({@link #lend}); it comes back as soon as no worker of the pass waits any more ({@link #reclaim}), never waiting
     * itself: until one of them ends, one pass more than there are turns copies.
     */
    static final class Turn implements AutoCloseable {
        private final CopyTurns owner;
        private boolean held = true;
        /** Workers of the pass waiting now. */
        private int lent;
        private boolean closed;

        private Turn(CopyTurns owner) {
            this.owner = owner;
        }

        /** A worker of the pass begins to wait: the turn goes to a waiting pass meanwhile, if one waits. */
        synchronized void lend() {
            if (!closed && lent++ == 0 && held && owner.waiting() > 0) {
                held = false;
                owner.giveBack();
            }
        }

        /** The worker's wait ended: once no other worker of the pass waits, the turn is the pass's again. */
        synchronized void reclaim() {
            if (!closed && --lent == 0 && !held) {
                held = true;
                owner.takeBack();
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (held) {
                    held = false;
                    owner.giveBack();
                }
            }
        }
    }
}
