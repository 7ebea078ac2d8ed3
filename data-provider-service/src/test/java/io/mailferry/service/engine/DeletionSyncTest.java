package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxException;
import org.junit.jupiter.api.Test;

/**
 * Deletion sync (off by default): an item deleted on the source since the last pass is deleted on the target only when
 * the ledger proves Mailferry copied it and the target item is unchanged; anything else stays, counted.
 */
class DeletionSyncTest {
    private final EngineFixture f = new EngineFixture();

    private static JobOptions sync() {
        return JobOptions.defaults().withDeletionSync(true);
    }

    private long sourceUid(String subject) {
        return f.source.messages("INBOX").stream().filter(m -> subject.equals(EngineFixture.subject(m.text())))
                .findFirst().orElseThrow().uid();
    }

    private long targetUid(String subject) {
        return f.target.messages("INBOX").stream().filter(m -> subject.equals(EngineFixture.subject(m.text())))
                .findFirst().orElseThrow().uid();
    }

    @Test
    void anItemDeletedOnTheSourceShouldBeDeletedOnTheTargetAndCounted() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.source.add("INBOX", message("c", "<c@x>"));
        f.run(sync());
        f.source.removeMessage("INBOX", sourceUid("b"));

        MailboxReport report = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "c");
        assertThat(report.deletedOnTarget()).isEqualTo(1);
        assertThat(report.keptOnTarget()).isZero();
        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.verdict()).isEqualTo("All 2 source items are on the target. 1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");
        assertThat(f.ledgerCount(LedgerState.DONE)).as("its row went with it").isEqualTo(2);
        assertThat(f.run(sync()).report().deletedOnTarget()).as("nothing twice").isZero();
    }

    @Test
    void withoutTheOptionNothingShouldBeDeletedOnTheTarget() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run();
        f.source.removeMessage("INBOX", sourceUid("b"));

        MailboxReport report = f.run().report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
        assertThat(report.deletedOnTarget()).isZero();
    }

    @Test
    void itemsMailferryDidNotCopyShouldNeverBeDeleted() {
        f.target.add("INBOX", message("there before", "<before@x>")); // matched (duplicate policy SKIP), not copied
        f.target.add("INBOX", message("the user's own", "<own@x>"));  // never on the source at all
        f.source.add("INBOX", message("there before", "<before@x>"));
        f.source.add("INBOX", message("copied", "<copied@x>"));
        f.run(sync());
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isEqualTo(1);
        f.source.removeMessage("INBOX", sourceUid("there before"));
        f.source.removeMessage("INBOX", sourceUid("copied"));

        MailboxReport report = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("there before", "the user's own");
        assertThat(report.deletedOnTarget()).isEqualTo(1);
        assertThat(report.keptOnTarget()).as("the matched one").isEqualTo(1);
    }

    @Test
    void aCopyChangedOnTheTargetShouldBeKept() {
        f.source.add("INBOX", message("flagged there", "<f@x>"));
        f.source.add("INBOX", message("untouched", "<u@x>"));
        f.run(sync());
        f.target.setFlags("INBOX", targetUid("flagged there"), "\\Flagged");
        f.source.removeMessage("INBOX", sourceUid("flagged there"));
        f.source.removeMessage("INBOX", sourceUid("untouched"));

        MailboxReport report = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("flagged there");
        assertThat(report.deletedOnTarget()).isEqualTo(1);
        assertThat(report.keptOnTarget()).isEqualTo(1);
        assertThat(report.verdict()).contains("1 item deleted or moved "
                + "on the source was kept on the target: not copied by Mailferry, or changed there.");
    }

    @Test
    void anItemDeletedOnBothSidesShouldLetTheFolderBeProvenUnchangedAgain() {
        f.source.condstore(true);
        f.target.condstore(true);
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run(sync());
        f.source.removeMessage("INBOX", sourceUid("b"));
        f.target.removeMessage("INBOX", targetUid("b")); // deleted there too (or by a deletion a crash interrupted)

        MailboxReport report = f.run(sync()).report();

        assertThat(report.verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(f.ledgerCount(LedgerState.DONE)).as("nothing left to copy or delete: the row went").isEqualTo(1);
        assertThat(f.checkpoints.get("pair-1", "INBOX")).as("the folder's checkpoint").isNotNull();
        assertThat(f.run(sync()).report().verdict()).as("not listed again")
                .endsWith("was unchanged on both sides since the last verified pass and was not listed again.");
    }

    @Test
    void itemsMovedEarlierShouldNeitherBeDeletedNorCountedAsKept() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run(EngineFixture.moveOptions()); // an earlier pass in move mode: source items deleted, rows MOVED
        assertThat(f.ledgerCount(LedgerState.MOVED)).isEqualTo(2);
        f.source.add("INBOX", message("c", "<c@x>"));

        MailboxReport report = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b", "c");
        assertThat(report.deletedOnTarget()).isZero();
        assertThat(report.keptOnTarget()).as("moved items were not deleted on the source by anyone but us").isZero();
        assertThat(report.verdict()).doesNotContain("kept on the target");
    }

    /**
     * A move-mode delete that stops part way (here: the first item deleted, then the pass fails, as Graph's
     * item-by-item deletes do when throttling outlasts the retries) must leave nothing for deletion sync, turned on
     * later, to take for a deletion on the source: the target copy of the deleted item is then the only one.
     */
    @Test
    void aMoveThatStoppedPartWayShouldLeaveDeletionSyncNothingToDeleteAndTheNextMoveShouldFinishIt() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        long a = sourceUid("a");
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("delete") && once.getAndSet(false)) {
                f.source.removeMessage("INBOX", a);
                throw new MailboxException(MailboxException.Kind.FATAL, "Source stopped answering mid-delete.");
            }
        });
        f.run(EngineFixture.moveOptions());
        assertThat(f.source.messages("INBOX")).hasSize(1);

        MailboxReport synced = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).as("the moved item's copy is the only one left").containsExactly("a", "b");
        assertThat(synced.deletedOnTarget()).isZero();

        f.run(EngineFixture.moveOptions());
        assertThat(f.source.messages("INBOX")).as("the next move finishes the delete").isEmpty();
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
    }

    /** Item "a" copied by a move pass whose delete flagged it \Deleted on the source and then stopped. */
    private void moveStoppedBetweenFlagAndExpunge() {
        f.source.add("INBOX", message("a", "<a@x>"));
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("delete") && once.getAndSet(false)) {
                f.source.setFlags("INBOX", sourceUid("a"), "\\Deleted");
                throw new MailboxException(MailboxException.Kind.FATAL, "Source stopped answering mid-delete.");
            }
        });
        f.run(EngineFixture.moveOptions());
    }

    /**
     * A move-mode delete that flagged the items \Deleted but never expunged them (a kill between the two): the next
     * pass must not carry that flag onto the copies, which are about to be the only ones.
     */
    @Test
    void aSourceItemFlaggedDeletedByAnUnfinishedMoveShouldNotGetItsCopyFlaggedDeleted() {
        moveStoppedBetweenFlagAndExpunge();
        assertThat(f.source.messages("INBOX")).singleElement().satisfies(m -> assertThat(m.flags())
                .contains("\\Deleted"));

        f.run(EngineFixture.moveOptions());

        assertThat(f.source.messages("INBOX")).isEmpty();
        assertThat(f.target.messages("INBOX")).singleElement().satisfies(m -> assertThat(m.flags())
                .doesNotContain("\\Deleted"));
    }

    /** The same after the admin turned the job from move mode to deletion sync, as the refusal of both suggests. */
    @Test
    void aSourceItemFlaggedDeletedByAnUnfinishedMoveShouldNotGetItsCopyFlaggedDeletedByALaterSyncPass() {
        moveStoppedBetweenFlagAndExpunge();

        f.run(sync());

        assertThat(f.target.messages("INBOX")).singleElement().satisfies(m -> assertThat(m.flags())
                .doesNotContain("\\Deleted"));
    }

    /**
     * A source folder renumbered while verification lists it (a server's index rebuilt) lists every item under new
     * ids: nothing of the old ids is therefore deleted on the source, and deletion sync must delete nothing.
     */
    @Test
    void aSourceFolderRenumberedWhileBeingVerifiedShouldDeleteNothing() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run(sync());
        java.util.concurrent.atomic.AtomicBoolean verifying = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.target.hook((point, folder) -> {
            if (FakeMailServer.asListing(point).equals("list") && folder.equals("INBOX")) {
                verifying.set(true);
            }
        });
        f.source.hook((point, folder) -> {
            if (verifying.get() && FakeMailServer.asListing(point).equals("list") && folder.equals("INBOX")
                    && once.getAndSet(false)) {
                f.source.renumber("INBOX");
            }
        });

        MailboxReport report = f.run(sync()).report();

        assertThat(once).as("renumbered while verified").isFalse();
        assertThat(report.deletedOnTarget()).isZero();
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
    }

    @Test
    void anEmptySourcePageWithACursorShouldNotEndTheListing() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run(sync());
        f.source.emptyFirstPage(true);

        MailboxReport report = f.run(sync()).report();

        assertThat(f.targetSubjects("INBOX")).as("nothing was deleted on the source").containsExactly("a", "b");
        assertThat(report.deletedOnTarget()).isZero();
        assertThat(report.keptOnTarget()).isZero();
    }

    @Test
    void aRenumberedSourceFolderShouldDeleteNothing() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run(sync());
        f.source.renumber("INBOX"); // new UIDVALIDITY: the old ids say nothing about deletions

        MailboxReport report = f.run(new JobOptions(null, null, null, null, null, DuplicatePolicy.SKIP, null, null,
                null, null, true)).report();

        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
        assertThat(report.deletedOnTarget()).isZero();
    }
}
