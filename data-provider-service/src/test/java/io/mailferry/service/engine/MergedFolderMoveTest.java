package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.LedgerState;
import java.util.List;
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
        assertThat(report.verdict()).isEqualTo("All 2 source items are on the target.");
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
}
