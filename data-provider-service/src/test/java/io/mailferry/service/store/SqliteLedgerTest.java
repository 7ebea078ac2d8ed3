package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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

    /**
     * A row spelt as the IMAP connector spells its ids: item "epoch:order" in folder {@code folder}, copied to
     * "T/folder" as target item "7:targetUid" (none when 0) under the write mark "7:100".
     */
    static LedgerEntry entry(String pair, String folder, String epoch, long order, LedgerState state,
            long targetUid) {
        return new LedgerEntry(pair, folder, epoch, epoch + ":" + order, order, "T/" + folder, "7:100",
                targetUid > 0 ? "7:" + targetUid : null, "mid:<" + order + "@x>", 1000 + order, "sha" + order, state,
                state == LedgerState.FAILED ? "rejected" : null, 42);
    }

    @Test
    void putShouldStoreEveryFieldAndEntriesShouldSelectTheGivenItemsOfOneFolder() {
        List<LedgerEntry> rows = new ArrayList<>();
        for (long uid = 1; uid <= 10; uid++) {
            rows.add(entry(pair, "INBOX", "5", uid, LedgerState.DONE, 100 + uid));
        }
        rows.add(entry(pair, "INBOX", "6", 3, LedgerState.DONE, 0));
        rows.add(entry(pair, "Work", "5", 3, LedgerState.FAILED, 0));
        ledger.put(rows);

        Map<String, LedgerEntry> some = ledger.entries(pair, "INBOX", List.of("5:3", "5:4", "6:3", "5:99", "3"));
        assertThat(some).containsOnlyKeys("5:3", "5:4", "6:3");
        assertThat(some.get("5:4")).isEqualTo(rows.get(3));
        assertThat(some.get("6:3")).isEqualTo(rows.get(10)).extracting(LedgerEntry::targetItem).isNull();
        assertThat(ledger.entries(pair, "INBOX", List.of())).isEmpty();
        assertThat(ledger.entries(pair, "Sent", List.of("5:3"))).isEmpty();
        assertThat(ledger.entries(pair, "Work", List.of("5:3")).get("5:3").reason()).isEqualTo("rejected");
        assertThat(ledger.sourceEpochs(pair, "INBOX")).containsExactly("5", "6");
        assertThat(ledger.counts(pair)).containsEntry(LedgerState.DONE, 11L).containsEntry(LedgerState.FAILED, 1L);
    }

    @Test
    void entriesShouldTakeMoreIdsThanOneQueryBinds() {
        List<LedgerEntry> rows = IntStream.rangeClosed(1, 2000)
                .mapToObj(i -> entry(pair, "INBOX", "5", i, LedgerState.DONE, i)).toList();
        ledger.put(rows);

        List<String> asked = IntStream.rangeClosed(0, 2100).mapToObj(i -> "5:" + i).toList();

        assertThat(ledger.entries(pair, "INBOX", asked)).hasSize(2000).containsEntry("5:1999", rows.get(1998));
    }

    @Test
    void idsShouldBeOpaqueStrings() {
        String graphId = "AAMkAGI2TG93AAA=/+x:y 'quoted' \"double\" ü";
        LedgerEntry row = new LedgerEntry(pair, "AQMkADAw-folder", "0", graphId, 0, "target-folder-id", null, null,
                "hdr:abc", 10, null, LedgerState.MATCHED, null, 1);
        ledger.put(List.of(row));

        assertThat(ledger.entries(pair, "AQMkADAw-folder", List.of(graphId))).containsExactly(Map.entry(graphId, row));
        String odd = "back\\slash \"q\" tab\t line\n nul\u0000 [\"]";
        LedgerEntry oddRow = new LedgerEntry(pair, "AQMkADAw-folder", "0", odd, 1, "target-folder-id", null, null,
                "hdr:def", 11, null, LedgerState.DONE, null, 1);
        ledger.put(List.of(oddRow));
        assertThat(ledger.entries(pair, "AQMkADAw-folder", List.of(odd, graphId, "back"))).containsOnlyKeys(odd, graphId)
                .containsEntry(odd, oddRow);
        assertThat(ledger.entriesByTarget(pair, "target-folder-id")).containsExactlyInAnyOrder(row, oddRow);
        assertThat(ledger.targetFolders(pair, "AQMkADAw-folder")).containsExactly("target-folder-id");
    }

    @Test
    void idsWithQuoteBackslashAndEveryControlCharacterShouldBeFound() {
        List<LedgerEntry> rows = new ArrayList<>();
        for (char c = 0; c < 0x20; c++) {
            rows.add(new LedgerEntry(pair, "INBOX", "5", "id" + c + "\"\\", c, "T/INBOX", null, null, "k" + (int) c, 1,
                    null, LedgerState.DONE, null, 1));
        }
        ledger.put(rows);

        assertThat(ledger.entries(pair, "INBOX", rows.stream().map(LedgerEntry::sourceItem).toList()))
                .hasSize(0x20).containsEntry("id\t\"\\", rows.get('\t')).containsEntry("id\u0000\"\\", rows.get(0));
    }

    @Test
    void putShouldReplaceTheRowWithTheSameKey() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.PENDING, 0)));
        assertThat(ledger.pending(pair)).hasSize(1);

        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 101)));

        assertThat(ledger.pending(pair)).isEmpty();
        assertThat(ledger.entries(pair, "INBOX", List.of("5:1")).get("5:1").targetItem()).isEqualTo("7:101");
        assertThat(ledger.counts(pair)).containsExactly(Map.entry(LedgerState.DONE, 1L));
    }

    @Test
    void putOverARowShouldReplaceEveryColumnAndWhatTheIndexesFindItBy() {
        LedgerEntry failed = entry(pair, "INBOX", "5", 1, LedgerState.FAILED, 0);
        ledger.put(List.of(failed));
        LedgerEntry moved = new LedgerEntry(pair, "INBOX", "6", "5:1", 77, "T/Elsewhere", "8:1", "8:12", "mid:<new@x>",
                4321, "crc:ab", LedgerState.DONE, null, 99);

        ledger.put(List.of(moved));

        assertThat(ledger.entries(pair, "INBOX", List.of("5:1"))).containsExactly(Map.entry("5:1", moved));
        assertThat(ledger.entriesByTarget(pair, "T/INBOX")).isEmpty();
        assertThat(ledger.entriesByTarget(pair, "T/Elsewhere")).containsExactly(moved);
        assertThat(ledger.sourceEpochs(pair, "INBOX")).containsExactly("6");
        assertThat(ledger.unsettled(pair, "INBOX")).isZero();
        assertThat(ledger.counts(pair)).containsExactly(Map.entry(LedgerState.DONE, 1L));

        ledger.put(List.of(failed)); // and back: the FAILED row counts again
        assertThat(ledger.entries(pair, "INBOX", List.of("5:1")).get("5:1")).isEqualTo(failed);
        assertThat(ledger.unsettled(pair, "INBOX")).isEqualTo(1);
        assertThat(ledger.entriesByTarget(pair, "T/INBOX")).containsExactly(failed);
    }

    @Test
    void putShouldWriteAllRowsOrNone() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 1)));
        // the second row belongs to no pair: the foreign key fails it, and with it the whole batch
        List<LedgerEntry> batch = List.of(entry(pair, "INBOX", "5", 2, LedgerState.DONE, 2),
                entry("no-such-pair", "INBOX", "5", 3, LedgerState.DONE, 3));

        assertThatThrownBy(() -> ledger.put(batch)).isInstanceOf(RuntimeException.class);

        assertThat(ledger.entries(pair, "INBOX", List.of("5:1", "5:2", "5:3"))).containsOnlyKeys("5:1");
    }

    @Test
    void pendingShouldListThePairsPendingRowsByFolderAndOrder() {
        ledger.put(List.of(entry(pair, "Work", "5", 1, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "5", 12, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "5", 9, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "5", 10, LedgerState.DONE, 110)));

        assertThat(ledger.pending(pair)).extracting(LedgerEntry::sourceItem).containsExactly("5:9", "5:12", "5:1");
    }

    @Test
    void entriesByTargetShouldFilterByTargetFolder() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 101),
                entry(pair, "INBOX", "5", 2, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "5", 3, LedgerState.DONE, 103),
                entry(pair, "Work", "5", 4, LedgerState.DONE, 104)));

        assertThat(ledger.entriesByTarget(pair, "T/INBOX")).extracting(LedgerEntry::sourceItem)
                .containsExactlyInAnyOrder("5:1", "5:2", "5:3");
        assertThat(ledger.entriesByTarget(pair, "T/Sent")).isEmpty();
    }

    @Test
    void targetFoldersShouldNameWhereOneSourceFoldersItemsWent() {
        LedgerEntry moved = entry(pair, "INBOX", "5", 2, LedgerState.DONE, 1);
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 101),
                new LedgerEntry(pair, "INBOX", "5", "5:2", 2, "T/Old", null, "8:1", moved.dedupKey(), moved.size(),
                        moved.contentHash(), LedgerState.DONE, null, 1),
                entry(pair, "Work", "5", 4, LedgerState.DONE, 104)));

        assertThat(ledger.targetFolders(pair, "INBOX")).containsExactly("T/INBOX", "T/Old");
        assertThat(ledger.targetFolders(pair, "Sent")).isEmpty();
    }

    @Test
    void removeEpochShouldDeleteTheRowsOfOneEpochOfOneFolder() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 101),
                entry(pair, "INBOX", "5", 2, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "6", 1, LedgerState.DONE, 102),
                entry(pair, "Work", "5", 1, LedgerState.DONE, 103)));

        assertThat(ledger.removeEpoch(pair, "INBOX", "5")).isEqualTo(2);

        assertThat(ledger.sourceEpochs(pair, "INBOX")).containsExactly("6");
        assertThat(ledger.sourceEpochs(pair, "Work")).containsExactly("5");
        assertThat(ledger.removeEpoch(pair, "INBOX", "5")).isZero();
    }

    @Test
    void removeShouldDeleteOnlyTheGivenRows() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.PENDING, 0),
                entry(pair, "INBOX", "5", 2, LedgerState.PENDING, 0)));

        ledger.remove(List.of(entry(pair, "INBOX", "5", 1, LedgerState.PENDING, 0)));

        assertThat(ledger.pending(pair)).extracting(LedgerEntry::sourceItem).containsExactly("5:2");
    }

    @Test
    void rowsShouldSurviveClosingAndReopeningTheDatabase() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.PENDING, 0)));
        store.close();

        store = new StoreFixture(dir);
        ledger = new SqliteLedger(store.db);

        assertThat(ledger.pending(pair)).containsExactly(entry(pair, "INBOX", "5", 1, LedgerState.PENDING, 0));
    }

    @Test
    void deletingThePairShouldDeleteItsLedger() {
        ledger.put(List.of(entry(pair, "INBOX", "5", 1, LedgerState.DONE, 1)));

        store.pairs.delete(pair);

        assertThat(ledger.counts(pair)).isEmpty();
    }
}
