package io.mailferry.service.connector.imap;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write timeout of every IMAP connection, in the shape Angus asks for it ({@code mail.<protocol>.writetimeout} with
 * {@code mail.<protocol>.executor.writetimeout}): before each write to a socket Angus schedules a task that closes the
 * socket's stream, and cancels it when the write returns — so a server that stops reading cannot hold a worker for ever.
 * Angus's own executor is a {@code ScheduledThreadPoolExecutor} with a thread per connection, which every write (one per
 * 16 KB TLS record) woke twice: scheduling and cancelling. Here a deadline is an entry in a concurrent set and one daemon
 * thread per JVM looks at the set every {@link #TICK_MILLIS} while it holds any (parked while it is empty): a write costs
 * an insertion and a removal, and a stalled write is stopped between its timeout and one tick later (the timeouts are 20
 * and 60 s). Only one-shot {@code schedule} is offered; Angus uses nothing else of an executor it was given.
 *
 * <p>The tasks run on the watchdog thread, one after the other, so they must not block: Angus's task closes the socket's
 * output stream, and Angus puts TLS on top of the socket it wraps for the timeout, so that stream is a plain socket's,
 * whose close returns at once (closing the TLS socket instead would wait for the lock the stalled writer holds).
 */
final class WriteDeadlines extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadlines.class);
    static final long TICK_MILLIS = 250;
    /** How long the thread sleeps while no write is under way before it looks again anyway (a missed wake-up's bound). */
    private static final long IDLE_MILLIS = 10_000;

    private static final class Shared {
        static final WriteDeadlines INSTANCE = new WriteDeadlines(TICK_MILLIS, IDLE_MILLIS,
                "mailferry-write-timeouts");
    }

    private final Set<Deadline<?>> pending = ConcurrentHashMap.newKeySet();
    /** Deadlines pending: raised before one is added, lowered after it is removed, so never low while one is there. */
    private final AtomicInteger count = new AtomicInteger();
    private final long tickNanos;
    private final long idleNanos;
    private final Thread watchdog;
    private volatile boolean idle;

    /** @param idleMillis how long the watchdog sleeps while nothing is pending, unless a deadline wakes it */
    WriteDeadlines(long tickMillis, long idleMillis, String threadName) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.watchdog = new Thread(this::watch, threadName);
        watchdog.setDaemon(true);
        watchdog.setContextClassLoader(null); // not the class loader of whichever thread happened to start it
        watchdog.start();
    }

    /** The one every connection of this JVM uses. */
    static WriteDeadlines shared() {
        return Shared.INSTANCE;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        if (!watchdog.isAlive()) {
            // Angus then refuses the write rather than let it run without a timeout
            throw new RejectedExecutionException("the write timeouts' watchdog is not running");
        }
        Deadline<V> d = new Deadline<>(task, System.nanoTime() + unit.toNanos(delay));
        count.incrementAndGet();
        pending.add(d);
        if (idle) {
            LockSupport.unpark(watchdog);
        }
        return d;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return schedule(Executors.callable(task), delay, unit);
    }

    /** Deadlines neither cancelled nor expired yet (tests). */
    int pending() {
        return count.get();
    }

    /** True while the watchdog sleeps because nothing is pending (tests). */
    boolean idle() {
        return idle;
    }

    private void watch() {
        while (true) {
            try {
                if (count.get() == 0) {
                    idle = true;
                    if (count.get() == 0) {
                        LockSupport.parkNanos(this, idleNanos);
                    }
                    idle = false;
                    continue;
                }
                LockSupport.parkNanos(this, tickNanos);
                long now = System.nanoTime();
                for (Deadline<?> d : pending) {
                    if (now - d.due >= 0) {
                        d.expire();
                    }
                }
            } catch (Throwable t) { // every connection's timeouts depend on this thread: it never ends
                LOG.warn("The write timeouts' watchdog hit a problem and goes on", t);
            }
        }
    }

    private void removed(Deadline<?> d) {
        pending.remove(d);
        count.decrementAndGet();
    }

    /** One write's deadline: pending until the write cancels it or the watchdog runs its task. */
    private final class Deadline<V> implements ScheduledFuture<V> {
        private static final int PENDING = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;

        private final Callable<V> task;
        private final long due;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private V result;
        private Throwable failure;

        Deadline(Callable<V> task, long due) {
            this.task = task;
            this.due = due;
        }

        void expire() {
            if (!state.compareAndSet(PENDING, RUNNING)) {
                return;
            }
            removed(this);
            try {
                result = task.call();
            } catch (Throwable t) { // the watchdog must live on for the other connections
                failure = t;
                LOG.debug("A write timeout's task failed", t);
            }
            synchronized (this) {
                state.set(DONE);
                notifyAll();
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!state.compareAndSet(PENDING, CANCELLED)) {
                return false;
            }
            removed(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public boolean isDone() {
            return state.get() >= DONE;
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            try {
                return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(e); // not in this universe's lifetime
            }
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            long end = System.nanoTime() + Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 2);
            synchronized (this) {
                while (state.get() < DONE) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("the write timeout's task has not finished");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            if (state.get() == CANCELLED) {
                throw new CancellationException();
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("write deadlines are one-shot");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("write deadlines are one-shot");
    }

    @Override
    public void execute(Runnable command) {
        throw new UnsupportedOperationException("write deadlines only run when a write times out");
    }

    /** Shared by every connection: never shut down (Angus shuts down only the executors it made itself). */
    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("the write deadlines are shared by every connection");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException("the write deadlines are shared by every connection");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
