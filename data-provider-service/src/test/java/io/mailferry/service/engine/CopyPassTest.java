package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerState;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.model.report.MailboxReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyPassTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void firstPassShouldCopyEveryItemWithFlagsAndDatesAndVerify() {
        Instant date = Instant.parse("2020-05-06T07:08:09Z");
        f.source.addFolder("Projects");
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("in" + i, "<in" + i + "@x>").getBytes(StandardCharsets.UTF_8), date, "\\Seen");
        }
        f.source.add("Projects", message("p", "<p@x>"));

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().verdict()).isEqualTo("All 11 source items are on the target.");
        assertThat(f.target.messages("INBOX")).hasSize(10)
                .allSatisfy(m -> {
                    assertThat(m.flags()).containsExactly("\\Seen");
                    assertThat(m.internalDate()).isEqualTo(date);
                });
        assertThat(f.targetSubjects("Projects")).containsExactly("p");
        assertThat(out.report().itemsCopied()).isEqualTo(11);
        assertThat(f.ledgerCount(LedgerState.DONE)).isEqualTo(11);
        assertThat(out.report().folders()).extracting(FolderReport::sourceFolder).containsExactly("INBOX", "Projects");
    }

    /**
     * A target writing a batch in one exchange gets batches of the settings' size; one writing item by item batches of
     * at most {@link EngineSettings#ITEM_BY_ITEM_BATCH}, so its progress moves and a crash leaves few writes pending.
     */
    @Test
    void batchesShouldBeLargerOnlyForATargetThatWritesABatchAtOnce() {
        for (boolean atOnce : new boolean[] {false, true}) {
            EngineFixture g = new EngineFixture();
            g.settings = g.settings.withBatches(500, 120);
            for (int i = 0; i < 130; i++) {
                g.source.add("INBOX", message("b" + i, "<b" + i + "@x>"));
            }
            List<Integer> batches = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger appended = new java.util.concurrent.atomic.AtomicInteger();
            g.target.batchedWrites(atOnce).hook((point, folder) -> {
                if (point.equals("appendBatch")) {
                    batches.add(0);
                } else if (point.equals("append")) {
                    batches.set(batches.size() - 1, batches.get(batches.size() - 1) + 1);
                    appended.incrementAndGet();
                }
            });

            MailboxOutcome out = g.run();

            assertThat(out.report().verdict()).isEqualTo("All 130 source items are on the target.");
            assertThat(appended).hasValue(130);
            assertThat(batches).as(atOnce ? "written at once" : "written item by item")
                    .isEqualTo(atOnce ? List.of(120, 10) : List.of(50, 50, 30));
        }
    }

    /**
     * A mailbox's workers share its batch bytes ({@link EngineSettings#batchBytes(int)}): one worker writes batches
     * twice as large as the setting, four write batches half as large, so the bytes in flight stay the same.
     */
    @Test
    void aMailboxsWorkersShouldShareItsBatchBytes() {
        long size = message("a0", "<a0@x>").length();
        for (int workers : new int[] {1, 4}) {
            EngineFixture g = new EngineFixture();
            g.settings = g.settings.withBatches(500, 200).withBatchBytes(4 * size);
            java.util.Map<String, List<Integer>> batches = new java.util.concurrent.ConcurrentHashMap<>();
            for (String folder : List.of("A", "B", "C", "D")) {
                g.source.addFolder(folder);
                for (int i = 0; i < 8; i++) {
                    g.source.add(folder, message("a" + i, "<a" + i + folder + "@x>"));
                }
            }
            g.target.batchedWrites(true).hook((point, folder) -> {
                if (point.equals("appendBatch")) {
                    batches.computeIfAbsent(folder, k -> new java.util.ArrayList<>()).add(0);
                } else if (point.equals("append")) {
                    List<Integer> mine = batches.get(folder);
                    mine.set(mine.size() - 1, mine.get(mine.size() - 1) + 1);
                }
            });

            MailboxOutcome out = g.run(EngineFixture.workers(workers));

            assertThat(out.report().verdict()).isEqualTo("All 32 source items are on the target.");
            assertThat(batches.get("A")).as(workers + " worker(s)")
                    .isEqualTo(workers == 1 ? List.of(8) : List.of(2, 2, 2, 2));
        }
    }

    /**
     * Through a slow link a batch costs a round trip whatever its size ({@link BatchScale}): a source whose round trip
     * takes 40 ms gets batches four times as large as the settings' (the fake's latency stands for the link; the test
     * asserts the batches, not a time).
     */
    @Test
    void aSlowLinkShouldCopyInLargerBatches() {
        long size = message("s0", "<s0@x>").length();
        for (long latency : new long[] {0, 40}) {
            EngineFixture g = new EngineFixture();
            // without the delay the fixture's scale of 1 (a machine's pause must not pass for a slow link here)
            g.settings = g.settings.withBatches(500, 4).withBatchBytes(64 * size)
                    .withBatchScale(latency == 0 ? 1 : BatchScale.MAX);
            g.source.addFolder("A");
            for (int i = 0; i < 16; i++) {
                g.source.add("A", message("s" + i, "<s" + i + "@x>"));
            }
            g.source.latency(latency);
            List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
            g.target.batchedWrites(true).hook((point, folder) -> {
                if (point.equals("appendBatch")) {
                    batches.add(0);
                } else if (point.equals("append")) {
                    batches.set(batches.size() - 1, batches.get(batches.size() - 1) + 1);
                }
            });

            MailboxOutcome out = g.run(EngineFixture.workers(1));

            assertThat(out.report().verdict()).isEqualTo("All 16 source items are on the target.");
            assertThat(batches).as(latency + " ms").isEqualTo(latency == 0 ? List.of(4, 4, 4, 4) : List.of(16));
        }
    }

    @Test
    void automaticConnectionsShouldOpenFourWorkersOverASlowLinkAndKeepAnAdminsNumber() {
        for (long latency : new long[] {0, 20}) {
            for (Integer setting : new Integer[] {null, 2, 3}) {
                EngineFixture g = new EngineFixture();
                // 20 ms a round trip scales batches (ADR 0035) and so the automatic connections (ADR 0037); without
                // the delay the fixture's scale of 1 (a machine's pause must not pass for a slow link here)
                g.settings = g.settings.withBatchScale(latency == 0 ? 1 : BatchScale.MAX);
                for (int i = 0; i < 6; i++) {
                    g.source.addFolder("F" + i);
                    g.source.add("F" + i, message("f" + i, "<f" + i + "@x>"));
                }
                g.source.latency(latency);
                int expected = setting != null ? setting : latency == 0 ? WorkerCount.FAST : WorkerCount.SLOW;
                g.holdFirstAppendUntilOpened(expected);

                MailboxOutcome out = g.run(EngineFixture.workers(setting));

                assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
                assertThat(g.source.opens()).as(latency + " ms, setting " + setting).isEqualTo(expected);
                assertThat(g.target.opens()).as(latency + " ms, setting " + setting).isEqualTo(expected);
            }
        }
        EngineFixture capped = new EngineFixture();
        capped.settings = capped.settings.withBatchScale(BatchScale.MAX);
        for (int i = 0; i < 6; i++) {
            capped.source.addFolder("F" + i);
            capped.source.add("F" + i, message("f" + i, "<f" + i + "@x>"));
        }
        capped.source.latency(20).sessionsPerMailbox(3); // Gmail's connections per account, say
        capped.holdFirstAppendUntilOpened(3);

        assertThat(capped.run().report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(capped.source.opens()).as("never more workers than a side lets be open").isEqualTo(3);
    }

    /**
     * As a pass starts, the source folders' states (the progress totals) are read while the target prepares its
     * folders: two servers, one round trip's wait. Proven by a rendezvous of the two calls, not by timing.
     */
    @Test
    void theSourceStatesShouldBeReadWhileTheTargetPreparesItsFolders() {
        f.source.addFolder("Sent");
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("Sent", message("b", "<b@x>"));
        java.util.concurrent.CountDownLatch stateRead = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch preparing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean met = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("state") && stateRead.getCount() > 0) {
                stateRead.countDown();
                met.compareAndSet(true, EngineFixture.awaited(preparing));
            }
        });
        f.target.hook((point, folder) -> {
            if (point.equals("prepareFolders")) {
                preparing.countDown();
                met.compareAndSet(true, EngineFixture.awaited(stateRead));
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(preparing.getCount()).as("the target prepared its folders").isZero();
        assertThat(met).as("each began while the other was under way").isTrue();
    }

    @Test
    void rerunShouldCopyNothing() {
        for (int i = 0; i < 5; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.run();

        MailboxOutcome again = f.run();

        assertThat(again.report().itemsCopied()).isZero();
        assertThat(again.report().folders().get(0).itemsAlreadyThere()).isEqualTo(5);
        assertThat(f.target.messages("INBOX")).hasSize(5);
        assertThat(again.report().verdict()).isEqualTo("All 5 source items are on the target.");
    }

    @Test
    void deltaShouldCopyOnlyNewItemsAndRetryFailedOnes() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("bad", "<bad@x>"));
        f.target.reject(m -> m.contains("Subject: bad"));
        MailboxOutcome first = f.run();
        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(first.report().verdict())
                .isEqualTo("1 of 2 source items is on the target; 1 is not: 1 failed.");
        assertThat(first.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.FAILED);
            assertThat(i.subject()).isEqualTo("bad");
            assertThat(i.reason()).isEqualTo("Target refused the message: NO [LIMIT] Message too large for this server");
        });

        f.target.reject(m -> false);
        f.source.add("INBOX", message("c", "<c@x>"));
        MailboxOutcome delta = f.run();

        assertThat(delta.report().itemsCopied()).isEqualTo(2);
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "bad", "c");
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
    }

    @Test
    void unreadableSourceItemShouldFailAloneWithItsReason() {
        f.source.add("INBOX", message("a", "<a@x>"));
        long bad = f.source.add("INBOX", message("b", "<b@x>"));
        f.source.add("INBOX", message("c", "<c@x>"));
        f.source.unreadable("INBOX", bad);

        MailboxOutcome out = f.run();

        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "c");
        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.sourceUid()).isEqualTo(bad);
            assertThat(i.reason()).isEqualTo("Source could not read the message: BAD parse error.");
        });
        assertThat(out.report().folders().get(0).itemsFailed()).isEqualTo(1);
    }

    @Test
    void twoIdenticalSourceMessagesShouldBeTwoMessagesOnTheTarget() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.source.add("INBOX", message("same", "<same@x>"));

        MailboxOutcome out = f.run();

        assertThat(f.target.messages("INBOX")).hasSize(2);
        assertThat(out.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.target.messages("INBOX")).hasSize(2);
    }

    @Test
    void targetWithoutUidplusShouldStillVerifyByDedupKey() {
        f.target.uidPlus(false);
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("nomid", null));

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.target.messages("INBOX")).hasSize(3);
    }

    @Test
    void renumberedSourceFolderShouldFindItsOwnCopiesInsteadOfCopyingAgain() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", null));
        f.run();

        f.source.renumber("INBOX");
        MailboxOutcome out = f.run();

        assertThat(out.report().itemsCopied()).isZero();
        assertThat(f.target.messages("INBOX")).hasSize(2);
        assertThat(f.ledgerCount(LedgerState.DONE)).as("the old rows, taken over by the renumbered items").isEqualTo(2);
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isZero();
        assertThat(out.report().verdict()).startsWith("All 2 source items are on the target.");
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
    }

    @Test
    void renumberedSourceFolderShouldCopyNothingTwiceEvenWhenDuplicatesAreWanted() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("a", "<a@x>")); // two identical messages: two copies, both kept once
        f.source.add("INBOX", message("b", null));
        f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE));
        f.source.renumber("INBOX");
        f.source.add("INBOX", message("c", "<c@x>"));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.report().itemsCopied()).as("only the new message").isEqualTo(1);
        assertThat(f.target.messages("INBOX")).hasSize(4);
        assertThat(f.ledgerCount(LedgerState.DONE)).isEqualTo(4);
        assertThat(out.report().verdict()).startsWith("All 4 source items are on the target.");
    }

    @Test
    void itemsDeletedOnTheTargetShouldBeReportedMissing() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.run();
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(1).uid());

        MailboxReport report = f.run().report();

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(report.verified()).isFalse();
        assertThat(report.verdict()).isEqualTo("1 of 2 source items is on the target; 1 is not: 1 missing.");
        assertThat(report.issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.MISSING);
            assertThat(i.subject()).isEqualTo("b");
        });
    }

    @Test
    void itemsDeletedOnTheTargetShouldBeCopiedAgainByTheNextPassExactlyOnce() {
        f.source.condstore(true); // the folder gets a checkpoint: deleting on the target changes nothing on the source
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("INBOX", message("b", "<b@x>"));
        f.source.add("INBOX", message("c", "<c@x>"));
        assertThat(f.run().state()).isEqualTo(MailboxState.COMPLETED);
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(1).uid());

        MailboxOutcome found = f.run();

        assertThat(found.report().verdict()).isEqualTo("2 of 3 source items are on the target; 1 is not: 1 missing.");
        assertThat(found.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.MISSING);
            assertThat(i.subject()).isEqualTo("b");
            assertThat(i.reason()).endsWith("the next pass copies it again.");
        });
        MailboxOutcome delta = f.run();
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(delta.report().verdict()).isEqualTo("All 3 source items are on the target.");
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("INBOX")).containsExactly("a", "c", "b");
        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.target.messages("INBOX")).hasSize(3);
    }

    /**
     * A target folder deleted by a user and made again by the next pass (a new UIDVALIDITY): the rows name UIDs of the
     * old one, which prove nothing by themselves; a full listing without those messages' keys does, so the pass after
     * the one that found them missing copies them again, once.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "target rebuilds messages: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aTargetFolderDeletedAndMadeAgainShouldBeRefilledByTheNextPass(boolean rebuilding) {
        f.source.condstore(true).addFolder("Projects");
        f.target.condstore(true).rebuilding(rebuilding);
        f.addMessage("Projects", "p1");
        f.addMessage("Projects", "p2");
        assertThat(f.run().report().verdict()).isEqualTo("All 2 source items are on the target.");
        for (FakeMailServer.Stored m : f.target.messages("Projects")) {
            f.target.removeMessage("Projects", m.uid());
        }
        f.target.renumber("Projects");

        assertThat(f.run().report().verdict()).isEqualTo("0 of 2 source items are on the target; 2 are not: 2 "
                + "missing.");
        MailboxOutcome refilled = f.run();

        assertThat(refilled.report().itemsCopied()).isEqualTo(2);
        assertThat(refilled.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.targetSubjects("Projects")).containsExactlyInAnyOrder("p1", "p2");
    }

    /** The same renumbering with the messages kept (an index rebuilt): found by their keys, never copied again. */
    @org.junit.jupiter.params.ParameterizedTest(name = "target rebuilds messages: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aTargetFolderRenumberedWithItsMessagesShouldNotBeCopiedAgain(boolean rebuilding) {
        f.source.condstore(true).addFolder("Projects");
        f.target.condstore(true).rebuilding(rebuilding);
        f.addMessage("Projects", "p1");
        f.addMessage("Projects", "p2");
        f.run();
        f.target.renumber("Projects");

        assertThat(f.run().report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.targetSubjects("Projects")).containsExactlyInAnyOrder("p1", "p2");
    }

    /**
     * A target that rebuilds messages may give an unusual Message-ID back in another form (here a comment after it
     * dropped): renumbered with its messages kept, the folder must not be taken for emptied — its messages are reported
     * rather than copied a second time.
     */
    @Test
    void aRenumberedFolderOfATargetThatRewroteMessageIdsShouldNotBeCopiedAgain() {
        f.source.condstore(true).addFolder("Projects");
        f.target.condstore(true).rebuilding(true);
        for (String s : List.of("p1", "p2")) {
            String text = "Subject: " + s + "\r\nMessage-ID: <" + s + "@x> (added by an old mailer)\r\n"
                    + "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: a@x\r\n\r\nbody\r\n";
            f.source.add("Projects", text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.time.Instant.parse("2024-01-01T00:00:00Z"));
        }
        f.run();
        for (FakeMailServer.Stored m : f.target.messages("Projects")) { // what Exchange would serve
            String t = m.text().replace(" (added by an old mailer)", "");
            f.target.removeMessage("Projects", m.uid());
            f.target.add("Projects", t.getBytes(java.nio.charset.StandardCharsets.UTF_8), m.internalDate());
        }
        f.target.renumber("Projects");

        f.run();
        f.run();

        assertThat(f.target.messages("Projects")).as("never a second copy").hasSize(2);
    }

    @Test
    void matchedItemDeletedOnTheTargetShouldBeCopiedByTheNextPass() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.target.add("INBOX", message("a", "<a@x>"));
        f.run();
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isEqualTo(1);
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(0).uid());

        assertThat(f.run().report().verdict()).isEqualTo("0 of 1 source item is on the target; 1 is not: 1 missing.");
        MailboxOutcome delta = f.run();

        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("INBOX")).containsExactly("a");
    }

    @Test
    void copiesWithoutAKnownTargetUidShouldStayMissingRatherThanRiskADuplicate() {
        f.target.uidPlus(false); // no APPENDUID: rows name no target UID, so nothing proves a copy gone
        f.source.add("INBOX", message("a", "<a@x>"));
        f.run();
        f.target.removeMessage("INBOX", f.target.messages("INBOX").get(0).uid());

        assertThat(f.run().report().verdict()).endsWith("1 missing.");

        assertThat(f.run().report().itemsCopied()).isZero();
        assertThat(f.ledgerCount(LedgerState.DONE)).isEqualTo(1);
    }

    @Test
    void verificationShouldNotLoadBodies() {
        f.source.add("INBOX", message("a", "<a@x>"));
        f.run();
        java.util.List<String> points = new java.util.concurrent.CopyOnWriteArrayList<>();
        f.source.hook((p, folder) -> points.add(p));
        f.target.hook((p, folder) -> points.add(p));

        f.run();

        assertThat(points).doesNotContain("fetch", "hash", "append");
    }
}
