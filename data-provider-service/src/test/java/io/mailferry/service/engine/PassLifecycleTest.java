package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerState;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassLifecycleTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void moveModeShouldDeleteOnlyVerifiedItemsFromTheSource() {
        f.source.add("INBOX", message("ok", "<ok@x>"));
        f.source.add("INBOX", message("refused", "<refused@x>"));
        f.target.reject(m -> m.contains("refused"));

        MailboxOutcome out = f.run(EngineFixture.moveOptions());

        assertThat(f.targetSubjects("INBOX")).containsExactly("ok");
        assertThat(f.source.messages("INBOX")).extracting(m -> EngineFixture.subject(m.text())).containsExactly("refused");
        assertThat(f.ledgerCount(LedgerState.MOVED)).isEqualTo(1);
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
    }

    @Test
    void moveModeShouldKeepASourceItemWhoseMessageIdMatchesADifferentTargetItem() {
        f.source.add("INBOX", message("report", "<same@x>", "The source's own text."));
        f.target.add("INBOX", message("report", "<same@x>", "Another, longer text already on the target."));

        MailboxOutcome out = f.run(EngineFixture.moveOptions());

        assertThat(f.source.messages("INBOX")).hasSize(1);
        assertThat(f.target.messages("INBOX")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Another, longer text"));
        assertThat(f.ledgerCount(LedgerState.MOVED)).isZero();
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(out.report().verdict()).isEqualTo("0 of 1 source item is on the target; 1 is not: 1 skipped "
                + "(another message with the same Message-ID is on the target). 1 item was kept on the source: its "
                + "copy on the target could not be proven the same message (see the report).");
        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.SKIPPED);
            assertThat(i.reason()).startsWith("Kept on the source: the target's item with the same Message-ID differs");
        });
    }

    @Test
    void moveModeShouldDeleteASourceItemMatchedToTheSameMessageOnTheTarget() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.source.add("INBOX", message("no id", null));
        f.source.add("INBOX", message("new", "<new@x>"));
        f.target.add("INBOX", message("same", "<same@x>"));
        f.target.add("INBOX", message("no id", null));

        MailboxOutcome out = f.run(EngineFixture.moveOptions());

        assertThat(out.report().verdict()).isEqualTo("All 3 source items are on the target. 3 items were deleted "
                + "from the source after their copies were verified (move mode).");
        assertThat(f.source.messages("INBOX")).isEmpty();
        assertThat(f.ledgerCount(LedgerState.MOVED)).isEqualTo(3);
        assertThat(f.targetSubjects("INBOX")).containsExactly("same", "no id", "new");
    }

    @Test
    void moveModeWithoutTargetUidsShouldDeleteOnlyItemsWhoseCopyIsTheSameMessage() {
        f.target.uidPlus(false); // our copies are found by Message-ID only
        f.source.add("INBOX", message("ours", "<ours@x>"));
        f.source.add("INBOX", message("gone", "<gone@x>", "Our copy of this one is deleted on the target."));
        f.run();
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(1).uid());
        f.target.add("INBOX", message("gone", "<gone@x>", "An unrelated message reusing its Message-ID."));

        MailboxOutcome out = f.run(EngineFixture.moveOptions());

        assertThat(f.source.messages("INBOX")).extracting(m -> EngineFixture.subject(m.text())).containsExactly("gone");
        assertThat(out.report().issues()).singleElement()
                .satisfies(i -> assertThat(i.reason()).startsWith("Kept on the source: its copy could not be found"));
        assertThat(out.report().verdict()).endsWith("1 item was kept on the source: its copy on the target could not "
                + "be proven the same message (see the report).");
    }

    @Test
    void sourceShouldStayUntouchedByDefault() {
        f.source.add("INBOX", message("a", "<a@x>"));
        AtomicInteger deletes = new AtomicInteger();
        f.source.hook((p, folder) -> {
            if (p.equals("delete")) {
                deletes.incrementAndGet();
            }
        });

        f.run();

        assertThat(deletes).hasValue(0);
        assertThat(f.source.messages("INBOX")).hasSize(1);
    }

    @Test
    void stopShouldFinishTheBatchInFlightAndALaterPassShouldComplete() {
        for (int i = 0; i < 20; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        StopSignal stop = new StopSignal();
        AtomicInteger appended = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("appended") && appended.incrementAndGet() == 4) {
                stop.requestStop();
            }
        });

        MailboxOutcome stopped = f.run(EngineFixture.options(), stop);

        assertThat(stopped.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(f.target.messages("INBOX")).hasSize(6); // batches of 3: the second batch finished
        assertThat(f.ledger.pending("pair-1")).isEmpty();
        f.target.hook((p, folder) -> { });
        MailboxOutcome resumed = f.run();
        assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(resumed.report().itemsCopied()).isEqualTo(14);
        assertThat(f.target.messages("INBOX")).hasSize(20);
    }

    /**
     * A copy deleted on the target between the copy step and verification: the folder's row must add up (it was copied
     * but is not on the target), so a job's sums never say every item is there.
     */
    @Test
    void aCopyDeletedBeforeVerificationShouldCountAsMissingInTheFolderRowAndTheJobsVerdict() {
        for (int i = 0; i < 3; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        AtomicInteger listings = new AtomicInteger();
        f.target.hook((point, folder) -> {
            if ("INBOX".equals(folder) && io.mailferry.service.engine.fake.FakeMailServer.asListing(point)
                    .equals("list") && f.target.messages("INBOX").size() == 3 && listings.getAndIncrement() == 0) {
                f.target.removeMessage("INBOX", f.target.messages("INBOX").get(0).uid()); // its user deleted it
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.report().verdict()).startsWith("2 of 3 source items are on the target; 1 is not: 1 missing.");
        assertThat(out.report().folders()).filteredOn(r -> r.sourceFolder().equals("INBOX")).singleElement()
                .satisfies(r -> {
                    assertThat(r.itemsSelected()).isEqualTo(3);
                    assertThat(r.itemsCopied() + r.itemsAlreadyThere()).isEqualTo(2);
                });
        assertThat(JobVerdict.of(List.of(out.report()))).startsWith("2 of 3 source items of 1 mailbox are on the "
                + "target");
    }

    /** A trial's skips fill the report's list first; a failed item found later still gets named, and the rest counted. */
    @Test
    void aFullListOfSkippedItemsShouldStillNameAFailedOneAndSayHowManyAreNotNamed() {
        f.settings = f.settings.withMaxIssues(2);
        for (int i = 0; i < 4; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.source.addFolder("Sent");
        f.source.add("Sent", message("refused", "<refused@x>"));
        f.target.reject(m -> m.contains("refused"));

        MailboxOutcome out = f.run(JobOptions.defaults().withMaxItemsPerFolder(1));

        assertThat(out.report().issues()).extracting(ItemIssue::subject).contains("refused").hasSize(2);
        assertThat(out.report().verdict()).endsWith("The report names 2 items with issues (failed and missing ones "
                + "first); 2 more are in the counts but not named.");
    }

    /**
     * After a move, the source folder is renumbered and another message with the moved one's Message-ID arrives (the
     * same list post with another footer): it must not take over the moved one's row and be deleted uncopied.
     */
    @Test
    void anotherMessageWithAMovedOnesMessageIdAfterARenumberShouldNotBeDeletedUncopied() {
        f.source.add("INBOX", message("post", "<post@list>", "Footer of list one."));
        f.run(EngineFixture.moveOptions());
        assertThat(f.source.messages("INBOX")).isEmpty();
        f.source.renumber("INBOX");
        f.source.add("INBOX", message("post", "<post@list>", "Footer of list two, a little longer."));

        f.run(EngineFixture.moveOptions());

        boolean onSource = f.source.messages("INBOX").stream().anyMatch(m -> m.text().contains("list two"));
        boolean onTarget = f.target.messages("INBOX").stream().anyMatch(m -> m.text().contains("list two"));
        assertThat(onSource || onTarget).as("the second message is somewhere").isTrue();
    }

    /** Moved items are no longer listed: they still count within the limit, or each pass would move the next ones. */
    @Test
    void aPerFolderLimitInMoveModeShouldCountTheItemsMovedByEarlierPasses() {
        for (int i = 0; i < 5; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        JobOptions limited = EngineFixture.moveOptions().withMaxItemsPerFolder(2);

        f.run(limited);
        assertThat(f.targetSubjects("INBOX")).containsExactly("m0", "m1");
        assertThat(f.source.messages("INBOX")).hasSize(3);

        MailboxOutcome again = f.run(limited);

        assertThat(f.targetSubjects("INBOX")).containsExactly("m0", "m1");
        assertThat(f.source.messages("INBOX")).as("nothing more moved").hasSize(3);
        assertThat(again.report().issues()).extracting(i -> i.reason()).containsOnly(
                "not copied: trial limit of 2 items per folder");
    }

    @Test
    void filtersShouldSelectByDateAndSkipLargeAndCappedItemsWithReasons() {
        Instant old = Instant.parse("2019-01-01T00:00:00Z");
        Instant recent = Instant.parse("2024-06-01T00:00:00Z");
        f.source.add("INBOX", message("old", "<old@x>").getBytes(StandardCharsets.UTF_8), old);
        f.source.add("INBOX", message("big", "<big@x>", "x".repeat(5000)).getBytes(StandardCharsets.UTF_8), recent);
        for (int i = 0; i < 4; i++) {
            f.source.add("INBOX", message("r" + i, "<r" + i + "@x>").getBytes(StandardCharsets.UTF_8), recent);
        }

        MailboxOutcome out = f.run(EngineFixture.options(Instant.parse("2024-01-01T00:00:00Z"), null, 1000L, 4));

        assertThat(f.targetSubjects("INBOX")).containsExactly("r0", "r1", "r2");
        assertThat(out.report().verdict()).isEqualTo("3 of 5 source items are on the target; 2 are not: "
                + "1 skipped (too large), 1 not copied (trial limit).");
        assertThat(out.report().issues()).extracting(i -> i.subject() + ": " + i.reason()).containsExactly(
                "big: too large: 5.1 KB > limit 1 KB", "r3: not copied: trial limit of 4 items per folder");
        assertThat(out.report().issues()).allMatch(i -> i.outcome() == ItemOutcome.SKIPPED);
        assertThat(f.ledgerCount(LedgerState.SKIPPED)).isEqualTo(1);

        MailboxOutcome raised = f.run(EngineFixture.options(Instant.parse("2024-01-01T00:00:00Z"), null, null, null));
        assertThat(raised.report().itemsCopied()).isEqualTo(2);
        assertThat(raised.state()).isEqualTo(MailboxState.COMPLETED);
    }

    @Test
    void foldersOnlyShouldCreateTheTreeAndCopyNothing() {
        f.source.addFolder(FolderType.SENT, "Sent Items").addFolder("A").addFolder("A", "B").addFolder("Junk", "x");
        f.source.add("INBOX", message("a", "<a@x>"));
        f.target.addFolder(FolderType.SENT, "Sent");

        MailboxOutcome out = f.run(EngineFixture.options(
                new FolderFilter(List.of(), List.of("Junk"), java.util.Set.of(), List.of()), MigrationType.FOLDERS_ONLY));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().verdict()).isEqualTo("Folders only: 4 selected folders are on the target; no items were copied.");
        assertThat(f.target.folderPaths()).containsExactlyInAnyOrder("INBOX", "Sent", "A", "A/B");
        assertThat(f.target.messages("INBOX")).isEmpty();
    }

    @Test
    void progressShouldGrowMonotonicallyAndEndRight() {
        f.settings = new EngineSettings(7, 3, 8L << 20, 3, java.time.Duration.ofMinutes(30),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(60), java.time.Duration.ZERO, 100,
                f.waits::add, java.time.Clock.systemUTC(), 1);
        long bytes = 0;
        for (int i = 0; i < 12; i++) {
            String m = message("m" + i, "<m" + i + "@x>");
            bytes += m.length();
            f.source.add("INBOX", m);
        }
        f.target.reject(m -> m.contains("Subject: m11"));

        MailboxOutcome out = f.run();

        List<Progress> ps = f.progress;
        assertThat(ps).hasSizeGreaterThan(12);
        for (int i = 1; i < ps.size(); i++) {
            Progress a = ps.get(i - 1);
            Progress b = ps.get(i);
            assertThat(b.itemsTotal()).isGreaterThanOrEqualTo(a.itemsTotal());
            assertThat(b.itemsDone()).isGreaterThanOrEqualTo(a.itemsDone());
            assertThat(b.bytesDone()).isGreaterThanOrEqualTo(a.bytesDone());
            assertThat(b.itemsCopied()).isGreaterThanOrEqualTo(a.itemsCopied());
        }
        Progress last = out.progress();
        assertThat(last).isEqualTo(ps.get(ps.size() - 1));
        assertThat(last.itemsTotal()).isEqualTo(12);
        assertThat(last.itemsDone()).isEqualTo(11);
        assertThat(last.itemsCopied()).isEqualTo(11);
        assertThat(last.itemsFailed()).isEqualTo(1);
        assertThat(last.bytesTotal()).isEqualTo(bytes);
        assertThat(last.etaSeconds()).isZero();
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(f.folderEvents).containsExactly("start INBOX -> INBOX", "end INBOX");
    }
}
