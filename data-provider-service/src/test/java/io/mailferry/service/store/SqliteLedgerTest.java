package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on a real SQLite file: every query of the port, atomic batches, and survival across reopen. */
class SqliteLedgerTest {
    @TempDir
    Path dir;
    StoreFixture store;
    SqliteLedger ledger;
    String pair;

    @BeforeEach
    void open() {
        store = new StoreFixture(dir);
        pair = store.jobWithPairs("j1", "anna@old").get(0).id();
        ledger = new SqliteLedger(store.db);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static LedgerEntry entry(String pair, String folder, long uidValidity, long uid, LedgerState state, long targetUid) {
        return new LedgerEntry(pair, folder, uidValidity, uid, "T/" + folder, 7, 100, targetUid, "<" + uid + "@x>",
                1000 + uid, "sha" + uid, state, state == LedgerState.FAILED ? "rejected" : null, 42);
    }

    @Test
    void putShouldStoreEveryFieldAndEntriesShouldSelectTheUidRange() {
        List<LedgerEntry> rows = new ArrayList<>();
        for (long uid = 1; uid <= 10; uid++) {
            rows.add(entry(pair, "INBOX", 5, uid, LedgerState.DONE, 100 + uid));
        }
        rows.add(entry(pair, "INBOX", 6, 3, LedgerState.DONE, 0));
        rows.add(entry(pair, "Work", 5, 3, LedgerState.FAILED, 0));
        ledger.put(rows);

        Map<Long, LedgerEntry> range = ledger.entries(pair, "INBOX", 5, 3, 6);
        assertThat(range).containsOnlyKeys(3L, 4L, 5L, 6L);
        assertThat(range.get(4L)).isEqualTo(rows.get(3));
        assertThat(ledger.entries(pair, "INBOX", 5, 6, 3)).isEmpty();
        assertThat(ledger.entries(pair, "Work", 5, 1, 100).get(3L).reason()).isEqualTo("rejected");
        assertThat(ledger.sourceUidValidities(pair, "INBOX")).containsExactly(5L, 6L);
        assertThat(ledger.counts(pair)).containsEntry(LedgerState.DONE, 11L).containsEntry(LedgerState.FAILED, 1L);
    }

    @Test
    void putShouldReplaceTheRowWithTheSameKey() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.PENDING, 0)));
        assertThat(ledger.pending(pair)).hasSize(1);

        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.DONE, 101)));

        assertThat(ledger.pending(pair)).isEmpty();
        assertThat(ledger.entries(pair, "INBOX", 5, 1, 1).get(1L).targetUid()).isEqualTo(101);
        assertThat(ledger.counts(pair)).containsExactly(Map.entry(LedgerState.DONE, 1L));
    }

    @Test
    void putShouldWriteAllRowsOrNone() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.DONE, 1)));
        // the second row belongs to no pair: the foreign key fails it, and with it the whole batch
        List<LedgerEntry> batch = List.of(entry(pair, "INBOX", 5, 2, LedgerState.DONE, 2),
                entry("no-such-pair", "INBOX", 5, 3, LedgerState.DONE, 3));

        assertThatThrownBy(() -> ledger.put(batch)).isInstanceOf(RuntimeException.class);

        assertThat(ledger.entries(pair, "INBOX", 5, 1, 100)).containsOnlyKeys(1L);
    }

    @Test
    void entriesByTargetShouldFilterByTargetFolderAndUid() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.DONE, 101),
                entry(pair, "INBOX", 5, 2, LedgerState.PENDING, 0),
                entry(pair, "INBOX", 5, 3, LedgerState.DONE, 103),
                entry(pair, "Work", 5, 4, LedgerState.DONE, 104)));

        assertThat(ledger.entriesByTarget(pair, "T/INBOX", 0)).extracting(LedgerEntry::sourceUid)
                .containsExactly(2L, 1L, 3L);
        assertThat(ledger.entriesByTarget(pair, "T/INBOX", 102)).extracting(LedgerEntry::sourceUid)
                .containsExactly(3L);
    }

    @Test
    void removeShouldDeleteOnlyTheGivenRows() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.PENDING, 0),
                entry(pair, "INBOX", 5, 2, LedgerState.PENDING, 0)));

        ledger.remove(List.of(entry(pair, "INBOX", 5, 1, LedgerState.PENDING, 0)));

        assertThat(ledger.pending(pair)).extracting(LedgerEntry::sourceUid).containsExactly(2L);
    }

    @Test
    void rowsShouldSurviveClosingAndReopeningTheDatabase() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.PENDING, 0)));
        store.close();

        store = new StoreFixture(dir);
        ledger = new SqliteLedger(store.db);

        assertThat(ledger.pending(pair)).containsExactly(entry(pair, "INBOX", 5, 1, LedgerState.PENDING, 0));
    }

    @Test
    void deletingThePairShouldDeleteItsLedger() {
        ledger.put(List.of(entry(pair, "INBOX", 5, 1, LedgerState.DONE, 1)));

        store.pairs.delete(pair);

        assertThat(ledger.counts(pair)).isEmpty();
    }
}
