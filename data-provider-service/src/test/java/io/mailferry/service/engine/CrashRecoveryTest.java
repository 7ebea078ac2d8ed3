package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerState;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.SimulatedCrash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the pass (an Error, as if the process died) at every point of the copy protocol and at every occurrence of
 * that point, then runs it again: the target must hold exactly one copy of each source message.
 */
class CrashRecoveryTest {
    enum Point {
        AFTER_PENDING_WRITE, BEFORE_FIRST_APPEND_STORED, AFTER_K_APPENDS_STORED, AFTER_APPEND_BEFORE_DONE_WRITE,
        AFTER_DONE_WRITE, DURING_RECONCILIATION
    }

    static Stream<Arguments> crashes() {
        List<Arguments> all = new ArrayList<>();
        // CREATE_DUPLICATE switches the duplicate check off, so only reconciliation stands between a crash and a
        // duplicate; SKIP is the default an admin runs with
        Object[][] variants = {{DuplicatePolicy.CREATE_DUPLICATE, true}, {DuplicatePolicy.CREATE_DUPLICATE, false},
            {DuplicatePolicy.SKIP, true}};
        for (Object[] v : variants) {
            for (Point p : Point.values()) {
                for (int occurrence = 1; occurrence <= 9; occurrence += 2) {
                    all.add(Arguments.of(p, occurrence, v[0], v[1]));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} #{1} {2} uidplus={3}")
    @MethodSource("crashes")
    void crashAtAnyPointShouldNeitherLoseNorDuplicate(Point point, int occurrence, DuplicatePolicy policy,
            boolean uidPlus) {
        JobOptions options = EngineFixture.options(policy);
        EngineFixture f = new EngineFixture();
        CrashingLedger ledger = new CrashingLedger(f.ledger);
        f.target.uidPlus(uidPlus);
        f.source.addFolder("Work");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(add(f.source, "INBOX", message("in" + i, i == 3 ? null : "<in" + i + "@x>")));
        }
        expected.add(add(f.source, "INBOX", message("twin", "<twin@x>")));
        expected.add(add(f.source, "INBOX", message("twin", "<twin@x>")));
        for (int i = 0; i < 4; i++) {
            expected.add(add(f.source, "Work", message("w" + i, "<w" + i + "@x>")));
        }
        AtomicInteger seen = new AtomicInteger();
        arm(point, occurrence, f, ledger, seen);
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(), f.settings);

        if (point == Point.DURING_RECONCILIATION) {
            // first a crash that leaves PENDING rows, then a crash while they are reconciled
            AtomicInteger appended = new AtomicInteger();
            f.target.hook((p, folder) -> {
                if (p.equals("appended") && appended.incrementAndGet() == 2) {
                    throw new SimulatedCrash("after 2 appends");
                }
            });
            assertThatThrownBy(() -> engine.run(f.task(options), ProgressListener.NONE, new StopSignal()))
                    .isInstanceOf(SimulatedCrash.class);
            f.target.hook((p, folder) -> {
                if (p.equals("hash") && seen.incrementAndGet() == Math.min(occurrence, 2)) {
                    throw new SimulatedCrash("during reconciliation");
                }
            });
        }
        try {
            engine.run(f.task(options), ProgressListener.NONE, new StopSignal());
        } catch (SimulatedCrash expectedCrash) {
            // the process "died" here
        }
        ledger.crashWhen((e, before) -> false);
        f.target.hook((p, folder) -> { });

        MailboxOutcome out = engine.run(f.task(options), ProgressListener.NONE, new StopSignal());

        List<String> onTarget = new ArrayList<>();
        f.target.messages("INBOX").forEach(m -> onTarget.add(m.text()));
        f.target.messages("Work").forEach(m -> onTarget.add(m.text()));
        assertThat(onTarget).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.ledger.pending("pair-1")).isEmpty();
        assertThat(engine.run(f.task(options), ProgressListener.NONE, new StopSignal())
                .report().itemsCopied()).isZero();
    }

    @org.junit.jupiter.api.Test
    void batchesAfterTheFirstShouldTakeUidNextFromTheAppendAnswerInsteadOfAskingTheTarget() {
        int withUids = targetStateCalls(true);
        int withoutUids = targetStateCalls(false);
        // 10 messages in batches of 3: 4 batches, the last 3 of which learn UIDNEXT from the previous APPENDUIDs
        assertThat(withoutUids - withUids).isEqualTo(3);
    }

    private static int targetStateCalls(boolean uidPlus) {
        EngineFixture f = new EngineFixture();
        f.target.uidPlus(uidPlus);
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        AtomicInteger states = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("state")) {
                states.incrementAndGet();
            }
        });
        assertThat(f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE)).state())
                .isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(10);
        return states.get();
    }

    @org.junit.jupiter.api.Test
    void crashAfterAnAppendWhoseUidNextWasLearntShouldFindTheCopyDespiteOtherDeliveries() {
        EngineFixture f = new EngineFixture();
        CrashingLedger ledger = new CrashingLedger(f.ledger);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            expected.add(add(f.source, "INBOX", message("m" + i, "<m" + i + "@x>")));
        }
        String delivered = message("delivered meanwhile", "<other@x>");
        expected.add(delivered);
        AtomicInteger batches = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("appendBatch") && batches.incrementAndGet() == 3) {
                f.target.add("INBOX", delivered); // the learnt UIDNEXT is now below the target's real one
            }
        });
        AtomicInteger doneWrites = new AtomicInteger();
        ledger.crashWhen((e, before) -> before && CrashingLedger.has(e, LedgerState.DONE)
                && doneWrites.incrementAndGet() == 3);
        JobOptions options = EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE);
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(), f.settings);
        assertThatThrownBy(() -> engine.run(f.task(options), ProgressListener.NONE, new StopSignal()))
                .isInstanceOf(SimulatedCrash.class);
        ledger.crashWhen((e, before) -> false);
        f.target.hook((p, folder) -> { });

        MailboxOutcome out = engine.run(f.task(options), ProgressListener.NONE, new StopSignal());

        List<String> onTarget = new ArrayList<>();
        f.target.messages("INBOX").forEach(m -> onTarget.add(m.text()));
        assertThat(onTarget).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
    }

    private static void arm(Point point, int occurrence, EngineFixture f, CrashingLedger ledger, AtomicInteger seen) {
        switch (point) {
            case AFTER_PENDING_WRITE -> ledger.crashWhen((e, before) -> !before
                    && CrashingLedger.has(e, LedgerState.PENDING) && seen.incrementAndGet() == occurrence);
            case AFTER_APPEND_BEFORE_DONE_WRITE -> ledger.crashWhen((e, before) -> before
                    && CrashingLedger.has(e, LedgerState.DONE) && seen.incrementAndGet() == occurrence);
            case AFTER_DONE_WRITE -> ledger.crashWhen((e, before) -> !before
                    && CrashingLedger.has(e, LedgerState.DONE) && seen.incrementAndGet() == occurrence);
            case BEFORE_FIRST_APPEND_STORED -> f.target.hook((p, folder) -> {
                if (p.equals("appendBatch") && seen.incrementAndGet() == occurrence) {
                    throw new SimulatedCrash("before append");
                }
            });
            case AFTER_K_APPENDS_STORED -> f.target.hook((p, folder) -> {
                if (p.equals("appended") && seen.incrementAndGet() == occurrence) {
                    throw new SimulatedCrash("after " + occurrence + " appends");
                }
            });
            case DURING_RECONCILIATION -> { }
        }
    }

    private static String add(FakeMailServer server, String folder, String message) {
        server.add(folder, message);
        return message;
    }
}
