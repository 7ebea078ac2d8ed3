package io.mailferry.service.store;

import io.mailferry.service.engine.Ledger;
import io.mailferry.service.engine.LedgerEntry;
import io.mailferry.service.engine.LedgerState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The engine's {@link Ledger} in the {@code ledger_item} table. Rows belong to a {@code mailbox_pair} (deleting the
 * pair deletes its ledger).
 *
 * <p>Durability: every {@link #put} and {@link #remove} is one transaction (a batch insert, all rows or none) that is
 * committed with {@code PRAGMA synchronous = FULL}: the WAL is fsynced before the commit returns. The database's
 * default, {@code NORMAL} in WAL mode, already survives the process being killed at any instant (the committed WAL
 * frames are in the OS page cache); {@code FULL} also survives a power loss or OS crash right after the commit. The
 * engine appends to the target only after the PENDING rows are written, so a lost PENDING row could become a
 * duplicate after a power cut; one fsync per batch (tens of messages) is cheap next to the IMAP round trips of the
 * batch. Thread-safe: each call uses its own connection; SQLite serialises writers (busy timeout in
 * {@link Database}).
 */
public final class SqliteLedger implements Ledger {
    private static final String COLUMNS = "pair_id, source_folder, source_uid_validity, source_uid, target_folder, "
            + "target_uid_validity, target_uid_next_before, target_uid, dedup_key, size, sha256, state, reason, "
            + "updated_at";

    private final Database database;

    public SqliteLedger(Database database) {
        this.database = database;
    }

    @Override
    public Map<Long, LedgerEntry> entries(String pairId, String sourceFolder, long sourceUidValidity, long fromUid,
            long toUid) {
        Map<Long, LedgerEntry> result = new LinkedHashMap<>();
        if (fromUid > toUid) {
            return result;
        }
        database.jdbi().useHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_item WHERE pair_id = :p "
                        + "AND source_folder = :f AND source_uid_validity = :v AND source_uid BETWEEN :from AND :to "
                        + "ORDER BY source_uid")
                .bind("p", pairId).bind("f", sourceFolder).bind("v", sourceUidValidity).bind("from", fromUid)
                .bind("to", toUid).map((rs, ctx) -> entry(rs)).forEach(e -> result.put(e.sourceUid(), e)));
        return result;
    }

    @Override
    public void put(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        durably(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT OR REPLACE INTO ledger_item (" + COLUMNS + ") VALUES (:pair, "
                    + ":sf, :suv, :su, :tf, :tuv, :tnext, :tu, :dedup, :size, :sha, :state, :reason, :at)");
            for (LedgerEntry e : entries) {
                batch.bind("pair", e.pairId()).bind("sf", e.sourceFolder()).bind("suv", e.sourceUidValidity())
                        .bind("su", e.sourceUid()).bind("tf", e.targetFolder()).bind("tuv", e.targetUidValidity())
                        .bind("tnext", e.targetUidNextBefore()).bind("tu", e.targetUid()).bind("dedup", e.dedupKey())
                        .bind("size", e.size()).bind("sha", e.sha256()).bind("state", e.state().name())
                        .bind("reason", e.reason()).bind("at", e.updatedAtMillis()).add();
            }
            batch.execute();
        });
    }

    @Override
    public List<LedgerEntry> pending(String pairId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_item "
                        + "WHERE pair_id = :p AND state = 'PENDING' ORDER BY source_folder, source_uid")
                .bind("p", pairId).map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public void remove(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        durably(h -> {
            PreparedBatch batch = h.prepareBatch("DELETE FROM ledger_item WHERE pair_id = :pair AND source_folder = "
                    + ":sf AND source_uid_validity = :suv AND source_uid = :su");
            for (LedgerEntry e : entries) {
                batch.bind("pair", e.pairId()).bind("sf", e.sourceFolder()).bind("suv", e.sourceUidValidity())
                        .bind("su", e.sourceUid()).add();
            }
            batch.execute();
        });
    }

    @Override
    public Set<Long> sourceUidValidities(String pairId, String sourceFolder) {
        return new LinkedHashSet<>(database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT source_uid_validity "
                        + "FROM ledger_item WHERE pair_id = :p AND source_folder = :f ORDER BY source_uid_validity")
                .bind("p", pairId).bind("f", sourceFolder).mapTo(Long.class).list()));
    }

    @Override
    public List<LedgerEntry> entriesByTarget(String pairId, String targetFolder, long fromTargetUid) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_item "
                        + "WHERE pair_id = :p AND target_folder = :f AND target_uid >= :from ORDER BY target_uid")
                .bind("p", pairId).bind("f", targetFolder).bind("from", fromTargetUid)
                .map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public long unsettled(String pairId, String sourceFolder) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_item WHERE pair_id = :p "
                        + "AND source_folder = :f AND state IN ('PENDING', 'FAILED')")
                .bind("p", pairId).bind("f", sourceFolder).mapTo(Long.class).one());
    }

    @Override
    public Map<LedgerState, Long> counts(String pairId) {
        Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
        database.jdbi().useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM ledger_item WHERE pair_id = :p "
                        + "GROUP BY state").bind("p", pairId)
                .map((rs, ctx) -> Map.entry(LedgerState.valueOf(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** Runs {@code work} in one transaction whose commit is fsynced (see the class comment). */
    private void durably(java.util.function.Consumer<Handle> work) {
        database.jdbi().useHandle(h -> {
            // per connection, and it cannot change inside a transaction: set it before BEGIN
            h.execute("PRAGMA synchronous = FULL");
            h.useTransaction(work::accept);
        });
    }

    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getString("pair_id"), rs.getString("source_folder"),
                rs.getLong("source_uid_validity"), rs.getLong("source_uid"), rs.getString("target_folder"),
                rs.getLong("target_uid_validity"), rs.getLong("target_uid_next_before"), rs.getLong("target_uid"),
                rs.getString("dedup_key"), rs.getLong("size"), rs.getString("sha256"),
                LedgerState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getLong("updated_at"));
    }
}
