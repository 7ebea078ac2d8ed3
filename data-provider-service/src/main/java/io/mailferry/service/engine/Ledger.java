package io.mailferry.service.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The source UIDVALIDITY values the pair has rows for in one source folder. More than one only after the source
     * server renumbered the folder; the engine then removes the rows of the old values.
     */
    Set<Long> sourceUidValidities(String pairId, String sourceFolder);

    /**
     * Rows of the pair, any state, whose {@code targetFolder} is the given path and whose {@code targetUid >=
     * fromTargetUid} (0 = every row of that target folder, including those with an unknown target UID). Used to tell
     * the pair's own copies from items that were on the target before (duplicate detection) and by crash
     * reconciliation.
     */
    List<LedgerEntry> entriesByTarget(String pairId, String targetFolder, long fromTargetUid);

    /**
     * How many rows of one source folder (any UIDVALIDITY) are PENDING or FAILED: such a folder has work left even when
     * nothing changed on the source. The default walks the folder's rows; stores should count in place.
     */
    default long unsettled(String pairId, String sourceFolder) {
        long n = 0;
        for (long v : sourceUidValidities(pairId, sourceFolder)) {
            n += entries(pairId, sourceFolder, v, 0, Long.MAX_VALUE).values().stream()
                    .filter(e -> e.state() == LedgerState.PENDING || e.state() == LedgerState.FAILED).count();
        }
        return n;
    }

    /** Counts per state for one pair, for progress and reports. */
    Map<LedgerState, Long> counts(String pairId);
}
