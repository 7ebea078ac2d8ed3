package io.mailferry.model.report;

/** Why an item appears in a report's per-item list. */
public enum ItemOutcome {
    /** Deliberately not copied: too large, duplicate policy, trial cap. */
    SKIPPED,
    /** Could not be copied: unreadable on the source, rejected by the target. */
    FAILED,
    /** Verification found it missing on the target. */
    MISSING
}
