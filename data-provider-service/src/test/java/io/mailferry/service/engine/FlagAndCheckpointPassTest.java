package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.service.engine.fake.FakeMailServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Flag changes made on the source after the first copy reach the target; unchanged folders are not listed twice. */
class FlagAndCheckpointPassTest {
    private final EngineFixture f = new EngineFixture();
    private final List<String> sourceCalls = new CopyOnWriteArrayList<>();

    private long add(String folder, String subject, String... flags) {
        return f.addMessage(folder, subject, flags);
    }

    private FakeMailServer.Stored onTarget(String folder, String subject) {
        return f.onTarget(folder, subject);
    }

    private void countSourceCalls() {
        f.source.hook((point, folder) -> sourceCalls.add(FakeMailServer.asListing(point) + " " + folder));
    }

    private long calls(String call) {
        return sourceCalls.stream().filter(call::equals).count();
    }

    @Test
    void deltaShouldBringFlagChangesOnTheSourceToTheTargetInOneStorePerFlagSet() {
        long a = add("INBOX", "a");
        long b = add("INBOX", "b", "\\Flagged");
        long c = add("INBOX", "c");
        add("INBOX", "d", "\\Seen");
        f.run();
        f.source.setFlags("INBOX", a, "\\Seen");
        f.source.setFlags("INBOX", b, "\\Seen");
        f.source.setFlags("INBOX", c, "\\Seen", "\\Answered", "$Forwarded");
        List<String> targetCalls = new CopyOnWriteArrayList<>();
        f.target.hook((point, folder) -> targetCalls.add(point));

        MailboxOutcome delta = f.run();

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(onTarget("INBOX", "a").flags()).containsExactly("\\Seen");
        assertThat(onTarget("INBOX", "b").flags()).containsExactly("\\Seen");
        assertThat(onTarget("INBOX", "c").flags()).containsExactlyInAnyOrder("\\Seen", "\\Answered", "$Forwarded");
        assertThat(onTarget("INBOX", "d").flags()).containsExactly("\\Seen");
        assertThat(targetCalls.stream().filter("setState"::equals)).hasSize(2); // {a, b} and {c}
        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(delta.report().folders()).extracting(FolderReport::flagsUpdated).containsExactly(3L);
        assertThat(delta.report().verdict())
                .isEqualTo("All 4 source items are on the target. Flags brought up to date on 3 items.");
        assertThat(f.run().report().verdict()).isEqualTo("All 4 source items are on the target.");
    }

    @Test
    void keywordsAddedAndRemovedOnTheSourceShouldBeAddedAndRemovedOnTheTarget() {
        long m = add("INBOX", "m", "Work", "$Label1");
        f.run();
        assertThat(onTarget("INBOX", "m").flags()).containsExactlyInAnyOrder("Work", "$Label1");
        f.source.setFlags("INBOX", m, "$Label1", "Urgent");

        f.run();

        assertThat(onTarget("INBOX", "m").flags()).containsExactlyInAnyOrder("$Label1", "Urgent");
    }

    @Test
    void deletedOnTheTargetShouldBeLeftAloneAndFlagChangesStillApplied() {
        long m = add("INBOX", "m");
        f.run();
        long targetUid = onTarget("INBOX", "m").uid();
        f.target.setFlags("INBOX", targetUid, "\\Deleted");
        f.source.setFlags("INBOX", m, "\\Seen");

        f.run();

        assertThat(onTarget("INBOX", "m").flags()).containsExactlyInAnyOrder("\\Seen", "\\Deleted");
    }

    @Test
    void unchangedFolderWithAMatchingCheckpointShouldNotBeListedForCopying() {
        f.source.condstore(true).addFolder("Projects");
        add("INBOX", "a");
        add("Projects", "p");
        f.run();
        countSourceCalls();

        MailboxOutcome delta = f.run();

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        // verification lists each folder once; without the checkpoint the copy step would list each once more
        assertThat(calls("list INBOX")).isEqualTo(1);
        assertThat(calls("list Projects")).isEqualTo(1);
        assertThat(calls("changes INBOX")).isZero();
        assertThat(delta.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(delta.report().folders()).extracting(FolderReport::itemsAlreadyThere).containsExactly(1L, 1L);
        assertThat(delta.progress().itemsDone()).isEqualTo(2); // unchanged folders still count as done
    }

    @Test
    void withoutCondstoreEveryFolderShouldBeListedForCopying() {
        add("INBOX", "a");
        f.run();
        countSourceCalls();

        f.run();

        assertThat(calls("list INBOX")).isEqualTo(2);
    }

    @Test
    void newMessageShouldBeCopiedFromTheChangesAloneAndMoveTheCheckpoint() {
        f.source.condstore(true);
        add("INBOX", "a");
        f.run();
        add("INBOX", "b");
        countSourceCalls();

        MailboxOutcome delta = f.run();

        // the copy step reads only what changed since the checkpoint; verification lists the folder once
        assertThat(calls("changes INBOX")).isEqualTo(1);
        assertThat(calls("list INBOX")).isEqualTo(1);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(delta.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
        sourceCalls.clear();
        f.run();
        assertThat(calls("list INBOX")).isEqualTo(1); // the new checkpoint holds
        assertThat(calls("changes INBOX")).isZero();
    }

    @Test
    void newMessageUnderAPerFolderItemLimitShouldListTheFolder() {
        f.source.condstore(true);
        add("INBOX", "a");
        f.run(EngineFixture.options(null, null, null, 10));
        add("INBOX", "b");
        countSourceCalls();

        MailboxOutcome delta = f.run(EngineFixture.options(null, null, null, 10));

        // the limit counts in listing order, so the changes alone cannot tell which items it selects
        assertThat(calls("changes INBOX")).isEqualTo(1);
        assertThat(calls("list INBOX")).isEqualTo(2);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b");
    }

    @Test
    void renumberedSourceFolderShouldExpireTheTokenAndBeListedWithoutCopyingAgain() {
        f.source.condstore(true);
        add("INBOX", "a");
        add("INBOX", "b");
        f.run();
        f.source.renumber("INBOX");
        countSourceCalls();

        MailboxOutcome delta = f.run();

        assertThat(calls("changes INBOX")).isEqualTo(1);
        assertThat(calls("list INBOX")).isEqualTo(2);
        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(delta.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.target.messages("INBOX")).hasSize(2);
    }

    @Test
    void flagChangeOnlyShouldSkipTheCopyListingAfterOneChangesCallAndStillSyncTheFlags() {
        f.source.condstore(true);
        long a = add("INBOX", "a");
        add("INBOX", "b");
        f.run();
        f.source.setFlags("INBOX", a, "\\Seen", "Done");
        countSourceCalls();

        MailboxOutcome delta = f.run();

        assertThat(calls("changes INBOX")).isEqualTo(1);
        assertThat(calls("list INBOX")).isEqualTo(1);
        assertThat(onTarget("INBOX", "a").flags()).containsExactlyInAnyOrder("\\Seen", "Done");
        assertThat(delta.report().verdict()).endsWith("Flags brought up to date on 1 item.");
    }

    @Test
    void failedItemShouldKeepTheFolderListedUntilItIsCopied() {
        f.source.condstore(true);
        add("INBOX", "a");
        add("INBOX", "bad");
        f.target.reject(m -> m.contains("Subject: bad"));
        f.run();
        f.run(); // nothing changed on the source, but a FAILED row is work left: listed and retried
        f.target.reject(m -> false);
        countSourceCalls();

        MailboxOutcome third = f.run();

        assertThat(calls("list INBOX")).isEqualTo(2);
        assertThat(third.report().itemsCopied()).isEqualTo(1);
        assertThat(third.state()).isEqualTo(MailboxState.COMPLETED);
    }

    @Test
    void changedSelectionShouldListTheFolderAgain() {
        f.source.condstore(true);
        add("INBOX", "a");
        f.run();
        countSourceCalls();

        f.run(EngineFixture.options(null, null, 1_000_000L, null));

        assertThat(calls("list INBOX")).isEqualTo(2);
    }

    @Test
    void checkpointShouldHoldTheStateReadBeforeTheCopy() {
        f.source.condstore(true);
        add("INBOX", "a");
        f.run();

        FolderCheckpoint cp = f.checkpoints.get("pair-1", "INBOX");

        // the fake's token is UIDVALIDITY:UIDNEXT:HIGHESTMODSEQ, read before the copy: UIDNEXT 2 after one message
        String[] token = cp.token().split(":");
        assertThat(token).hasSize(3);
        assertThat(token[0]).isEqualTo(String.valueOf(f.source.uidValidity("INBOX")));
        assertThat(token[1]).isEqualTo("2");
        assertThat(Long.parseLong(token[2])).isPositive();
        assertThat(cp.items()).isEqualTo(1);
        assertThat(cp.bytes()).isPositive();
        assertThat(Map.of("selection", cp.selection())).extractingByKey("selection").asString()
                .startsWith("target=INBOX|");
    }
}
