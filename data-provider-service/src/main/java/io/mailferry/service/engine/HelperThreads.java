package io.mailferry.service.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a worker's helpers run on — a batch's fetch ahead ({@link Prefetcher}), the source's side of a read on
 * both sides ({@link BothSides}), a first page listed beside the target side ({@link SourcePageAhead#helpers}) — kept
 * for the next task instead of started for each: a pass started one per folder and per read, 672 threads in a
 * twenty-mailbox run, each with its stack and its thread-local caches made anew (docs/performance.md, issue 10 parts
 * 34 and 35). A thread idle for a minute ends. Each task runs under the name it is given
 * (the log names the thread), and the thread gets its own name back after. Daemon threads: none keeps the JVM alive.
 */
final class HelperThreads {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mailferry-helper-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private HelperThreads() {
    }

    /** Runs {@code task} on a helper thread named {@code name} while it runs. */
    static <T> Future<T> submit(String name, Callable<T> task) {
        return POOL.submit(() -> {
            Thread t = Thread.currentThread();
            String own = t.getName();
            t.setName(name);
            try {
                return task.call();
            } finally {
                t.setName(own);
            }
        });
    }
}
