package io.mailferry.model.mailbox;

/** Lifecycle of one mailbox pair inside a job. */
public enum MailboxState {
    NEW,
    QUEUED,
    RUNNING,
    STOPPING,
    STOPPED,
    /** Verified: every selected source item is on the target. */
    COMPLETED,
    /** Pass finished with skipped, failed or missing items (see report). */
    COMPLETED_WITH_ISSUES,
    /** The pass could not run for this mailbox (login refused, server gone); reason in {@code MailboxPair.error}. */
    FAILED;

    /** The state in words for people: "Completed with issues" (reports, dialogs); the constant stays the API's. */
    public String words() {
        String s = name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
