package io.mailferry.service.connector.graph;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends response bodies that stopped arriving. The JDK's HTTP client times a request only until its headers arrive;
 * a body whose connection went quiet afterwards (a NAT or proxy that dropped it silently, in the middle of a large
 * message) would block its reader for ever, with one of the mailbox's request slots. Each body being read is
 * registered here; one daemon thread looks every few seconds and closes a body that has had no data for {@link
 * #limit}, which wakes its reader (the body then says it stalled rather than that it ended). Thread-safe.
 */
final class StalledBodies {
    /** How long a body may go without data; tests shorten it. */
    static volatile Duration limit = GraphHttp.REQUEST_TIMEOUT;

    /** One body being read. */
    interface Watched {
        /** System.nanoTime() of its last data. */
        long lastData();

        /** Marks it stalled and closes it (its reader wakes). */
        void stall() throws IOException;
    }

    private static final Set<Watched> READING = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService looker;

    private StalledBodies() {
    }

    /** Watches {@code body} until the returned handle is closed. */
    static Closeable watch(Watched body) {
        READING.add(body);
        start();
        return () -> READING.remove(body);
    }

    private static synchronized void start() {
        if (looker == null) {
            looker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "graph-stalled-bodies");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(100, Math.min(5_000, limit.toMillis() / 4));
            looker.scheduleWithFixedDelay(StalledBodies::look, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static void look() {
        long now = System.nanoTime();
        long max = limit.toNanos();
        for (Watched body : READING) {
            if (now - body.lastData() > max) {
                READING.remove(body);
                try {
                    body.stall();
                } catch (IOException | RuntimeException e) {
                    // closing a broken body: its reader learns of the stall all the same
                }
            }
        }
    }
}
