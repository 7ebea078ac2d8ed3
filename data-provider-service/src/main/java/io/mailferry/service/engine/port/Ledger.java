package io.mailferry.service.engine.port;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable record of what has been copied, which makes every re-run idempotent and every crash recoverable. Keyed
 * by opaque strings (pair, source folder id, source item id): no protocol's numbers. Implementations must make each
 * {@link #put} atomic and durable before returning (the engine writes to the target only after the PENDING rows are
 * durable). Thread-safe.
 */
public interface Ledger {
    /** The rows of the given items of one source folder, keyed by source item id; items without a row are absent. */
    Map<String, LedgerEntry> entries(String pairId, String sourceFolder, Collection<String> sourceItems);

    /** Every row of one source folder of the pair, any state (deletion sync looks for items gone from the source). */
    List<LedgerEntry> entriesOf(String pairId, String sourceFolder);

    /** Inserts or replaces the rows (same key), all or none. */
    void put(List<LedgerEntry> entries);

    /**
     * Records the outcome of writes: each row is one {@link #put} wrote before, changed only by
     * {@link LedgerEntry#withState} (state, target item, reason, time). Durable like {@link #put}; a store may change
     * just those columns, the rows it has all or none, and write a row it does not have whole (never so in a pass,
     * whose PENDING rows come first).
     */
    default void settle(List<LedgerEntry> entries) {
        put(entries);
    }

    /**
     * {@link #settle}s {@code outcomes}, then {@link #put}s {@code entries}: a pass records a batch's outcomes with its
     * next batch's PENDING rows. A store may do both in one durable write (all or none); by default they are the two
     * writes, in that order.
     */
    default void settleAndPut(List<LedgerEntry> outcomes, List<LedgerEntry> entries) {
        settle(outcomes);
        put(entries);
    }

    /** Every PENDING row of the pair (left by a crash), for reconciliation before anything is re-sent. */
    List<LedgerEntry> pending(String pairId);

    /** Removes rows (a PENDING row whose item never reached the target, an item found deleted on the target). */
    void remove(List<LedgerEntry> entries);

    /**
     * The source folder epochs the pair has rows for in one source folder. More than one only after the source
     * renumbered the folder (IMAP: new UIDVALIDITY); the engine then removes the rows of the old ones.
     */
    Set<String> sourceEpochs(String pairId, String sourceFolder);

    /** Removes every row of one source folder written under {@code epoch}; returns how many. */
    int removeEpoch(String pairId, String sourceFolder, String epoch);

    /** The target folder ids the rows of one source folder point at (where its items were copied before). */
    Set<String> targetFolders(String pairId, String sourceFolder);

    /**
     * Rows of the pair, any state, whose {@code targetFolder} is the given id. Used to tell the pair's own copies
     * from items that were on the target before (duplicate detection) and by crash reconciliation.
     */
    List<LedgerEntry> entriesByTarget(String pairId, String targetFolder);

    /** How many rows of one source folder are PENDING or FAILED: such a folder has work left. */
    long unsettled(String pairId, String sourceFolder);

    /**
     * {@link #unsettled(String, String)} of each of these folders, by source folder (folders without such rows may be
     * left out); a store may count them at once.
     */
    default Map<String, Long> unsettled(String pairId, Collection<String> sourceFolders) {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (String folder : sourceFolders) {
            counts.put(folder, unsettled(pairId, folder));
        }
        return counts;
    }

    /** Counts per state for one pair, for progress and reports. */
    Map<LedgerState, Long> counts(String pairId);

    /** Where the ledger is kept, for sentences about a disk that cannot take it (a directory); null when in memory. */
    default String location() {
        return null;
    }
}
