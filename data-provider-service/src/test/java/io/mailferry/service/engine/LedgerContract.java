package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Ledger} guarantees: rows keyed by opaque strings (pair, source folder id, source item id) that
 * any connector may choose — unordered, with colons, slashes, non-ASCII — and the queries the engine relies on.
 * Implemented by the in-memory ledger's test and the SQLite ledger's test.
 */
public interface LedgerContract {
    /** A fresh, empty ledger in which the pairs {@link #p1()} and {@link #p2()} exist. */
    Ledger ledger();

    default String p1() {
        return "p1";
    }

    default String p2() {
        return "p2";
    }

    static LedgerEntry row(String pair, String folder, String item, String epoch, String target, String targetItem,
            LedgerState state) {
        return new LedgerEntry(pair, folder, epoch, item, 0, target, "mark-" + item, targetItem, "mid:<" + item + ">",
                100, "sha-" + item, state, state == LedgerState.FAILED ? "refused" : null, 1);
    }

    @Test
    default void entriesShouldBeFoundByOpaqueIdsAndReplacedByKey() {
        Ledger ledger = ledger();
        String graphId = "AAMkAGI2TG93AAA=/é:" + "x".repeat(150);
        ledger.put(List.of(row(p1(), "folder-Ω", graphId, "e", "t1", null, LedgerState.PENDING),
                row(p1(), "folder-Ω", "7:42", "e", "t1", "t-9", LedgerState.DONE),
                row(p1(), "other", graphId, "e", "t1", null, LedgerState.DONE),
                row(p2(), "folder-Ω", graphId, "e", "t1", null, LedgerState.DONE)));

        Map<String, LedgerEntry> found = ledger.entries(p1(), "folder-Ω", List.of(graphId, "7:42", "missing"));
        assertThat(found).containsOnlyKeys(graphId, "7:42");
        assertThat(found.get(graphId).state()).isEqualTo(LedgerState.PENDING);
        assertThat(found.get(graphId).targetMark()).isEqualTo("mark-" + graphId);
        assertThat(found.get("7:42").targetItem()).isEqualTo("t-9");

        ledger.put(List.of(found.get(graphId).withState(LedgerState.DONE, "t-10", null, 2)));
        LedgerEntry replaced = ledger.entries(p1(), "folder-Ω", List.of(graphId)).get(graphId);
        assertThat(replaced.state()).isEqualTo(LedgerState.DONE);
        assertThat(replaced.targetItem()).isEqualTo("t-10");
        assertThat(ledger.entries(p1(), "folder-Ω", List.of())).isEmpty();
    }

    @Test
    default void settleShouldRecordWritesOutcomesAsPutWould() {
        Ledger ledger = ledger();
        LedgerEntry sent = row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry refused = row(p1(), "A", "2", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry waiting = row(p1(), "A", "3", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry otherPair = row(p2(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        ledger.put(List.of(sent, refused, waiting, otherPair));

        LedgerEntry done = sent.withState(LedgerState.DONE, "t-1", null, 7);
        LedgerEntry failed = refused.withState(LedgerState.FAILED, null, "Target refused the message: too big", 8);
        // a row no put wrote (removed meanwhile): written whole
        LedgerEntry unknown = row(p1(), "A", "4", "e", "tA", null, LedgerState.PENDING)
                .withState(LedgerState.DONE, "t-4", null, 9);
        ledger.settle(List.of(done, failed, unknown));

        assertThat(ledger.entries(p1(), "A", List.of("1", "2", "3", "4"))).containsEntry("1", done)
                .containsEntry("2", failed).containsEntry("3", waiting).containsEntry("4", unknown);
        assertThat(ledger.entries(p2(), "A", List.of("1"))).containsEntry("1", otherPair);
        assertThat(ledger.pending(p1())).containsExactly(waiting);
        assertThat(ledger.unsettled(p1(), "A")).isEqualTo(2);
        assertThat(ledger.entriesByTarget(p1(), "tA")).hasSize(4);
        ledger.settle(List.of());
        assertThat(ledger.counts(p1())).containsEntry(LedgerState.DONE, 2L).containsEntry(LedgerState.FAILED, 1L)
                .containsEntry(LedgerState.PENDING, 1L);
    }

    @Test
    default void settleAndPutShouldRecordOutcomesThenTheNextRowsAsSettleThenPutWould() {
        Ledger ledger = ledger();
        LedgerEntry sent = row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry refused = row(p1(), "A", "2", "e", "tA", null, LedgerState.PENDING);
        ledger.put(List.of(sent, refused));

        LedgerEntry done = sent.withState(LedgerState.DONE, "t-1", null, 7);
        LedgerEntry failed = refused.withState(LedgerState.FAILED, null, "Target refused the message: too big", 8);
        LedgerEntry unknown = row(p1(), "A", "4", "e", "tA", null, LedgerState.PENDING)
                .withState(LedgerState.DONE, "t-4", null, 9);
        LedgerEntry next = row(p1(), "A", "5", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry again = row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        ledger.settleAndPut(List.of(done, failed, unknown), List.of(next));

        assertThat(ledger.entries(p1(), "A", List.of("1", "2", "4", "5"))).containsEntry("1", done)
                .containsEntry("2", failed).containsEntry("4", unknown).containsEntry("5", next);
        assertThat(ledger.pending(p1())).containsExactly(next);

        // an item settled and put again in the same write: the put stands, as after settle then put
        LedgerEntry nextAgain = row(p1(), "A", "5", "e", "tA", null, LedgerState.PENDING);
        ledger.settleAndPut(List.of(next.withState(LedgerState.DONE, "t-5", null, 10)), List.of(again, nextAgain));
        assertThat(ledger.entries(p1(), "A", List.of("1", "5"))).containsEntry("1", again)
                .containsEntry("5", nextAgain);
        ledger.settleAndPut(List.of(), List.of());
        assertThat(ledger.counts(p1())).containsEntry(LedgerState.DONE, 1L).containsEntry(LedgerState.FAILED, 1L)
                .containsEntry(LedgerState.PENDING, 2L);
    }

    @Test
    default void entriesOfShouldListEveryRowOfOneSourceFolderOfOnePair() {
        Ledger ledger = ledger();
        ledger.put(List.of(row(p1(), "folder-Ω", "1", "e", "t1", "t-1", LedgerState.DONE),
                row(p1(), "folder-Ω", "2", "e", "t1", null, LedgerState.MATCHED),
                row(p1(), "other", "3", "e", "t1", "t-3", LedgerState.DONE),
                row(p2(), "folder-Ω", "4", "e", "t1", "t-4", LedgerState.DONE)));

        assertThat(ledger.entriesOf(p1(), "folder-Ω")).extracting(LedgerEntry::sourceItem)
                .containsExactlyInAnyOrder("1", "2");
        assertThat(ledger.entriesOf(p1(), "none")).isEmpty();
    }

    @Test
    default void entriesShouldAnswerForManyIdsAtOnce() {
        Ledger ledger = ledger();
        List<LedgerEntry> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(row(p1(), "INBOX", "id-" + i, "e", "t", "t-" + i, LedgerState.DONE));
        }
        ledger.put(rows);
        List<String> ids = rows.stream().map(LedgerEntry::sourceItem).toList();
        assertThat(ledger.entries(p1(), "INBOX", ids)).hasSize(2500);
        assertThat(ledger.counts(p1())).containsEntry(LedgerState.DONE, 2500L);
    }

    @Test
    default void pendingRemoveAndUnsettledShouldFollowTheRows() {
        Ledger ledger = ledger();
        LedgerEntry pending = row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        LedgerEntry failed = row(p1(), "A", "2", "e", "tA", null, LedgerState.FAILED);
        LedgerEntry done = row(p1(), "A", "3", "e", "tA", "x", LedgerState.DONE);
        ledger.put(List.of(pending, failed, done, row(p2(), "A", "1", "e", "tA", null, LedgerState.PENDING)));

        assertThat(ledger.pending(p1())).extracting(LedgerEntry::sourceItem).containsExactly("1");
        assertThat(ledger.unsettled(p1(), "A")).isEqualTo(2);
        assertThat(ledger.unsettled(p1(), "B")).isZero();
        ledger.remove(List.of(pending));
        assertThat(ledger.pending(p1())).isEmpty();
        assertThat(ledger.pending(p2())).hasSize(1);
        assertThat(ledger.unsettled(p1(), "A")).isEqualTo(1);
        assertThat(ledger.counts(p1())).containsEntry(LedgerState.FAILED, 1L).containsEntry(LedgerState.DONE, 1L)
                .doesNotContainKey(LedgerState.PENDING);
    }

    @Test
    default void unsettledOfManyFoldersShouldCountEachAsItsOwnCountDoes() {
        Ledger ledger = ledger();
        ledger.put(List.of(row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING),
                row(p1(), "A", "2", "e", "tA", null, LedgerState.FAILED),
                row(p1(), "A", "3", "e", "tA", "x", LedgerState.DONE),
                row(p1(), "B", "1", "e", "tB", "y", LedgerState.DONE),
                row(p1(), "C", "1", "e", "tC", null, LedgerState.FAILED),
                row(p2(), "B", "1", "e", "tB", null, LedgerState.PENDING)));

        java.util.Map<String, Long> counts = ledger.unsettled(p1(), List.of("A", "B", "D"));

        assertThat(counts.getOrDefault("A", 0L)).isEqualTo(2);
        assertThat(counts.getOrDefault("B", 0L)).as("another pair's row is not this pair's").isZero();
        assertThat(counts.getOrDefault("D", 0L)).isZero();
        assertThat(counts).as("only the folders asked about").doesNotContainKey("C");
    }

    @Test
    default void epochsShouldBeListedAndRemovedPerFolder() {
        Ledger ledger = ledger();
        ledger.put(List.of(row(p1(), "A", "1", "old", "tA", "x", LedgerState.DONE),
                row(p1(), "A", "2", "old", "tA", "y", LedgerState.DONE),
                row(p1(), "A", "3", "new", "tA", "z", LedgerState.DONE),
                row(p1(), "B", "1", "old", "tB", "x", LedgerState.DONE)));

        assertThat(ledger.sourceEpochs(p1(), "A")).containsExactlyInAnyOrder("old", "new");
        assertThat(ledger.removeEpoch(p1(), "A", "old")).isEqualTo(2);
        assertThat(ledger.sourceEpochs(p1(), "A")).containsExactly("new");
        assertThat(ledger.sourceEpochs(p1(), "B")).containsExactly("old");
        assertThat(ledger.entries(p1(), "A", List.of("1", "2", "3"))).containsOnlyKeys("3");
    }

    @Test
    default void targetQueriesShouldFindTheRowsOfATargetFolder() {
        Ledger ledger = ledger();
        ledger.put(List.of(row(p1(), "Sent", "1", "e", "target-sent", "a", LedgerState.DONE),
                row(p1(), "Sent Items", "1", "e", "target-sent", null, LedgerState.MATCHED),
                row(p1(), "Sent Items", "2", "e", "target-sent-2", "b", LedgerState.DONE),
                row(p2(), "Sent", "1", "e", "target-sent", "c", LedgerState.DONE)));

        assertThat(ledger.entriesByTarget(p1(), "target-sent")).extracting(LedgerEntry::sourceFolder)
                .containsExactlyInAnyOrder("Sent", "Sent Items");
        assertThat(ledger.targetFolders(p1(), "Sent Items")).isEqualTo(Set.of("target-sent", "target-sent-2"));
        assertThat(ledger.targetFolders(p1(), "Nothing")).isEmpty();
    }
}
