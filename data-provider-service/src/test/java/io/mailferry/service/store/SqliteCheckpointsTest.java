package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.FolderCheckpoint;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder checkpoints on a real SQLite file, and the ledger's count of unsettled rows per folder. */
class SqliteCheckpointsTest {
    @TempDir
    Path dir;
    StoreFixture store;
    String pair;

    @BeforeEach
    void open() {
        store = new StoreFixture(dir);
        pair = store.jobWithPairs("j1", "anna@old").get(0).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putShouldReplaceTheFolderCheckpointAndGetShouldReadEveryField() {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(store.db);
        assertThat(checkpoints.get(pair, "INBOX")).isNull();
        checkpoints.put(new FolderCheckpoint(pair, "INBOX", "7:10:99", "target=INBOX|a", 3, 300, 1));
        FolderCheckpoint later = new FolderCheckpoint(pair, "INBOX", "7:12:120", "target=INBOX|b", 4, 400, 2);

        checkpoints.put(later);

        assertThat(checkpoints.get(pair, "INBOX")).isEqualTo(later);
        assertThat(checkpoints.get(pair, "Sent")).isNull();
    }

    @Test
    void getOfManyFoldersShouldAnswerWhatGetAnswersForEach() {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(store.db);
        String other = store.jobWithPairs("j2", "ben@old").get(0).id();
        FolderCheckpoint inbox = new FolderCheckpoint(pair, "INBOX", "7:10:99", "s", 3, 300, 1, "9:4|count=3");
        FolderCheckpoint sent = new FolderCheckpoint(pair, "Sent", "8:11:98", "s", 0, 0, 1);
        checkpoints.put(inbox);
        checkpoints.put(sent);
        checkpoints.put(new FolderCheckpoint(pair, "Work", "9:1:1", "s", 0, 0, 1));
        checkpoints.put(new FolderCheckpoint(other, "Drafts", "9:1:1", "s", 0, 0, 1));

        var found = checkpoints.get(pair, List.of("INBOX", "Sent", "Drafts"));

        assertThat(found).containsOnly(java.util.Map.entry("INBOX", inbox), java.util.Map.entry("Sent", sent));
    }

    @Test
    void removeShouldForgetOnlyThatFolderAndToleratePassingNone() {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(store.db);
        checkpoints.put(new FolderCheckpoint(pair, "INBOX", "7:10:99", "s", 0, 0, 1));
        FolderCheckpoint sent = new FolderCheckpoint(pair, "Sent", "8:11:98", "s", 0, 0, 1);
        checkpoints.put(sent);

        checkpoints.remove(pair, "INBOX");
        checkpoints.remove(pair, "Drafts");

        assertThat(checkpoints.get(pair, "INBOX")).isNull();
        assertThat(checkpoints.get(pair, "Sent")).isEqualTo(sent);
    }

    @Test
    void deletingThePairShouldDeleteItsCheckpoints() {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(store.db);
        checkpoints.put(new FolderCheckpoint(pair, "INBOX", "7:10:99", "s", 0, 0, 1));

        store.pairs.delete(pair);

        assertThat(checkpoints.get(pair, "INBOX")).isNull();
    }

    @Test
    void unsettledShouldCountPendingAndFailedRowsOfOneFolderOnly() {
        SqliteLedger ledger = new SqliteLedger(store.db);
        ledger.put(List.of(SqliteLedgerTest.entry(pair, "INBOX", "5", 1, LedgerState.DONE, 1),
                SqliteLedgerTest.entry(pair, "INBOX", "5", 2, LedgerState.FAILED, 0),
                SqliteLedgerTest.entry(pair, "INBOX", "6", 3, LedgerState.PENDING, 0),
                SqliteLedgerTest.entry(pair, "INBOX", "5", 4, LedgerState.SKIPPED, 0),
                SqliteLedgerTest.entry(pair, "Work", "5", 1, LedgerState.FAILED, 0)));

        assertThat(ledger.unsettled(pair, "INBOX")).isEqualTo(2);
        assertThat(ledger.unsettled(pair, "Sent")).isZero();
    }
}
