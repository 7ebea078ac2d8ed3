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
    private final String who;
    private final Pause pause;

    /**
     * A limit that lasts far longer than any back-off (Google's daily IMAP download limit): the pass stops at once and
     * the mailbox is paused until {@code after} has passed; the rest of the job goes on.
     *
     * @param by    what paused it, in words that follow "Paused by": "Google's daily limit"
     * @param after how long after the refusal the limit allows the mailbox again
     */
    public record Pause(String by, Duration after) {
    }

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
        this(kind, message, cause, retryAfter, null);
    }

    /** For connectors' own kinds of failure; {@code who} as in {@link #throttled}. */
    protected MailboxException(Kind kind, String message, Throwable cause, Duration retryAfter, String who) {
        this(kind, message, cause, retryAfter, who, null);
    }

    private MailboxException(Kind kind, String message, Throwable cause, Duration retryAfter, String who,
            Pause pause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.who = who;
        this.pause = pause;
    }

    /**
     * An ITEM failure saying the item is no longer where it was listed (deleted or moved since): Graph's 404, EWS's
     * ErrorItemNotFound, an IMAP UID the server no longer answers for. The engine forgets such an item's failure once a
     * complete listing of its folder no longer holds it ({@link #itemGone}).
     */
    public static MailboxException gone(String message) {
        return new Gone(message);
    }

    /** True for a failure made by {@link #gone}. */
    public boolean itemGone() {
        return this instanceof Gone;
    }

    private static final class Gone extends MailboxException {
        Gone(String message) {
            super(Kind.ITEM, message, null, null, null);
        }
    }

    /**
     * A THROTTLED failure no back-off rides out: the server's limit lifts only after {@code pause.after()} (see
     * {@link Pause}). {@code who} as in {@link #throttled}.
     */
    public static MailboxException limitReached(String who, String message, Throwable cause, Pause pause) {
        return new MailboxException(Kind.THROTTLED, message, cause, null, who, pause);
    }

    /**
     * A THROTTLED failure that names who asked to slow down, so that the engine can name it should the throttling
     * never end.
     *
     * @param who the side and server or mailbox, starting a sentence: "Source Microsoft 365 mailbox anna@contoso.com",
     *            "Target IMAP server imap.example.com:993"
     */
    public static MailboxException throttled(String who, String message, Throwable cause, Duration retryAfter) {
        return new MailboxException(Kind.THROTTLED, message, cause, retryAfter, who);
    }

    public Kind kind() {
        return kind;
    }

    /** The server's wait hint for THROTTLED failures, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** For a limit that lasts (see {@link #limitReached}): what paused the mailbox and for how long; else null. */
    public Pause pause() {
        return pause;
    }

    /** Who asked to slow down (see {@link #throttled}), or null when the connector did not say. */
    public String who() {
        return who;
    }
}
