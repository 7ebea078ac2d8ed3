package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's pair of sessions (source and target), reopened through {@link MailboxAccess} after a dropped
 * connection. Used by one thread at a time.
 */
final class Sessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final MailboxTask task;
    private SourceMailbox source;
    private TargetMailbox target;

    Sessions(MailboxTask task) {
        this.task = task;
    }

    /**
     * Opens both sides; a side already open stays as it is. With neither open, the target's connection and login run
     * on a thread of their own while the source's run on this one, so that a pass waits for one login, not two; when
     * both fail, the source's failure is the one thrown, as when they opened one after the other.
     */
    void open() throws MailboxException {
        if (source == null && target == null) {
            openBoth();
            return;
        }
        if (source == null) {
            source = task.sourceAccess().openSource(task.sourceLogin());
        }
        if (target == null) {
            target = task.targetAccess().openTarget(task.targetLogin());
        }
    }

    private void openBoth() throws MailboxException {
        CompletableFuture<TargetMailbox> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opening.complete(task.targetAccess().openTarget(task.targetLogin()));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "mailferry-open-" + task.pairId());
        opener.setDaemon(true);
        opener.start();
        try {
            source = task.sourceAccess().openSource(task.sourceLogin());
        } catch (MailboxException | RuntimeException | Error e) {
            opening.thenAccept(Sessions::closeQuietly); // the target's session, whenever it opens, is not kept
            throw e;
        }
        try {
            target = opening.get();
        } catch (ExecutionException e) {
            throw BothSides.rethrow(e.getCause());
        } catch (InterruptedException e) {
            opening.thenAccept(Sessions::closeQuietly);
            Thread.currentThread().interrupt();
            throw new MailboxException(MailboxException.Kind.FATAL, "The migration was interrupted.", e);
        }
    }

    /** Drops both sessions and opens new ones (after a CONNECTION failure, whichever side it came from). */
    void reopen() throws MailboxException {
        LOG.info("Pair {}: reconnecting to {} and {}", task.pairId(), task.sourceAccess().describe(),
                task.targetAccess().describe());
        close();
        open();
    }

    SourceMailbox source() {
        return source;
    }

    TargetMailbox target() {
        return target;
    }

    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /**
     * Closes every side of {@code all} at once and waits for them: a polite logout waits one round trip for the
     * server's answer, and one after the other the four sessions of a pass's two workers added four round trips to its
     * end. Interrupted, it stops waiting; the logouts go on on their own threads.
     */
    static void closeAll(List<Sessions> all) {
        List<AutoCloseable> sides = new ArrayList<>();
        for (Sessions s : all) {
            if (s.source != null) {
                sides.add(s.source);
            }
            if (s.target != null) {
                sides.add(s.target);
            }
            s.source = null;
            s.target = null;
        }
        List<Thread> closers = new ArrayList<>();
        for (AutoCloseable side : sides.subList(0, Math.max(0, sides.size() - 1))) {
            Thread t = new Thread(() -> closeQuietly(side), "mailferry-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        if (!sides.isEmpty()) {
            closeQuietly(sides.get(sides.size() - 1)); // the last one on this thread
        }
        try {
            for (Thread t : closers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing a session failed (ignored: it is being dropped anyway)", e);
        }
    }
}
