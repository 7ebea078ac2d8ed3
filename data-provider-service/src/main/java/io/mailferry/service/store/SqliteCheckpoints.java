package io.mailferry.service.store;

import io.mailferry.service.engine.port.Checkpoints;
import io.mailferry.service.engine.port.FolderCheckpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The engine's {@link Checkpoints} in the {@code folder_token} table; rows belong to a {@code mailbox_pair}
 * (deleting the pair deletes them, with its ledger). Each call is one statement, so atomic; no fsync is forced: a
 * checkpoint lost to a power cut only costs the next pass one listing. Thread-safe.
 */
public final class SqliteCheckpoints implements Checkpoints {
    /** A pair's checkpoints, in {@link #checkpoint}'s column order. */
    private static final String SELECT = "SELECT pair_id, source_folder, token, selection, items, bytes, updated_at, "
            + "target_token FROM folder_token WHERE pair_id = :p";
    private static final String UPSERT = "INSERT OR REPLACE INTO folder_token (pair_id, source_folder, token, "
            + "selection, items, bytes, updated_at, target_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;

    public SqliteCheckpoints(Database database) {
        this.database = database;
    }

    @Override
    public FolderCheckpoint get(String pairId, String sourceFolder) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " AND source_folder = :f")
                .bind("p", pairId).bind("f", sourceFolder).map(SqliteCheckpoints::checkpoint)
                .findOne().orElse(null));
    }

    /** One statement for the pair's checkpoints (a row per folder), kept for the folders asked about. */
    @Override
    public Map<String, FolderCheckpoint> get(String pairId, Collection<String> sourceFolders) {
        Set<String> wanted = new HashSet<>(sourceFolders);
        Map<String, FolderCheckpoint> found = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery(SELECT)
                .bind("p", pairId).map(SqliteCheckpoints::checkpoint)
                .forEach(cp -> {
                    if (wanted.contains(cp.sourceFolder())) {
                        found.put(cp.sourceFolder(), cp);
                    }
                }));
        return found;
    }

    private static FolderCheckpoint checkpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FolderCheckpoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getString(8));
    }

    @Override
    public void put(FolderCheckpoint c) {
        // plain JDBC on a pooled connection: once per folder of every pass, where a Jdbi handle and its named
        // binding cost more than the write
        database.inTurn(() -> database.pooled(UPSERT, insert -> {
            insert.setString(1, c.pairId());
            insert.setString(2, c.sourceFolder());
            insert.setString(3, c.token());
            insert.setString(4, c.selection());
            insert.setLong(5, c.items());
            insert.setLong(6, c.bytes());
            insert.setLong(7, c.updatedAtMillis());
            insert.setString(8, c.targetToken());
            return insert.executeUpdate();
        }));
    }

    /** Same database and connection settings as the ledger: in WAL order, durable before any later ledger commit. */
    @Override
    public void remove(String pairId, String sourceFolder) {
        database.inTurn(() -> database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM folder_token WHERE "
                        + "pair_id = :p AND source_folder = :f")
                .bind("p", pairId).bind("f", sourceFolder).execute()));
    }
}
