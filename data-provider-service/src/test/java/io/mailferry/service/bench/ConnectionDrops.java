package io.mailferry.service.bench;

import java.io.IOException;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts a {@link DelayProxy}'s connections at random instants, as a flaky network or a restarting load balancer does:
 * each new connection is given a random number of bytes (both directions together) and a random time to live, each
 * drawn from an exponential distribution around its mean with one seeded {@link Random} (in the order connections
 * arrive); whichever runs out first cuts it with a TCP reset on both sides, in the middle of whatever was being sent.
 * A mean of 0 leaves that limit out. Counts the connections it saw and the ones it cut.
 *
 * <p>Thread-safe. {@link #pause()} lets connections live until {@link #resume()}; {@link #close()} stops the timer.
 */
public final class ConnectionDrops implements AutoCloseable {
    private final Random random;
    private final long meanBytes;
    private final long meanMillis;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final ScheduledExecutorService timer;

    private ConnectionDrops(long seed, long meanBytes, long meanMillis) {
        if (meanBytes < 0 || meanMillis < 0) {
            throw new IllegalArgumentException("means cannot be negative: " + meanBytes + " bytes, " + meanMillis
                    + " ms");
        }
        this.random = new Random(seed);
        this.meanBytes = meanBytes;
        this.meanMillis = meanMillis;
        this.timer = meanMillis == 0 ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "connection-drops");
            t.setDaemon(true);
            return t;
        });
    }

    /** Never cuts a connection. */
    public static ConnectionDrops none() {
        return new ConnectionDrops(0, 0, 0);
    }

    /**
     * Cuts each connection after a random number of bytes around {@code meanBytes} or a random time around
     * {@code meanMillis}, whichever comes first (0 = no such limit).
     */
    public static ConnectionDrops random(long seed, long meanBytes, long meanMillis) {
        return new ConnectionDrops(seed, meanBytes, meanMillis);
    }

    /** Connections cut so far (a connection that ended by itself first is not counted). */
    public int drops() {
        return drops.get();
    }

    /** Connections the proxy accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Lets every connection live (those cut already stay cut) until {@link #resume()}. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
    }

    /** The plan for one new connection between {@code client} and {@code upstream}. */
    Link open(Socket client, Socket upstream) {
        connections.incrementAndGet();
        long bytes;
        long millis;
        synchronized (random) {
            bytes = meanBytes == 0 ? Long.MAX_VALUE : 1 + exponential(meanBytes);
            millis = meanMillis == 0 ? 0 : 1 + exponential(meanMillis);
        }
        Link link = new Link(client, upstream, bytes);
        if (millis > 0) {
            link.timed = timer.schedule(link::cut, millis, TimeUnit.MILLISECONDS);
        }
        return link;
    }

    private long exponential(long mean) {
        return (long) (-Math.log(1 - random.nextDouble()) * mean);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One connection's remaining budget; cut at most once, and only while drops are not paused. */
    final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicLong bytesLeft;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile ScheduledFuture<?> timed;

        private Link(Socket client, Socket upstream, long bytes) {
            this.client = client;
            this.upstream = upstream;
            this.bytesLeft = new AtomicLong(bytes);
        }

        /** How many of {@code wanted} bytes may pass before this connection is cut ({@code wanted} when not). */
        int admit(int wanted) {
            if (paused.get()) {
                return wanted;
            }
            long before = bytesLeft.getAndAdd(-wanted);
            return before >= wanted ? wanted : (int) Math.max(0, before);
        }

        /** Resets both sides now (at its random time), unless the connection already ended or drops are paused. */
        void cut() {
            if (!paused.get()) {
                cutNow();
            }
        }

        /** Resets both sides now (its bytes ran out, as {@link #admit} decided), unless it already ended. */
        void cutNow() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            drops.incrementAndGet();
            reset(client);
            reset(upstream);
        }

        /** The connection ended by itself: nothing left to cut. */
        void ended() {
            ended.set(true);
            ScheduledFuture<?> t = timed;
            if (t != null) {
                t.cancel(false);
            }
        }

        private void reset(Socket s) {
            try {
                s.setSoLinger(true, 0); // close with RST, as a dropped route or a killed middlebox does
                s.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }
}
