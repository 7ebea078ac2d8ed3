package io.mailferry.service.store;

import io.mailferry.service.engine.Checkpoints;
import io.mailferry.service.engine.FolderCheckpoint;

/**
 * The engine's {@link Checkpoints} in the {@code folder_checkpoint} table; rows belong to a {@code mailbox_pair}
 * (deleting the pair deletes them, with its ledger). Each call is one statement, so atomic; no fsync is forced: a
 * checkpoint lost to a power cut only costs the next pass one listing. Thread-safe.
 */
public final class SqliteCheckpoints implements Checkpoints {
    private final Database database;

    public SqliteCheckpoints(Database database) {
        this.database = database;
    }

    @Override
    public FolderCheckpoint get(String pairId, String sourceFolder) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT pair_id, source_folder, uid_validity, uid_next, "
                        + "highest_mod_seq, selection, items, bytes, updated_at FROM folder_checkpoint WHERE pair_id = :p "
                        + "AND source_folder = :f")
                .bind("p", pairId).bind("f", sourceFolder)
                .map((rs, ctx) -> new FolderCheckpoint(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)))
                .findOne().orElse(null));
    }

    @Override
    public void put(FolderCheckpoint c) {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT OR REPLACE INTO folder_checkpoint (pair_id, "
                        + "source_folder, uid_validity, uid_next, highest_mod_seq, selection, items, bytes, "
                        + "updated_at) VALUES (:p, :f, :v, :n, :m, :s, :items, :bytes, :at)")
                .bind("p", c.pairId()).bind("f", c.sourceFolder()).bind("v", c.uidValidity()).bind("n", c.uidNext())
                .bind("m", c.highestModSeq()).bind("s", c.selection()).bind("items", c.items())
                .bind("bytes", c.bytes()).bind("at", c.updatedAtMillis()).execute());
    }

    /** Same database and connection settings as the ledger: in WAL order, durable before any later ledger commit. */
    @Override
    public void remove(String pairId, String sourceFolder) {
        database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM folder_checkpoint WHERE pair_id = :p AND "
                        + "source_folder = :f")
                .bind("p", pairId).bind("f", sourceFolder).execute());
    }
}
