package io.mailferry.model.job;

/** A pass of the engine over a job or mailbox. */
public enum RunKind {
    /** First pass, or restart after stop: copies all that the ledger does not hold yet. */
    FULL,
    /** Only what is new since the last pass, and retry of what failed. Same algorithm; named for the admin. */
    DELTA
}
