package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.engine.port.LedgerState;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A message deleted on the source after the listing named it and before its body was read (a user cleaning up a live
 * mailbox during the pass) has nothing left to copy: it is no failure of the pass, and it leaves no row that would keep
 * its folder from being skipped by later deltas.
 */
class GoneWhileCopyingTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void aMessageDeletedOnTheSourceWhileCopyingShouldNeitherFailThePassNorKeepItsFolderListed() {
        f.source.condstore(true);
        for (int i = 0; i < 5; i++) {
            f.source.add("INBOX", Messages.message("m" + i, "<m" + i + "@x>"));
        }
        long doomed = f.source.messages("INBOX").get(2).uid();
        AtomicInteger fetches = new AtomicInteger();
        f.source.hook((point, folder) -> {
            if (point.equals("fetch") && fetches.incrementAndGet() == 1) {
                f.source.removeMessage("INBOX", doomed);
            }
        });

        MailboxOutcome first = f.run();

        assertThat(f.target.messages("INBOX")).hasSize(4);
        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verdict()).startsWith("All 4 source items are on the target");
        assertThat(first.report().folders()).singleElement().satisfies(r -> {
            assertThat(r.itemsFailed()).isZero();
            assertThat(r.bytesFailed()).as("the report's failed size agrees with its failed count").isZero();
        });
        assertThat(f.ledger.counts("pair-1")).doesNotContainKey(LedgerState.FAILED);
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("the folder's checkpoint").isNotNull();

        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        f.source.hook((point, folder) -> calls.add(point));
        MailboxOutcome next = f.run();
        assertThat(next.report().itemsCopied()).isZero();
        assertThat(calls).as("the folder is not listed for copying").doesNotContain("list", "listUndescribed");
    }

    /**
     * Only a failure the source explained by the item being gone is forgotten: the row of an item the target refused
     * stays although the item is no longer listed (were the listing ever incomplete, the item would be retried rather
     * than dropped for good).
     */
    @Test
    void aFailureOfAnotherCauseShouldStayWhenItsItemIsNoLongerListed() {
        f.source.add("INBOX", Messages.message("kept", "<kept@x>"));
        f.source.add("INBOX", Messages.message("refused", "<refused@x>"));
        f.target.reject(text -> text.contains("Subject: refused"));
        f.run();
        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.FAILED, 1L);
        f.source.removeMessage("INBOX", f.source.messages("INBOX").get(1).uid());

        f.run();

        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.FAILED, 1L);
    }
}
