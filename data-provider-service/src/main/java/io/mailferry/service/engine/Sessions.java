package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.MailboxException;
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
            Throwable cause = e.getCause();
            if (cause instanceof MailboxException m) {
                throw m;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
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
        closeQuietly(source);
        closeQuietly(target);
        source = null;
        target = null;
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
