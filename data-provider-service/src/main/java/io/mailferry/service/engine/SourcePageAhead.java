package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source folder's first page, listed on a thread of its own while the caller reads or lists the target folder on
 * its own connection (the copy reads the target folder's state for the duplicate check, verification lists it): the
 * two sides' round trips overlap instead of following each other. Each session is
 * used by one thread at a time, and the call returns only when both listings are over, so a retry that reopens the
 * sessions never meets one still in use. A failure of the source listing that concerns the folder only (an item
 * failure) is kept for the caller to meet when it reads the page; any other one is thrown, as the target's is.
 */
final class SourcePageAhead {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final Page<ItemRef> page;
    private final MailboxException failure;

    private SourcePageAhead(Page<ItemRef> page, MailboxException failure) {
        this.page = page;
        this.failure = failure;
    }

    /** What the caller reads on the target while the source's first page is listed. */
    @FunctionalInterface
    interface TargetRead<T> {
        T read(TargetMailbox target) throws MailboxException;
    }

    /** The target's listing and the source's first page, both read. */
    record Both<T>(T target, SourcePageAhead source) {
    }

    /** The threads that list first pages for one pass's step ({@code step} names them); shut down after it. */
    static ExecutorService threads(String pairId, String step) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mailferry-" + pairId + "-" + step + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static <T> Both<T> list(ExecutorService pool, SourceMailbox source, TargetMailbox target, MailFolder folder,
            int limit, FolderState state, TargetRead<T> onTarget) throws MailboxException {
        Future<Page<ItemRef>> ahead = pool.submit(() -> source.list(folder, null, limit, state));
        T listed;
        boolean read = false;
        try {
            listed = onTarget.read(target);
            read = true;
        } finally {
            if (!read) {
                awaitQuietly(ahead); // whatever the target threw (an Error too): the source session is free first
            }
        }
        return new Both<>(listed, await(ahead));
    }

    /** The first page, or the folder's own failure to list it. */
    Page<ItemRef> page() throws MailboxException {
        if (failure != null) {
            throw failure;
        }
        return page;
    }

    private static SourcePageAhead await(Future<Page<ItemRef>> ahead) throws MailboxException {
        try {
            return new SourcePageAhead(getUninterruptibly(ahead), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MailboxException m) {
                if (m.kind() == MailboxException.Kind.ITEM) {
                    return new SourcePageAhead(null, m);
                }
                throw m;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitQuietly(Future<?> ahead) {
        try {
            getUninterruptibly(ahead);
        } catch (ExecutionException ignored) {
            // the target's failure is the one thrown; this listing is done with its session either way
        }
    }

    /** Waits to the end even when interrupted (the session must be free before anything else uses it). */
    private static <V> V getUninterruptibly(Future<V> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
