package io.mailferry.service.engine.port;

import java.time.Duration;

/**
 * A failure talking to one side of a migration. The message is one plain sentence for the admin that names the side
 * and the cause ("Target refused the message: [OVERQUOTA] Quota exceeded") and never contains a secret.
 */
public class MailboxException extends Exception {
    /** Which kind of failure, so the engine can decide between "skip this item", "retry later" and "fail the mailbox". */
    public enum Kind {
        /** Only this item is affected (unreadable, rejected by the target, too large for the server). */
        ITEM,
        /** Server asks us to slow down (NO [LIMIT], 429, [OVERQUOTA] for rate): back off and retry. */
        THROTTLED,
        /** The connection dropped or timed out: reconnect and retry. */
        CONNECTION,
        /** Login refused, mailbox does not exist, permission denied: the mailbox cannot proceed. */
        FATAL
    }

    private final Kind kind;
    private final Duration retryAfter;

    public MailboxException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public MailboxException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    /**
     * @param retryAfter for THROTTLED: how long the server asked us to wait (HTTP Retry-After), null when it did not say
     */
    public MailboxException(Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's wait hint for THROTTLED failures, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
