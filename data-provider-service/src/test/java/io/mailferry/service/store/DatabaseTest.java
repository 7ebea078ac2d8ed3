package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
