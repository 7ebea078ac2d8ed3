package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxException;

/**
 * A server answered with a limit that lasts ({@link MailboxException#limitReached}): the pass stops at once, without
 * backing off, and its outcome carries the limit's {@link MailboxException.Pause} so that the runner pauses the pair.
 * FATAL so that nothing retries it; like {@link ThrottledTooLong}, every other worker of the pass gives up at its next
 * throttle.
 */
final class PausedByLimit extends MailboxException {
    PausedByLimit(MailboxException limit) {
        super(Kind.FATAL, limit.getMessage(), limit);
    }

    /** What paused the mailbox, and for how long. */
    Pause limit() {
        return ((MailboxException) getCause()).pause();
    }
}
