package io.mailferry.model.job;

/** Lifecycle of a job (and of each mailbox pair, see {@code MailboxState}). */
public enum JobState {
    /** Defined, never run. */
    NEW,
    /** Start or delta requested; waiting for a slot. */
    QUEUED,
    RUNNING,
    /** A stop was requested; finishing the items in flight. */
    STOPPING,
    /** Stopped by the admin; resumable. */
    STOPPED,
    /** Last pass finished and verification found every selected source item on the target. */
    COMPLETED,
    /** Last pass finished but some items are missing, skipped or failed (see the report). */
    COMPLETED_WITH_ISSUES,
    /** Last pass could not run (e.g. the target refused every login). */
    FAILED;

    /** The state in words for people: "Completed with issues" (reports, dialogs); the constant stays the API's. */
    public String words() {
        String s = name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
