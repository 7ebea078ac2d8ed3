package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.MailboxException;
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

    /** Opens both sides; a side already open stays as it is. */
    void open() throws MailboxException {
        if (source == null) {
            source = task.sourceAccess().openSource(task.sourceLogin());
        }
        if (target == null) {
            target = task.targetAccess().openTarget(task.targetLogin());
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
