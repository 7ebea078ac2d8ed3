package io.mailferry.service.engine;

import java.util.List;
import java.util.Map;

/**
 * The durable record of what has been copied, which makes every re-run idempotent and every crash recoverable.
 * Implementations must make each {@link #put} atomic and durable before returning (the engine appends to the target
 * only after the PENDING rows are durable). Thread-safe.
 */
public interface Ledger {
    /** Entries of one source folder with {@code fromUid <= uid <= toUid}, keyed by source UID. */
    Map<Long, LedgerEntry> entries(String pairId, String sourceFolder, long sourceUidValidity, long fromUid, long toUid);

    /** Inserts or replaces the rows (same key), all or none. */
    void put(List<LedgerEntry> entries);

    /** Every PENDING row of the pair (left by a crash), for reconciliation before anything is re-sent. */
    List<LedgerEntry> pending(String pairId);

    /** Removes rows (a PENDING row whose message never reached the target, or a folder whose UIDVALIDITY changed). */
    void remove(List<LedgerEntry> entries);

    /** Counts per state for one pair, for progress and reports. */
    Map<LedgerState, Long> counts(String pairId);
}
