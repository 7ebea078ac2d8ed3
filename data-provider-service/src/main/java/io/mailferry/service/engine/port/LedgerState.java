package io.mailferry.service.engine.port;

/** State of one source item in the ledger. */
public enum LedgerState {
    /** Written before the append; a crash leaves it here and resume reconciles it against the target. */
    PENDING,
    /** On the target (copied by Mailferry), {@code targetItem} known, or null when the target gave none. */
    DONE,
    /** Found on the target already (duplicate policy SKIP): counts as present, was not copied. */
    MATCHED,
    /** Deliberately not copied (too large, ...); retried by a delta only if the reason no longer applies. */
    SKIPPED,
    /** Could not be copied; a delta retries it. */
    FAILED,
    /** Copied, verified, and deleted from the source (move mode). */
    MOVED
}
