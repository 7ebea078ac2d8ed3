package io.mailferry.model.job;

/**
 * What to do when a source item has no ledger entry yet but an identical item (same Message-ID, or same header hash
 * for messages without one) was already on the target before Mailferry touched it.
 */
public enum DuplicatePolicy {
    /** Leave the target's copy, record it as matched, copy nothing. The default. */
    SKIP,
    /** Replace the target's copy with the source item (delete + append). */
    OVERWRITE,
    /** Copy anyway: the target then holds two. */
    CREATE_DUPLICATE
}
