package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.service.engine.fake.FakeMailServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A folder whose source and target change tokens both equal those of the last pass that found it exact is proven
 * unchanged and listed on neither side (ADR 0027); any change on either side makes the pass list and verify it again.
 */
class UnchangedFolderVerificationTest {
    private static final Instant DATE = Instant.parse("2024-01-01T00:00:00Z");
    private static final String UNCHANGED_TWO = " 2 folders were unchanged on both sides since the last verified pass "
            + "and were not listed again.";
    private final EngineFixture f = new EngineFixture();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void bothSidesWithCondstore() {
        f.source.condstore(true).addFolder("Projects");
        f.target.condstore(true);
    }

    private long add(String folder, String subject, String... flags) {
        return f.addMessage(folder, subject, flags);
    }

    private FakeMailServer.Stored onTarget(String folder, String subject) {
        return f.onTarget(folder, subject);
    }

    /** From now on, records each listing and state change as "source list INBOX", "target setState INBOX" etc. */
    private void countCalls() {
        calls.clear();
        f.source.hook((point, folder) -> calls.add("source " + FakeMailServer.asListing(point) + " " + folder));
        f.target.hook((point, folder) -> calls.add("target " + FakeMailServer.asListing(point) + " "
                + folder));
    }

    private long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    private long listings() {
        return calls.stream().filter(c -> c.contains(" list ")).count();
    }

    /** INBOX with a and b, Projects with p, copied and verified once. */
    private void migrated() {
        add("INBOX", "a");
        add("INBOX", "b", "\\Flagged");
        add("Projects", "p");
        assertThat(f.run().report().verdict()).isEqualTo("All 3 source items are on the target.");
    }

    @Test
    void noOpDeltaShouldListNothingOnEitherSideWhenBothTokensMatch() {
        migrated();
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(listings()).as(calls.toString()).isZero();
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().verified()).isTrue();
        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target." + UNCHANGED_TWO);
        assertThat(delta.report().folders()).extracting(FolderReport::itemsSelected).containsExactly(2L, 1L);
        assertThat(delta.report().folders()).extracting(FolderReport::itemsAlreadyThere).containsExactly(2L, 1L);
        assertThat(delta.progress().itemsDone()).isEqualTo(3);
        assertThat(f.run().report().verdict()).as("the checkpoints hold").endsWith(UNCHANGED_TWO);
    }

    @Test
    void noOpDeltaShouldReadEachTargetStateOnceBesideTheSourcesAndNotAgainToVerify() {
        f.source.addFolder("Trash"); // an empty folder: the copy step finds it empty instead of unchanged
        migrated();
        countCalls();

        MailboxOutcome delta = f.run();

        // read with the source's states before the copy step, which then wrote nothing: verification goes by them
        assertThat(count("target state INBOX")).as(calls.toString()).isEqualTo(1);
        assertThat(count("target state Projects")).as(calls.toString()).isEqualTo(1);
        assertThat(count("target state Trash")).as(calls.toString()).isEqualTo(1);
        assertThat(delta.report().verdict()).startsWith("All 3 source items are on the target.");
        assertThat(delta.report().verified()).isTrue();
    }

    @Test
    void aNewEmptyFolderShouldMakeTheDeltaReadTheTargetStatesAgain() {
        migrated();
        f.source.addFolder("Archive"); // created on the target in this pass: no state of it was read early
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(count("target state INBOX")).as(calls.toString()).isEqualTo(2);
        assertThat(delta.report().verified()).isTrue();
        assertThat(f.run().report().verdict()).startsWith("All 3 source items are on the target.");
    }

    @Test
    void aPassThatCopiedShouldReadTheTargetStatesAgainAfterTheCopy() {
        migrated();
        add("INBOX", "c");
        countCalls();

        MailboxOutcome delta = f.run();

        // the early states were read before "c" was written: verification must not go by them, for any folder
        assertThat(calls.lastIndexOf("target state INBOX")).as(calls.toString())
                .isGreaterThan(calls.indexOf("target appended INBOX"));
        assertThat(count("target state Projects")).as("early, then for verification").isEqualTo(2);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(delta.report().verdict()).startsWith("All 4 source items are on the target.");
        assertThat(f.run().report().verdict()).isEqualTo("All 4 source items are on the target." + UNCHANGED_TWO);
    }

    @Test
    void flagChangedOnTheTargetShouldBeListedAndPutBack() {
        migrated();
        f.target.setFlags("INBOX", onTarget("INBOX", "a").uid(), "\\Seen");
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(count("target list Projects")).isZero();
        assertThat(count("source list INBOX")).isEqualTo(1); // verification only: the source did not change
        assertThat(onTarget("INBOX", "a").flags()).isEmpty();
        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target. 1 folder was unchanged"
                + " on both sides since the last verified pass and was not listed again. Flags brought up to date on "
                + "1 item.");
    }

    @Test
    void messageDeletedOnTheTargetShouldBeFoundMissingAndCopiedAgain() {
        migrated();
        f.target.removeMessage("INBOX", onTarget("INBOX", "b").uid());
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(delta.report().verdict()).startsWith("2 of 3 source items are on the target; 1 is not: 1 missing.");
        MailboxOutcome next = f.run();
        assertThat(next.report().itemsCopied()).isEqualTo(1);
        assertThat(next.report().verdict()).startsWith("All 3 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void messageAddedOnTheTargetShouldMakeTheFolderListedAgain() {
        migrated();
        f.target.add("INBOX", message("other", "<other@x>").getBytes(StandardCharsets.UTF_8), DATE);
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(count("target list Projects")).isZero();
        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target. 1 folder was unchanged"
                + " on both sides since the last verified pass and was not listed again.");
    }

    @Test
    void changesOnTheSourceShouldBeCopiedAndVerifiedByListing() {
        migrated();
        add("INBOX", "c");
        f.source.setFlags("Projects", 1, "\\Seen");
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(count("target list INBOX")).isPositive();
        assertThat(count("target list Projects")).isEqualTo(1);
        assertThat(onTarget("Projects", "p").flags()).containsExactly("\\Seen");
        assertThat(delta.report().verdict())
                .isEqualTo("All 4 source items are on the target. Flags brought up to date on 1 item.");
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "b", "c");
    }

    @Test
    void flagSyncShouldKeepTheTargetStateOutOfTheCheckpointUntilAPassWritesNothing() {
        migrated();
        long a = 1;
        f.source.setFlags("INBOX", a, "\\Seen");

        f.run(); // flags the target: its state read before that write must not prove anything

        assertThat(f.checkpoints.get("pair-1", "INBOX").targetToken()).isNull();
        assertThat(f.checkpoints.get("pair-1", "Projects").targetToken()).isNotNull();
        countCalls();
        assertThat(f.run().report().verdict()).doesNotContain("Flags").endsWith(" 1 folder was unchanged on both "
                + "sides since the last verified pass and was not listed again.");
        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(f.checkpoints.get("pair-1", "INBOX").targetToken()).isNotNull();
        countCalls();
        assertThat(f.run().report().verdict()).endsWith(UNCHANGED_TWO);
        assertThat(listings()).isZero();
    }

    @Test
    void targetWithoutCondstoreShouldAlwaysBeListed() {
        f.target.condstore(false);
        migrated();
        countCalls();

        MailboxOutcome delta = f.run();

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(count("target list Projects")).isEqualTo(1);
        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target.");
    }

    @Test
    void skippedItemsShouldKeepTheFolderListedSoTheReportKeepsThem() {
        add("INBOX", "a");
        f.source.add("INBOX", message("big", "<big@x>", "x".repeat(5000)).getBytes(StandardCharsets.UTF_8), DATE);
        JobOptions limit = EngineFixture.options(null, null, 2000L, null);
        f.run(limit);
        countCalls();

        MailboxOutcome delta = f.run(limit);

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(delta.report().verdict()).startsWith("1 of 2 source items is on the target; 1 is not: "
                + "1 skipped (too large).");
    }

    @Test
    void targetFolderReceivingTwoSourceFoldersShouldAlwaysBeListed() {
        f.source.addFolder(FolderType.SENT, "Sent").addFolder(FolderType.SENT, "Sent Items");
        f.target.addFolder(FolderType.SENT, "Sent");
        add("Sent", "s1");
        add("Sent Items", "s2");
        f.run();
        countCalls();

        MailboxOutcome delta = f.run();

        // the target folder's state speaks for both source folders at once: no checkpoint may vouch for it alone
        assertThat(count("target list Sent")).isEqualTo(1);
        assertThat(f.target.messages("Sent")).hasSize(2);
        assertThat(delta.report().verdict()).isEqualTo("All 2 source items are on the target.");
    }

    @Test
    void turningDeletionSyncOnShouldListTheFolderAgain() {
        migrated();
        countCalls();

        f.run(JobOptions.defaults().withDeletionSync(true));

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(count("target list Projects")).isEqualTo(1);
    }

    @Test
    void moveModeShouldAlwaysList() {
        migrated();
        countCalls();

        f.run(EngineFixture.moveOptions());

        assertThat(count("target list INBOX")).isEqualTo(1);
        assertThat(f.source.messages("INBOX")).isEmpty();
    }

    @Test
    void noOpDeltaShouldReadEachFolderCheckpointOnce() {
        migrated();
        java.util.Map<String, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();
        io.mailferry.service.engine.port.Checkpoints counted = new io.mailferry.service.engine.port.Checkpoints() {
            @Override
            public io.mailferry.service.engine.port.FolderCheckpoint get(String pairId, String sourceFolder) {
                reads.merge(sourceFolder, 1, Integer::sum);
                return f.checkpoints.get(pairId, sourceFolder);
            }

            @Override
            public void put(io.mailferry.service.engine.port.FolderCheckpoint checkpoint) {
                f.checkpoints.put(checkpoint);
            }

            @Override
            public void remove(String pairId, String sourceFolder) {
                f.checkpoints.remove(pairId, sourceFolder);
            }
        };

        MailboxOutcome delta = new MigrationEngine(f.ledger, counted, f.settings).run(f.task(EngineFixture.options()),
                f.listener(), new StopSignal());

        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target." + UNCHANGED_TWO);
        assertThat(reads).as("checkpoint reads by folder").hasSize(2).allSatisfy((folder, n) -> assertThat(n)
                .as(folder).isEqualTo(1));
    }
}
