package io.mailferry.service.engine;

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

    public MailboxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MailboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
