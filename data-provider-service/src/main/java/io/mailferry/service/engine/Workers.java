package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker sessions of one pass and the threads that drain a queue of work over them. The first worker uses the
 * pass's main sessions; the others open their own on their thread and keep them until {@link #close()}, so the copy
 * and then the verification run on the same connections (no second login per worker). A worker beyond the first
 * (a helper) that has no sessions yet opens them only when {@link #helpersNow} — else it waits, woken when a pass of
 * the engine ends or a worker of any drain stops taking work ({@link RunningPasses}), until it may, the queue is
 * empty, or the pass is halted or aborted (ADR 0041). When a worker fails, the others stop taking work (the pass's
 * abort signal) and the first failure is thrown. Used by one pass at a time.
 */
final class Workers implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** One unit of work on a worker's sessions. */
    @FunctionalInterface
    interface Job<T> {
        void run(Sessions sessions, T work) throws MailboxException;
    }

    private final PassContext ctx;
    private final RunningPasses passes;
    /** Worker index → its sessions; 0 is the pass's main sessions. */
    private final Map<Integer, Sessions> sessions = new TreeMap<>();
    /** Whether the copy step found a slow link ({@link BatchScale#slow}): helpers then open whatever runs. */
    private volatile boolean slowLink;

    /** @param passes the passes of the engine running now, this one included */
    Workers(PassContext ctx, Sessions main, RunningPasses passes) {
        this.ctx = ctx;
        this.passes = passes;
        this.sessions.put(0, main);
    }

    /** The pass's main sessions (worker 0's). */
    synchronized Sessions main() {
        return sessions.get(0);
    }

    /** The copy step measured the link: a slow one keeps its helpers however many passes run. */
    void slowLink(boolean slow) {
        slowLink = slow;
    }

    /** Whether a helper without sessions may open them now ({@link WorkerCount#helpers}). */
    boolean helpersNow() {
        return WorkerCount.helpers(ctx.options().connectionsPerServer(), slowLink, passes.count());
    }

    /** How many workers have sessions now. */
    synchronized int size() {
        return sessions.size();
    }

    /**
     * Drains {@code queue} with {@code count} workers (opening sessions for workers that have none yet); a worker
     * takes the next item until the queue is empty, another worker failed, or — when {@code stoppable} — the admin
     * asked to stop.
     */
    <T> void drain(int count, boolean stoppable, Queue<T> queue, Job<T> job) throws MailboxException {
        int workers = Math.max(1, count);
        if (workers == 1) {
            loop(worker(0), stoppable, queue, job);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "mailferry-" + ctx.pairId() + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                try {
                    if (index == 0 || helperMay(index, stoppable, queue)) {
                        loop(worker(index), stoppable, queue, job);
                    }
                } finally {
                    passes.wake(); // the queue is empty or the pass stops: helpers still waiting look again
                }
                return null;
            }));
        }
        pool.shutdown();
        Throwable first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                ctx.abort().requestStop();
                Thread.currentThread().interrupt();
                throw new MailboxException(MailboxException.Kind.FATAL, "The migration was interrupted.", e);
            }
        }
        if (first instanceof MailboxException me) {
            throw me;
        } else if (first instanceof Error err) {
            throw err;
        } else if (first instanceof RuntimeException re) {
            throw re;
        } else if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    /**
     * Whether helper {@code index} should take work: at once when it has its sessions (opened earlier in the pass),
     * else when {@link #helpersNow}; false when the queue emptied or the pass stopped while it waited.
     */
    private boolean helperMay(int index, boolean stoppable, Queue<?> queue) {
        while (true) {
            long seen = passes.changes(); // before looking: a wake-up after this is not lost
            if (stopped(stoppable) || queue.isEmpty()) {
                return false;
            }
            synchronized (this) {
                if (sessions.containsKey(index)) {
                    return true;
                }
            }
            if (helpersNow()) {
                return true;
            }
            try {
                passes.awaitChange(seen);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false; // the pass is being torn down: the first worker finishes the work
            }
        }
    }

    /** Whether workers stop taking work: the pass halted (the admin's stop, a failure) or, not stoppable, aborted. */
    private boolean stopped(boolean stoppable) {
        return stoppable ? ctx.halted() : ctx.abort().stopRequested();
    }

    private <T> void loop(Sessions s, boolean stoppable, Queue<T> queue, Job<T> job) throws MailboxException {
        try {
            T work;
            while (!stopped(stoppable) && (work = queue.poll()) != null) {
                job.run(s, work);
            }
        } catch (MailboxException | RuntimeException | Error e) {
            ctx.abort().requestStop(); // the other workers stop after the work in hand
            throw e;
        }
    }

    /** Worker {@code index}'s sessions, opened (with retries) on the calling thread the first time. */
    private Sessions worker(int index) throws MailboxException {
        synchronized (this) {
            Sessions known = sessions.get(index);
            if (known != null) {
                return known;
            }
        }
        Sessions own = new Sessions(ctx.task());
        try {
            ctx.retrier().call(own, (s, t) -> {
                own.open();
                return null;
            });
        } catch (MailboxException | RuntimeException | Error e) {
            own.close();
            throw e;
        }
        synchronized (this) {
            sessions.put(index, own);
        }
        return own;
    }

    /** Closes every worker's sessions, the pass's main sessions included, all at once ({@link Sessions#closeAll}). */
    @Override
    public synchronized void close() {
        Sessions.closeAll(List.copyOf(sessions.values()));
        sessions.keySet().removeIf(i -> i != 0);
    }
}
