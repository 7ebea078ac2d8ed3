package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.ForwardingLedger;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two source folders with one target folder ("Sent" and "Sent Items", both typed Sent, merged on purpose): a message a
 * user moves from one to the other between two passes is a new item of the second folder and is copied into the same
 * target folder again. Without deletion sync the first copy stayed, so the target folder held the message twice while
 * the source held it once. Verification, which lists the merged folders together, now removes the earlier copy when
 * its source item is gone and the moved one's copy is there, the same message (key and size) with no mark of its own.
 */
class MergedFolderMoveTest {
    private final EngineFixture f = new EngineFixture();

    @BeforeEach
    void mergedSentFolders() {
        f.source.addFolder(FolderType.SENT, "Sent").addFolder(FolderType.SENT, "Sent Items");
        f.target.addFolder(FolderType.SENT, "Sent");
    }

    private long uid(FakeMailServer server, String folder, String subject) {
        return server.messages(folder).stream().filter(m -> subject.equals(EngineFixture.subject(m.text())))
                .findFirst().orElseThrow().uid();
    }

    /** What a user's move does on a server: the message appended to the other folder, then expunged here. */
    private void move(String subject, String from, String to, String... flags) {
        f.addMessage(to, subject, flags);
        f.source.removeMessage(from, uid(f.source, from, subject));
    }

    @Test
    void aMessageMovedBetweenMergedFoldersShouldBeOnTheTargetOnce() {
        f.addMessage("Sent Items", "moved");
        f.addMessage("Sent", "stays");
        f.run();
        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("moved", "stays");

        move("moved", "Sent Items", "Sent");
        MailboxReport report = f.run().report();

        assertThat(f.targetSubjects("Sent")).as("one copy, as the source holds it once")
                .containsExactlyInAnyOrder("moved", "stays");
        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.deletedOnTarget()).as("counted where the item left").isEqualTo(1);
        assertThat(report.verdict()).isEqualTo("All 2 source items are on the target. 1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");
        assertThat(f.ledgerCount(LedgerState.DONE)).as("the earlier copy's row went with it").isEqualTo(2);

        MailboxReport next = f.run().report();
        assertThat(next.itemsCopied()).isZero();
        assertThat(next.verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("moved", "stays");
    }

    @Test
    void aMessageCopiedToTheOtherMergedFolderShouldBeOnTheTargetTwice() {
        f.addMessage("Sent Items", "copied");
        f.run();

        f.addMessage("Sent", "copied"); // a copy: the source holds it twice now
        f.run();

        assertThat(f.targetSubjects("Sent")).containsExactly("copied", "copied");
        assertThat(f.run().report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("Sent")).containsExactly("copied", "copied");
    }

    @Test
    void anEarlierCopyMarkedOnTheTargetShouldStay() {
        f.addMessage("Sent Items", "marked");
        f.run();
        f.target.setFlags("Sent", uid(f.target, "Sent", "marked"), "\\Flagged"); // the user's mark, not the source's

        move("marked", "Sent Items", "Sent");
        f.run();

        assertThat(f.targetSubjects("Sent")).as("a mark set on the target is kept with its message")
                .containsExactly("marked", "marked");
    }

    @Test
    void anEarlierCopyWithTheMarksTheMovedMessageCarriesShouldGo() {
        f.addMessage("Sent Items", "flagged", "\\Flagged");
        f.run();

        move("flagged", "Sent Items", "Sent", "\\Flagged");
        f.run();

        assertThat(f.targetSubjects("Sent")).containsExactly("flagged");
        assertThat(f.onTarget("Sent", "flagged").flags()).contains("\\Flagged");
    }

    @Test
    void aMoveBetweenFoldersThatAreNotMergedShouldLeaveTheEarlierCopyWithoutDeletionSync() {
        f.source.addFolder("Projects");
        f.addMessage("Sent Items", "filed");
        f.run();

        move("filed", "Sent Items", "Projects");
        f.run();

        assertThat(f.targetSubjects("Sent")).containsExactly("filed");
        assertThat(f.targetSubjects("Projects")).containsExactly("filed");
    }

    @Test
    void twoMessagesOfOneKeyShouldLeaveAsManyCopiesAsTheSourceHolds() {
        f.addMessage("Sent Items", "twice");
        f.addMessage("Sent Items", "twice");
        f.run();
        assertThat(f.targetSubjects("Sent")).containsExactly("twice", "twice");

        move("twice", "Sent Items", "Sent"); // one of the two moved, the other stays where it was

        f.run();
        assertThat(f.targetSubjects("Sent")).containsExactly("twice", "twice");
        assertThat(List.of(f.source.messages("Sent").size(), f.source.messages("Sent Items").size()))
                .containsExactly(1, 1);
    }

    @Test
    void aUserDeletingOneOfTwoIdenticalMessagesShouldKeepBothCopies() {
        f.addMessage("Sent Items", "saved twice"); // a client that saves sent mail in both folders
        f.addMessage("Sent", "saved twice");
        f.run();

        f.source.removeMessage("Sent Items", uid(f.source, "Sent Items", "saved twice")); // deleted, not moved
        f.addMessage("Sent", "new mail"); // the pass copies into the folder
        f.run();

        assertThat(f.targetSubjects("Sent")).as("without deletion sync a deleted item's copy stays")
                .containsExactly("saved twice", "saved twice", "new mail");
    }

    @Test
    void aKeywordOnlyOnTheEarlierCopyShouldKeepIt() {
        f.addMessage("Sent Items", "labelled");
        f.run();
        f.target.setFlags("Sent", uid(f.target, "Sent", "labelled"), "Important");

        move("labelled", "Sent Items", "Sent");
        f.run();

        assertThat(f.target.messages("Sent")).hasSize(2)
                .anyMatch(m -> m.flags().contains("Important"));
    }

    @Test
    void aDeleteTheTargetRefusesForTheItemShouldKeepTheCopiesAndLetThePassComplete() {
        f.addMessage("Sent Items", "moved");
        f.addMessage("Sent", "stays");
        f.run();
        f.target.hook((point, folder) -> {
            if (point.equals("delete")) {
                throw new MailboxException(MailboxException.Kind.ITEM, "The message could not be deleted.");
            }
        });

        move("moved", "Sent Items", "Sent");
        MailboxReport report = f.run().report();

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("moved", "moved", "stays");
    }

    @Test
    void moveModeKilledBetweenDeletingASourceItemAndRecordingItShouldLoseNothing() {
        f.addMessage("Sent Items", "twice");
        f.addMessage("Sent", "twice");
        CrashingLedger ledger = new CrashingLedger(f.ledger);
        AtomicInteger moved = new AtomicInteger();
        ledger.crashWhen((e, before) -> before && CrashingLedger.has(e, LedgerState.MOVED)
                && moved.incrementAndGet() == 1); // the first source item deleted, its MOVED row not written
        MigrationEngine engine = new MigrationEngine(ledger, f.checkpoints, f.settings);
        try {
            engine.run(f.task(EngineFixture.moveOptions()), ProgressListener.NONE, new StopSignal());
        } catch (SimulatedCrash expected) {
            // killed
        }
        ledger.crashWhen((e, before) -> false);
        f.addMessage("Sent Items", "twice"); // a third of them, copied by the next pass

        engine.run(f.task(EngineFixture.moveOptions()), ProgressListener.NONE, new StopSignal());

        assertThat(f.targetSubjects("Sent")).as("three messages moved, three on the target")
                .containsExactly("twice", "twice", "twice");
    }

    @Test
    void aPassThatCopiedNothingShouldReadNoRowsForIt() {
        AtomicInteger reads = new AtomicInteger();
        ForwardingLedger counting = new ForwardingLedger(f.ledger) {
            @Override
            public List<LedgerEntry> entriesOf(String pairId, String sourceFolder) {
                reads.incrementAndGet();
                return super.entriesOf(pairId, sourceFolder);
            }

            @Override
            public List<LedgerEntry> entriesByTarget(String pairId, String targetFolder) {
                reads.incrementAndGet();
                return super.entriesByTarget(pairId, targetFolder);
            }
        };
        MigrationEngine engine = new MigrationEngine(counting, f.checkpoints, f.settings);
        f.addMessage("Sent Items", "deleted later");
        f.addMessage("Sent", "stays");
        engine.run(f.task(EngineFixture.options()), ProgressListener.NONE, new StopSignal());
        f.source.removeMessage("Sent Items", uid(f.source, "Sent Items", "deleted later")); // its copy stays
        reads.set(0);

        engine.run(f.task(EngineFixture.options()), ProgressListener.NONE, new StopSignal());

        assertThat(reads).as("the folders' rows are read only after a pass copied into them").hasValue(0);
        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("deleted later", "stays");
    }

    /**
     * A user's deletion of "saved twice" from the folder other than the one whose row is in {@code state}, and new
     * mail, so that the next pass copies into the folders.
     */
    private void deleteTheOtherCopyOfTheRow(LedgerState state) {
        LedgerEntry row = f.ledger.all("pair-1").stream().filter(e -> e.state() == state).findFirst().orElseThrow();
        String other = row.sourceFolder().equals("Sent") ? "Sent Items" : "Sent";
        f.source.removeMessage(other, uid(f.source, other, "saved twice")); // a deletion, not a move
        f.addMessage("Sent", "new mail");
    }

    @Test
    void rowsSettledAfterACrashShouldNotStandForAUsersDeletion() {
        f.addMessage("Sent", "saved twice");
        f.addMessage("Sent Items", "saved twice");
        CrashingLedger ledger = new CrashingLedger(f.ledger);
        ledger.crashWhen((e, before) -> before && CrashingLedger.has(e, LedgerState.DONE)
                && e.stream().noneMatch(x -> x.state() == LedgerState.PENDING)
                && f.target.messages("Sent").size() == 2); // both copies written, the last outcomes not recorded
        MigrationEngine engine = new MigrationEngine(ledger, f.checkpoints, f.settings);
        try {
            engine.run(f.task(EngineFixture.workers(1)), ProgressListener.NONE, new StopSignal());
        } catch (SimulatedCrash expected) {
            // killed
        }
        ledger.crashWhen((e, before) -> false);
        deleteTheOtherCopyOfTheRow(LedgerState.PENDING);

        engine.run(f.task(EngineFixture.workers(1)), ProgressListener.NONE, new StopSignal());

        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("saved twice", "saved twice", "new mail");
    }

    @Test
    void rowsTakenOverFromARenumberedFolderShouldNotStandForAUsersDeletion() {
        f.addMessage("Sent Items", "saved twice");
        f.addMessage("Sent", "saved twice");
        f.run();

        f.source.renumber("Sent Items");
        f.source.removeMessage("Sent", uid(f.source, "Sent", "saved twice"));
        f.addMessage("Sent", "new mail");
        f.run();

        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("saved twice", "saved twice", "new mail");
    }

    @Test
    void aFailureRetriedByThePassShouldNotStandForAUsersDeletion() {
        f.addMessage("Sent", "saved twice");
        f.addMessage("Sent Items", "saved twice");
        AtomicInteger n = new AtomicInteger();
        f.target.reject(t -> t.contains("saved twice") && n.incrementAndGet() == 2);
        f.run();
        f.target.reject(t -> false);
        deleteTheOtherCopyOfTheRow(LedgerState.FAILED);

        f.run();

        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("saved twice", "saved twice", "new mail");
    }

    @Test
    void aLimitReachedByTheCleanUpShouldPauseThePassAsAnywhereElse() {
        f.addMessage("Sent Items", "moved");
        f.addMessage("Sent", "stays");
        f.run();
        f.target.hook((point, folder) -> {
            if (point.equals("delete")) {
                throw MailboxException.limitReached("Target", "Target reached its daily limit.", null,
                        new MailboxException.Pause("the daily limit", Duration.ofDays(1)));
            }
        });

        move("moved", "Sent Items", "Sent");
        MailboxOutcome out = f.run();

        assertThat(out.pause()).as("paused by the limit").isNotNull();
    }
}
