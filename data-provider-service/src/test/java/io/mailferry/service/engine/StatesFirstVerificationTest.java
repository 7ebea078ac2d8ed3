package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Verification lists both sides by ids, sizes and states first (the fakes, as IMAP — the target with UIDPLUS — list
 * them apart: "listStates"), which proves every row naming its copy by id. A target folder is listed again with its
 * header fields ("list") only for rows that need them — a pre-existing item matched by Message-ID, or a copy whose id
 * is not listed and not proven gone — once per folder; a source page only when one of its items is reported or needs
 * them; and the findings are those of full listings.
 */
class StatesFirstVerificationTest {
    private final EngineFixture f = new EngineFixture();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private void record() {
        events.clear();
        f.source.hook((point, folder) -> events.add("source " + point + " " + folder));
        f.target.hook((point, folder) -> events.add("target " + point + " " + folder));
    }

    /** The events after the copy step's last append (all of them when the pass wrote nothing). */
    private List<String> verification() {
        int lastAppend = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("target append")) {
                lastAppend = i;
            }
        }
        return events.subList(lastAppend + 1, events.size());
    }

    private long count(List<String> in, String event) {
        return in.stream().filter(event::equals).count();
    }

    @Test
    void copiesShouldBeProvenByIdsSizesAndStatesWithoutHeaderFields() {
        for (int i = 0; i < 20; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.source.addFolder("Sent");
        f.source.add("Sent", message("s", null)); // no Message-ID: its copy is still found by its id
        record();

        MailboxOutcome out = f.run();

        assertThat(out.report().verdict()).isEqualTo("All 21 source items are on the target.");
        List<String> v = verification();
        assertThat(count(v, "target listStates INBOX")).as("pages of 7: " + v).isEqualTo(3);
        assertThat(count(v, "target listStates Sent")).as(v.toString()).isEqualTo(1);
        assertThat(count(v, "source listStates INBOX")).as(v.toString()).isEqualTo(3);
        assertThat(v).as(v.toString()).noneMatch(e -> e.startsWith("target list ") || e.startsWith("source list "));
    }

    /**
     * A pass under duplicate policy SKIP of "same" (also on the target, identical), "twin" (on the target with other
     * bytes) and "new": two on the target, the twin skipped as differing — whatever the listings.
     */
    private List<String> passWithPreExistingMatches() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.source.add("INBOX", message("twin", "<twin@x>", "from source"));
        f.source.add("INBOX", message("new", "<new@x>"));
        f.target.add("INBOX", message("same", "<same@x>"));
        f.target.add("INBOX", message("twin", "<twin@x>", "pre-existing"));
        record();

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().verdict()).isEqualTo("2 of 3 source items are on the target; 1 is not: 1 skipped "
                + "(another message with the same Message-ID is on the target).");
        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.subject()).isEqualTo("twin");
            assertThat(i.reason()).isEqualTo(Verifier.DIFFERS);
        });
        return verification();
    }

    @Test
    void preExistingMatchesShouldBeComparedByHeaderFieldsInOneMoreListing() {
        List<String> v = passWithPreExistingMatches();

        assertThat(count(v, "target listStates INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(count(v, "target list INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(count(v, "source listStates INBOX")).as("the source is walked once").isEqualTo(1);
        assertThat(count(v, "source list INBOX")).as("its page listed again in full").isEqualTo(1);
    }

    /** Sides that list only in full (Graph, EWS): the same findings, without a listing of states. */
    @Test
    void sidesListingOnlyInFullShouldGiveTheSameFindings() {
        f.source.statesApart(false);
        f.target.statesApart(false);

        List<String> v = passWithPreExistingMatches();

        assertThat(v).as(v.toString()).noneMatch(e -> e.contains("listStates"));
        assertThat(count(v, "target list INBOX")).as(v.toString()).isEqualTo(1);
    }

    /** What a hook does. */
    @FunctionalInterface
    private interface Act {
        void run() throws MailboxException;
    }

    private static Act failing(MailboxException.Kind kind, String message) {
        return () -> {
            throw new MailboxException(kind, message);
        };
    }

    /**
     * "same" on both sides (a pre-existing match, so verification lists the target in full after its states) and
     * "new" on the source; {@code act} runs once, at the target's first {@code point} on INBOX after that listing of
     * states.
     */
    private void matchedInboxWith(String point, Act act) {
        seedMatchedInbox();
        boolean[] listedStates = {false};
        f.target.hook((p, folder) -> {
            if (p.equals("listStates") && "INBOX".equals(folder)) {
                listedStates[0] = true;
            } else if (p.equals(point) && "INBOX".equals(folder) && listedStates[0]) {
                listedStates[0] = false;
                act.run();
            }
        });
    }

    /**
     * A connection lost after the full target listing's first page (of two): the retry goes on where it stopped, on the
     * new connection, and the folder is proven.
     */
    @Test
    void aConnectionLostDuringTheFullTargetListingShouldBeRetried() {
        for (int i = 0; i < 9; i++) {
            f.source.add("INBOX", message("n" + i, "<n" + i + "@x>"));
        }
        int[] fullPages = {0};
        seedMatchedInbox(); // "same" matched, "new" and n0..n8 copied: 11 items on the target, pages of 7
        f.target.hook(droppingSecondFullPage(fullPages));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(fullPages[0]).as("full pages asked: the first, the dropped second, the second again").isEqualTo(3);
        assertThat(out.report().verdict()).isEqualTo("All 11 source items are on the target. Connections were lost "
                + "once; Mailferry reconnected and went on.");
        assertThat(out.report().issues()).isEmpty();
        assertThat(f.target.messages("INBOX")).hasSize(11);
    }

    /** Counts verification's full listing pages of INBOX and drops the connection at the second. */
    private static io.mailferry.service.engine.fake.FakeMailServer.Hook droppingSecondFullPage(int[] fullPages) {
        boolean[] listedStates = {false};
        return (point, folder) -> {
            if (point.equals("listStates") && "INBOX".equals(folder)) {
                listedStates[0] = true;
            } else if (point.equals("list") && "INBOX".equals(folder) && listedStates[0]
                    && ++fullPages[0] == 2) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Connection reset.");
            }
        };
    }

    private void seedMatchedInbox() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.source.add("INBOX", message("new", "<new@x>"));
        f.target.add("INBOX", message("same", "<same@x>"));
    }

    /** The full target listing fails half-way: the folder is reported not verified, and the next pass proves it. */
    @Test
    void aFullTargetListingThatFailsShouldLeaveTheFolderUnverifiedThisPassOnly() {
        matchedInboxWith("list", failing(MailboxException.Kind.ITEM, "The folder could not be read."));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().issues()).extracting(ItemIssue::reason)
                .contains("Folder not verified: The folder could not be read.");
        assertThat(out.report().verdict()).doesNotStartWith("All ");
        f.target.hook((point, folder) -> { });
        assertThat(f.run(EngineFixture.options(DuplicatePolicy.SKIP)).report().verdict())
                .isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("same", "new");
    }

    /**
     * Two source folders into one target folder, listed once for both: when the full listing made for the first fails,
     * the second is still checked against the whole listing of states — its copies are not taken for deleted (their
     * rows dropped and copied again next pass).
     */
    @Test
    void aFailedFullListingShouldNotPassForAWholeOneInAMergedFolder() {
        f.source.addFolder(io.mailferry.model.job.FolderType.SENT, "Sent")
                .addFolder(io.mailferry.model.job.FolderType.SENT, "Sent Items");
        f.target.addFolder(io.mailferry.model.job.FolderType.SENT, "Sent");
        f.source.add("Sent", message("same", "<same@x>"));
        f.source.add("Sent", message("s1", "<s1@x>"));
        f.source.add("Sent Items", message("s2", "<s2@x>"));
        f.target.add("Sent", message("same", "<same@x>"));
        boolean[] failed = {false};
        f.target.hook((point, folder) -> {
            if (point.equals("list") && "Sent".equals(folder) && !failed[0] && f.target.messages("Sent").size() == 3) {
                failed[0] = true; // verification's full listing (the copies are written by then)
                failing(MailboxException.Kind.ITEM, "The folder could not be read.").run();
            }
        });

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(failed[0]).as("the full listing was made, and failed").isTrue();
        assertThat(out.report().issues()).extracting(ItemIssue::reason)
                .contains("Folder not verified: The folder could not be read.");
        int rows = f.ledger.all("pair-1").size();
        MailboxOutcome next = f.run(EngineFixture.options(DuplicatePolicy.SKIP));
        assertThat(next.report().itemsCopied()).as("nothing copied twice").isZero();
        assertThat(f.targetSubjects("Sent")).containsExactlyInAnyOrder("same", "s1", "s2");
        assertThat(next.report().verdict()).isEqualTo("All 3 source items are on the target.");
        assertThat(f.ledger.all("pair-1")).hasSize(rows);
    }

    @Test
    void aCopyDeletedOnTheTargetShouldBeFoundMissingByItsIdAloneAndCopiedAgain() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run();
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(0).uid());
        record();

        MailboxOutcome again = f.run();

        assertThat(again.report().verdict()).contains("1 of 2").contains("missing");
        assertThat(again.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.MISSING);
            assertThat(i.reason()).contains("the next pass copies it again");
            // named as a full listing names it: its page was listed again with header fields
            assertThat(i.subject()).isEqualTo("a");
            assertThat(i.messageId()).isEqualTo("<a@x>");
            assertThat(i.date()).isNotNull();
        });
        List<String> v = verification();
        assertThat(v).as(v.toString()).noneMatch(e -> e.startsWith("target list "));
        assertThat(count(v, "source listStates INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(f.run().report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("a", "b");
    }

    /** Items skipped by the trial's limit are reported with what a full listing says of them. */
    @Test
    void skippedItemsShouldBeReportedWithTheirHeaderFields() {
        for (int i = 0; i < 3; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        record();

        MailboxOutcome out = f.run(EngineFixture.options(null, null, null, 2));

        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.SKIPPED);
            assertThat(i.subject()).isEqualTo("m2");
            assertThat(i.messageId()).isEqualTo("<m2@x>");
        });
        assertThat(out.report().verdict()).startsWith("2 of 3 source items are on the target");
    }

    /** A date range needs each item's dates, which a listing of states does not give: the source is listed in full. */
    @Test
    void aJobWithADateRangeShouldListTheSourceInFull() {
        f.source.add("INBOX", message("old", "<old@x>").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.time.Instant.parse("2019-06-01T00:00:00Z"));
        f.source.add("INBOX", message("new", "<new@x>").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.time.Instant.parse("2024-06-01T00:00:00Z"));
        record();

        MailboxOutcome out = f.run(EngineFixture.options(java.time.Instant.parse("2020-01-01T00:00:00Z"), null,
                null, null));

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactly("new");
        List<String> v = verification();
        assertThat(count(v, "source list INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(v).as(v.toString()).noneMatch(e -> e.startsWith("source listStates"))
                .contains("target listStates INBOX");
    }

    @Test
    void aTargetThatReportsNoIdsShouldBeListedInFullOnly() {
        f.target.uidPlus(false);
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", null));
        record();

        MailboxOutcome out = f.run();

        assertThat(out.report().verdict()).isEqualTo("All 2 source items are on the target.");
        List<String> v = verification();
        assertThat(count(v, "target list INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(v).as(v.toString()).noneMatch(e -> e.startsWith("target listStates"));
    }

    /**
     * A target item claimed by its id while the listing was light stays claimed in the full listing: it cannot prove a
     * second source item (here a twin whose copy, its id unknown, was deleted on the target).
     */
    @Test
    void anItemClaimedByIdShouldNotProveAnotherRowAfterTheFullListing() {
        f.source.add("INBOX", message("twin", "<twin@x>"));
        f.run(); // its copy's id is known
        f.target.uidPlus(false);
        f.source.add("INBOX", message("twin", "<twin@x>"));
        f.run(); // the second twin is copied; its copy's id is not known
        assertThat(f.target.messages("INBOX")).hasSize(2);
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(1).uid());
        f.target.uidPlus(true);
        record();

        MailboxOutcome out = f.run();

        assertThat(out.report().verdict()).contains("1 of 2").contains("missing");
        List<String> v = verification();
        assertThat(count(v, "target listStates INBOX")).as(v.toString()).isEqualTo(1);
        assertThat(count(v, "target list INBOX")).as(v.toString()).isEqualTo(1);
    }

    /** More rows waiting than are held at once: settled in turns, against the one full listing made for the first. */
    @Test
    void manyMatchedRowsShouldBeSettledAgainstOneFullListing() {
        int n = Verifier.WAITING_MAX + 5;
        for (int i = 0; i < n; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
            f.target.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.source.add("INBOX", message("new", "<new@x>"));
        record();

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().issues()).isEmpty();
        assertThat(out.report().folders().get(0).itemsAlreadyThere()).isEqualTo(n);
        assertThat(out.report().verdict()).startsWith("All ").endsWith(" source items are on the target.");
        assertThat(f.target.messages("INBOX")).hasSize(n + 1);
        List<String> v = verification();
        // pages of 7: the full listing takes as many pages as the light one, so it was made once
        assertThat(count(v, "target listStates INBOX")).isEqualTo((n + 1 + 6) / 7);
        assertThat(count(v, "target list INBOX")).as("listed in full once").isEqualTo((n + 1 + 6) / 7);
    }

    /** The folder's ids changed between the two listings: they prove nothing, so the folder is not verified. */
    @Test
    void aTargetFolderRenumberedBeforeItsFullListingShouldNotBeVerifiedThisPass() {
        matchedInboxWith("state", () -> f.target.renumber("INBOX"));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().issues()).extracting(ItemIssue::reason).anySatisfy(r -> assertThat(r)
                .isEqualTo("Folder not verified: Target folder INBOX was renumbered by the server while it was being "
                        + "verified; the next pass verifies it again."));
        f.target.hook((point, folder) -> { });
        MailboxOutcome next = f.run(EngineFixture.options(DuplicatePolicy.SKIP));
        assertThat(next.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("same", "new");
    }

    @Test
    void deletionSyncShouldWorkFromTheStatesListing() {
        JobOptions sync = JobOptions.defaults().withDeletionSync(true);
        f.source.add("INBOX", message("keep", "<keep@x>"));
        long gone = f.source.add("INBOX", message("gone", "<gone@x>"));
        f.run(sync);
        f.source.removeMessage("INBOX", gone);
        record();

        MailboxOutcome out = f.run(sync);

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target. 1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");
        assertThat(f.targetSubjects("INBOX")).containsExactly("keep");
        assertThat(verification()).noneMatch(e -> e.startsWith("target list "));
    }

    @Test
    void moveModeShouldDeleteFromTheSourceWhatTheStatesListingProved() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        record();

        MailboxOutcome out = f.run(EngineFixture.moveOptions());

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.source.messages("INBOX")).isEmpty();
        assertThat(f.targetSubjects("INBOX")).containsExactlyInAnyOrder("a", "b");
        assertThat(f.ledgerCount(LedgerState.MOVED)).isEqualTo(2);
        assertThat(verification()).noneMatch(e -> e.startsWith("target list "));
    }
}
