package io.mailferry.service.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Statements prepared once on one connection and kept for its next uses (SQLite parsing a statement anew was a tenth
 * of a ledger write and a quarter of a ledger read: docs/performance.md, issue 10 parts 28 and 34). Keyed by their SQL,
 * which is a constant: text built at run time would grow them without end. Used by whoever holds the connection, one
 * thread at a time; closing the connection finalizes them too.
 */
final class KeptStatements {
    private final Map<String, PreparedStatement> kept = new HashMap<>();

    /** {@code sql} on {@code c}: prepared the first time, then the same statement with no batch or parameters left. */
    PreparedStatement on(Connection c, String sql) throws SQLException {
        PreparedStatement statement = kept.get(sql);
        if (statement == null) {
            statement = c.prepareStatement(sql);
            kept.put(sql, statement);
        } else {
            statement.clearBatch();
            statement.clearParameters();
        }
        return statement;
    }

    /** Closes and forgets {@code sql}'s statement (its work failed: the next use prepares it again). */
    void drop(String sql) {
        PreparedStatement statement = kept.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    /** Closes and forgets every statement (their connection goes). */
    void closeAll() {
        kept.values().forEach(KeptStatements::closeQuietly);
        kept.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // dropped; its connection frees it, or tells the next caller it is broken
        }
    }
}
