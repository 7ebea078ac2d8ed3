package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.ForwardingLedger;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A batch's outcomes go to the ledger with the worker's next batch's PENDING rows, in one write — of the same folder or
 * the next — and the last batch's when the worker's folders are copied: seventeen messages in INBOX, listed in pages
 * of seven and copied in batches of three (a page's last batch the rest of it), then two in Projects, are eight writes of
 * both and a last settle.
 */
class BatchOutcomesTest {
    private final EngineFixture f = new EngineFixture();
    private final List<String> writes = new CopyOnWriteArrayList<>();

    @Test
    void eachBatchsOutcomesShouldGoWithTheNextBatchsPendingRowsAndTheLastOnesAtTheFoldersEnd() {
        for (int i = 0; i < 17; i++) {
            f.addMessage("INBOX", "m" + i);
        }
        f.source.addFolder("Projects");
        f.addMessage("Projects", "p1");
        f.addMessage("Projects", "p2");
        Ledger recording = new Recording(f.ledger);

        MailboxOutcome outcome = new MigrationEngine(recording, f.checkpoints, f.settings)
                .run(f.task(EngineFixture.workers(1)), f.listener(), new StopSignal());

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(writes).containsExactly("settle 0 DONE and put 3 PENDING", "settle 3 DONE and put 3 PENDING",
                "settle 3 DONE and put 1 PENDING", "settle 1 DONE and put 3 PENDING", "settle 3 DONE and put 3 PENDING",
                "settle 3 DONE and put 1 PENDING", "settle 1 DONE and put 3 PENDING", "settle 3 DONE and put 2 PENDING",
                "settle 2 DONE");
        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.DONE, 19L)
                .doesNotContainKey(LedgerState.PENDING);
        assertThat(f.target.messages("INBOX")).hasSize(17);
        assertThat(f.target.messages("Projects")).hasSize(2);
    }

    @Test
    void aFailedPassShouldStillWriteTheOutcomesItsLastBatchesLeft() {
        for (int i = 0; i < 9; i++) {
            f.addMessage("INBOX", "m" + i);
        }
        AtomicInteger batches = new AtomicInteger();
        f.source.hook((point, folder) -> {
            if (point.equals("fetch") && batches.incrementAndGet() == 3) {
                throw new MailboxException(MailboxException.Kind.FATAL, "Source refused to read the mailbox.");
            }
        });

        MailboxOutcome outcome = f.run(EngineFixture.workers(1));

        assertThat(outcome.state()).isEqualTo(MailboxState.FAILED);
        // the two batches written are recorded DONE, not left PENDING for the next pass to reconcile; the third never
        // came from the source, so had no row
        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.DONE, 6L)
                .doesNotContainKey(LedgerState.PENDING);
    }

    /**
     * Two source folders into one target folder, the same message in each: the second folder's duplicate check must
     * know the first one's copies as the pair's own although their DONE rows waited for a next batch — two copies,
     * not one matched to the other (duplicate policy SKIP, the default).
     */
    @Test
    void aMergedFoldersDuplicateCheckShouldKnowTheCopiesWhoseOutcomesWait() {
        mergedFoldersShouldBothBeCopied();
    }

    /** The same where the target's folder states carry no message count: its folder is listed, as one not empty. */
    @Test
    void aMergedFoldersDuplicateCheckShouldKnowThemOnATargetThatCannotCount() {
        f.target.uncounted();
        mergedFoldersShouldBothBeCopied();
    }

    private void mergedFoldersShouldBothBeCopied() {
        f.source.addFolder(FolderType.SENT, "Sent").addFolder(FolderType.SENT, "Sent Items");
        f.target.addFolder(FolderType.SENT, "Sent");
        f.addMessage("Sent", "same");
        f.addMessage("Sent Items", "same");

        MailboxOutcome outcome = f.run(EngineFixture.workers(1));

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("Sent")).containsExactly("same", "same");
        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.DONE, 2L)
                .doesNotContainKey(LedgerState.MATCHED);
    }

    private static String described(List<LedgerEntry> rows) {
        return rows.size() + rows.stream().map(e -> " " + e.state()).distinct().reduce("", String::concat);
    }

    /** The fixture's ledger, its writes recorded in order (puts of nothing left out: the pass writes them often). */
    private final class Recording extends ForwardingLedger {
        Recording(Ledger delegate) {
            super(delegate);
        }

        @Override
        public void put(List<LedgerEntry> entries) {
            if (!entries.isEmpty()) {
                writes.add("put " + described(entries));
            }
            delegate.put(entries);
        }

        @Override
        public void settle(List<LedgerEntry> entries) {
            writes.add("settle " + described(entries));
            delegate.settle(entries);
        }

        @Override
        public void settleAndPut(List<LedgerEntry> outcomes, List<LedgerEntry> entries) {
            writes.add("settle " + (outcomes.isEmpty() ? "0 DONE" : described(outcomes)) + " and put "
                    + described(entries));
            delegate.settleAndPut(outcomes, entries);
        }
    }
}
