package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionShouldUseWalForeignKeysAndTheBusyTimeout() {
        try (Database db = Database.open(dir.resolve("mailferry.db"))) {
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "busy_timeout")).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MILLIS));
        }
    }

    @Test
    void walFileShouldStayBetweenWritesWhileTheDatabaseIsOpenAndGoWhenItCloses() {
        Path file = dir.resolve("mailferry.db");
        Path wal = dir.resolve("mailferry.db-wal");
        try (Database db = Database.open(file)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x INTEGER)"));
            db.jdbi().useHandle(h -> h.execute("INSERT INTO probe VALUES (1)"));
            // without a connection held open, SQLite checkpoints and deletes the WAL after every handle closes
            assertThat(wal).as("WAL kept while open").exists();
        }
        assertThat(wal).as("WAL checkpointed and removed on close").doesNotExist();
    }

    @Test
    void durableWritesShouldCommitAtSynchronousFullWhileOtherConnectionsKeepNormal() {
        try (Database db = Database.open(dir.resolve("mailferry.db"))) {
            int mode = db.durably(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
                    return rs.getInt(1);
                }
            });
            assertThat(mode).as("FULL").isEqualTo(2);
            assertThat(pragma(db, "synchronous")).as("NORMAL").isEqualTo("1");
        }
    }

    @Test
    void aFailedDurableWriteShouldLeaveNothingAndTheNextOneShouldBeWritten() {
        try (Database db = withProbeTable()) {
            assertThatThrownBy(() -> db.durably(c -> {
                insert(c, 1);
                return insert(c, 1); // the same key: refused
            })).isInstanceOf(UnableToExecuteStatementException.class).hasRootCauseInstanceOf(SQLException.class);
            assertThat(count(db)).as("the transaction rolled back whole").isZero();

            db.durably(c -> insert(c, 2));
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void aWriteThatEndsInAnErrorShouldBeRolledBackAndOneWhoseConnectionBrokeShouldGetANewOne() {
        try (Database db = withProbeTable()) {
            assertThatThrownBy(() -> db.durably(c -> {
                insert(c, 1);
                throw new OutOfMemoryError("a test's");
            })).isInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> db.durably(c -> {
                c.close(); // the rollback then fails too
                throw new SQLException("a test's broken connection");
            })).isInstanceOf(UnableToExecuteStatementException.class);
            db.durably(c -> insert(c, 2));

            assertThat(count(db)).as("row 1 rolled back, not committed with row 2").isEqualTo(1);
        }
    }

    @Test
    void aStatementKeptForDurableWritesShouldStartEachWriteWithNothingLeftFromAFailedOne() {
        try (Database db = withProbeTable()) {
            String sql = "INSERT INTO probe VALUES (?)";
            assertThatThrownBy(() -> db.durably(sql, st -> {
                st.setInt(1, 1);
                st.addBatch();
                throw new SQLException("a test's failure after a row was batched");
            })).isInstanceOf(UnableToExecuteStatementException.class);
            db.durably(sql, st -> {
                st.setInt(1, 2);
                st.addBatch();
                return st.executeBatch();
            });
            assertThat(count(db)).as("row 1 neither committed nor batched again").isEqualTo(1);

            db.freezeSize(false); // closes the durable connection and the statements prepared on it
            db.durably(sql, st -> {
                st.setInt(1, 3);
                return st.executeUpdate();
            });
            assertThat(count(db)).isEqualTo(2);
        }
    }

    private Database withProbeTable() {
        Database db = Database.open(dir.resolve("mailferry.db"));
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x INTEGER PRIMARY KEY)"));
        return db;
    }

    private static int insert(Connection c, int x) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate("INSERT INTO probe VALUES (" + x + ")");
        }
    }

    @Test
    void aDurableWriteAfterCloseShouldBeRefusedWithoutOpeningAConnection() {
        Database db = Database.open(dir.resolve("mailferry.db"));
        db.close();

        assertThatThrownBy(() -> db.durably(c -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("is closed.");
    }

    private static int count(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM probe").mapTo(Integer.class).one());
    }

    private static String pragma(Database db, String name) {
        return db.jdbi().withHandle(h -> h.createQuery("PRAGMA " + name).mapTo(String.class).one());
    }

    @Test
    void aFileThatIsNotADatabaseShouldBeRefusedInPlainWords() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("mailferry.db"),
                "this is a text file, not a database, and long enough for SQLite to read its header".repeat(10));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(file + ": the file is not a Mailferry database.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SQLITE"));
    }
}
