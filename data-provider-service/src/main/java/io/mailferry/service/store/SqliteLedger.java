package io.mailferry.service.store;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's {@link Ledger} in the {@code ledger_entry} table, keyed by the connectors' opaque ids. Rows belong to a {@code mailbox_pair} (deleting the
 * pair deletes its ledger).
 *
 * <p>Durability: every {@link #put} and {@link #remove} is one transaction (a batch insert, all rows or none) that is
 * committed with {@code PRAGMA synchronous = FULL}: the WAL is fsynced before the commit returns. The database's
 * default, {@code NORMAL} in WAL mode, already survives the process being killed at any instant (the committed WAL
 * frames are in the OS page cache); {@code FULL} also survives a power loss or OS crash right after the commit. The
 * engine appends to the target only after the PENDING rows are written, so a lost PENDING row could become a
 * duplicate after a power cut; one fsync per batch (tens of messages) is cheap next to the IMAP round trips of the
 * batch. Thread-safe: the writes take their turn on {@link Database#durably}'s connection, kept at FULL; reads use
 * pooled connections (NORMAL, the database's default).
 */
public final class SqliteLedger implements Ledger {
    /** A row's columns after its pair and source folder, in {@link #entry(ResultSet, String, String, int)}'s order. */
    private static final String ITEM_COLUMNS = "source_item, source_epoch, source_order, target_folder, target_mark, "
            + "target_item, dedup_key, size, content_hash, state, reason, updated_at";
    private static final String COLUMNS = "pair_id, source_folder, " + ITEM_COLUMNS;
    /**
     * A row written whole: inserted, or, when the item has one (a PENDING row becoming DONE or FAILED), updated in place.
     * Not {@code INSERT OR REPLACE}, which deletes the old row and its index entries and inserts both again, and checks
     * the pair's foreign key once more (docs/performance.md, issue 10 part 28).
     */
    private static final String UPSERT = "INSERT INTO ledger_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?) ON CONFLICT (pair_id, source_folder, source_item) DO UPDATE SET source_epoch = "
            + "excluded.source_epoch, source_order = excluded.source_order, target_folder = excluded.target_folder, "
            + "target_mark = excluded.target_mark, target_item = excluded.target_item, dedup_key = excluded.dedup_key, "
            + "size = excluded.size, content_hash = excluded.content_hash, state = excluded.state, "
            + "reason = excluded.reason, updated_at = excluded.updated_at";
    /**
     * A write's outcome on its PENDING row: the four columns {@link LedgerEntry#withState} changes, and neither the row's
     * other columns nor the target folder's index entry rewritten (SQLite rewrites an index whose columns an upsert
     * sets, even to the same values).
     */
    private static final String SETTLE = "UPDATE ledger_entry SET target_item = ?, state = ?, reason = ?, "
            + "updated_at = ? WHERE pair_id = ? AND source_folder = ? AND source_item = ?";
    /**
     * The rows of some items of a folder, the ids in one JSON array: Jdbi rendered a list of n ids as n named
     * parameters and parsed that text anew for every n, a statement of n "?" cost SQLite a parse of its own per page,
     * and a Jdbi handle per page cost more than reading the page's rows (docs/performance.md, issue 10 parts 7 and 28);
     * SQLite still looks each id up by the primary key.
     */
    private static final String ENTRIES = "SELECT " + ITEM_COLUMNS + " FROM ledger_entry WHERE pair_id = ? AND "
            + "source_folder = ? AND source_item IN (SELECT value FROM json_each(?))";
    private static final String EPOCHS = "SELECT DISTINCT source_epoch FROM ledger_entry WHERE pair_id = ? AND "
            + "source_folder = ? ORDER BY source_epoch";
    private static final String DELETE = "DELETE FROM ledger_entry WHERE pair_id = ? AND source_folder = ? AND "
            + "source_item = ?";

    private final Database database;

    @Override
    public String location() {
        return database.file().toAbsolutePath().getParent().toString();
    }

    public SqliteLedger(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, LedgerEntry> entries(String pairId, String sourceFolder, Collection<String> sourceItems) {
        Map<String, LedgerEntry> result = new HashMap<>();
        if (sourceItems.isEmpty()) {
            return result;
        }
        // plain JDBC on a pooled connection, the ids in one JSON array (ENTRIES)
        String ids = StoreJson.strings(sourceItems);
        database.pooled(ENTRIES, select -> {
            select.setString(1, pairId);
            select.setString(2, sourceFolder);
            select.setString(3, ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    LedgerEntry e = entry(rs, pairId, sourceFolder, 1);
                    result.put(e.sourceItem(), e);
                }
            }
            return null;
        });
        return result;
    }

    @Override
    public void put(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        // plain JDBC: two puts per batch of a pass, and Jdbi's named binding of their fourteen columns per row cost
        // more CPU than SQLite's insert (docs/performance.md, issue 10 part 7)
        database.durably(UPSERT, insert -> {
            upsert(insert, entries);
            return null;
        });
    }

    @Override
    public void settle(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int[] updated = database.durably(SETTLE, update -> settle(update, entries));
        // never so in a pass (its PENDING rows come first); a row removed meanwhile is written whole, in a
        // transaction of its own after the others' (Ledger.settle)
        put(missing(entries, updated));
    }

    /**
     * One transaction for both, as the port allows: a pass settles each batch with its next batch's PENDING rows, one
     * fsync where there were two (docs/performance.md, issue 10 part 34). A settled row the store lacks is written
     * whole in the same transaction.
     */
    @Override
    public void settleAndPut(List<LedgerEntry> outcomes, List<LedgerEntry> entries) {
        if (outcomes.isEmpty()) {
            put(entries);
            return;
        }
        database.durably(SETTLE, UPSERT, (update, insert) -> {
            List<LedgerEntry> whole = new ArrayList<>(missing(outcomes, settle(update, outcomes)));
            whole.addAll(entries);
            if (!whole.isEmpty()) {
                upsert(insert, whole);
            }
            return null;
        });
    }

    private static void upsert(PreparedStatement insert, List<LedgerEntry> entries) throws SQLException {
        for (LedgerEntry e : entries) {
            insert.setString(1, e.pairId());
            insert.setString(2, e.sourceFolder());
            insert.setString(3, e.sourceItem());
            insert.setString(4, e.sourceEpoch());
            insert.setLong(5, e.sourceOrder());
            insert.setString(6, e.targetFolder());
            insert.setString(7, e.targetMark());
            insert.setString(8, e.targetItem());
            insert.setString(9, e.dedupKey());
            insert.setLong(10, e.size());
            insert.setString(11, e.contentHash());
            insert.setString(12, e.state().name());
            insert.setString(13, e.reason());
            insert.setLong(14, e.updatedAtMillis());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /** The rows' outcomes set by key: how many rows each update changed (0: the row is not there). */
    private static int[] settle(PreparedStatement update, List<LedgerEntry> entries) throws SQLException {
        for (LedgerEntry e : entries) {
            update.setString(1, e.targetItem());
            update.setString(2, e.state().name());
            update.setString(3, e.reason());
            update.setLong(4, e.updatedAtMillis());
            update.setString(5, e.pairId());
            update.setString(6, e.sourceFolder());
            update.setString(7, e.sourceItem());
            update.addBatch();
        }
        return update.executeBatch();
    }

    private static List<LedgerEntry> missing(List<LedgerEntry> entries, int[] updated) {
        List<LedgerEntry> missing = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (updated[i] == 0) {
                missing.add(entries.get(i));
            }
        }
        return missing;
    }

    @Override
    public List<LedgerEntry> pending(String pairId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_entry "
                        + "WHERE pair_id = :p AND state = 'PENDING' ORDER BY source_folder, source_order, source_item")
                .bind("p", pairId).map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public void remove(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        database.durably(DELETE, delete -> {
            for (LedgerEntry e : entries) {
                delete.setString(1, e.pairId());
                delete.setString(2, e.sourceFolder());
                delete.setString(3, e.sourceItem());
                delete.addBatch();
            }
            delete.executeBatch();
            return null;
        });
    }

    @Override
    public Set<String> sourceEpochs(String pairId, String sourceFolder) {
        // plain JDBC: asked once per folder of every pass
        return database.pooled(EPOCHS, select -> {
            Set<String> epochs = new LinkedHashSet<>();
            select.setString(1, pairId);
            select.setString(2, sourceFolder);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    epochs.add(rs.getString(1));
                }
            }
            return epochs;
        });
    }

    @Override
    public int removeEpoch(String pairId, String sourceFolder, String epoch) {
        return database.durably(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM ledger_entry WHERE pair_id = ? AND "
                    + "source_folder = ? AND source_epoch = ?")) {
                delete.setString(1, pairId);
                delete.setString(2, sourceFolder);
                delete.setString(3, epoch);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public Set<String> targetFolders(String pairId, String sourceFolder) {
        return new LinkedHashSet<>(database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT target_folder "
                        + "FROM ledger_entry WHERE pair_id = :p AND source_folder = :f ORDER BY target_folder")
                .bind("p", pairId).bind("f", sourceFolder).mapTo(String.class).list()));
    }

    @Override
    public List<LedgerEntry> entriesOf(String pairId, String sourceFolder) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_entry "
                        + "WHERE pair_id = :p AND source_folder = :f")
                .bind("p", pairId).bind("f", sourceFolder).map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public List<LedgerEntry> entriesByTarget(String pairId, String targetFolder) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_entry "
                        + "WHERE pair_id = :p AND target_folder = :f")
                .bind("p", pairId).bind("f", targetFolder).map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public long unsettled(String pairId, String sourceFolder) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_entry WHERE pair_id = :p "
                        + "AND source_folder = :f AND state IN ('PENDING', 'FAILED')")
                .bind("p", pairId).bind("f", sourceFolder).mapTo(Long.class).one());
    }

    /** One statement: the pair's PENDING and FAILED rows counted by folder, kept for the folders asked about. */
    @Override
    public Map<String, Long> unsettled(String pairId, Collection<String> sourceFolders) {
        Set<String> wanted = new HashSet<>(sourceFolders);
        Map<String, Long> counts = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT source_folder, COUNT(*) FROM ledger_entry WHERE "
                        + "pair_id = :p AND state IN ('PENDING', 'FAILED') GROUP BY source_folder").bind("p", pairId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> {
                    if (wanted.contains(e.getKey())) {
                        counts.put(e.getKey(), e.getValue());
                    }
                }));
        return counts;
    }

    @Override
    public Map<LedgerState, Long> counts(String pairId) {
        Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
        database.jdbi().useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM ledger_entry WHERE pair_id = :p "
                        + "GROUP BY state").bind("p", pairId)
                .map((rs, ctx) -> Map.entry(LedgerState.valueOf(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** A row selected as {@link #COLUMNS}. */
    private static LedgerEntry entry(ResultSet rs) throws SQLException {
        return entry(rs, rs.getString(1), rs.getString(2), 3);
    }

    /** A row whose {@link #ITEM_COLUMNS} start at column {@code first}, of a pair and source folder known already. */
    private static LedgerEntry entry(ResultSet rs, String pairId, String sourceFolder, int first) throws SQLException {
        return new LedgerEntry(pairId, sourceFolder, rs.getString(first + 1), rs.getString(first),
                rs.getLong(first + 2), rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5),
                rs.getString(first + 6), rs.getLong(first + 7), rs.getString(first + 8),
                LedgerState.valueOf(rs.getString(first + 9)), rs.getString(first + 10), rs.getLong(first + 11));
    }
}
