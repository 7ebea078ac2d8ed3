package io.mailferry.service.engine.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine against a store that is nothing like IMAP (see {@link OpaqueMailServer}): full pass, delta through change
 * tokens, an expired token, a renamed folder and a lost ledger — each exact: nothing lost, nothing twice.
 */
class OpaqueEngineTest {
    private static final Instant DATE = Instant.parse("2021-06-07T08:09:10Z");
    private static final ItemState READ = new ItemState(true, false, false, false, false, false, Set.of());

    private static OpaquePair seeded(int inbox, int projects) {
        OpaquePair pair = new OpaquePair(11);
        for (int i = 0; i < inbox; i++) {
            pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("in" + i, "<in" + i + "@x>"),
                    i % 2 == 0 ? READ : ItemState.NONE, DATE);
        }
        for (int i = 0; i < projects; i++) {
            pair.source.seed(OpaquePair.SOURCE, List.of("Projects", "Ω"), TestMessages.simple("p" + i, null),
                    new ItemState(false, true, false, false, false, false, Set.of("Client A")), DATE);
        }
        return pair;
    }

    private static List<String> subjects(String prefix, int n) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(prefix + i);
        }
        s.sort(null);
        return s;
    }

    @Test
    void fullPassShouldCopyEveryItemOnceWithStateDateAndStampAndVerify() {
        OpaquePair pair = seeded(12, 4);

        MailboxOutcome first = pair.run(RunKind.FULL);

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verdict()).startsWith("All 16 source items are on the target");
        assertThat(pair.targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12));
        assertThat(pair.targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4));
        for (ItemRef i : pair.target.items(OpaquePair.TARGET, List.of("Projects", "Ω"))) {
            assertThat(i.state().flagged()).isTrue();
            assertThat(i.state().keywords()).containsExactly("Client A");
            assertThat(i.received()).isEqualTo(DATE);
            assertThat(i.stamp()).startsWith("mf1-");
        }
        assertThat(pair.ledger.all("pair-1")).allMatch(e -> e.state() == LedgerState.DONE && e.targetItem() != null);
    }

    @Test
    void deltaShouldReadOnlyChangesThroughTheTokenAndCarryNewItemsAndStates() {
        OpaquePair pair = seeded(12, 4);
        pair.run(RunKind.FULL);
        ItemRef first = pair.source.items(OpaquePair.SOURCE, List.of("INBOX")).stream()
                .filter(i -> "in1".equals(i.subject())).findFirst().orElseThrow();
        pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("late", "<late@x>"), READ, DATE);
        String inbox = pair.source.folders(OpaquePair.SOURCE).get(0).id();
        try {
            pair.source.setState(OpaquePair.SOURCE, inbox, first.id(), READ);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<String> points = new ArrayList<>();
        pair.source.hook(points::add);

        MailboxOutcome delta = pair.run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(points).contains("changes");
        assertThat(points.stream().filter("fetch"::equals).count()).as("one fetch: the new item only").isEqualTo(1);
        List<String> expected = new ArrayList<>(subjects("in", 12));
        expected.add("late");
        expected.sort(null);
        assertThat(pair.targetSubjects(List.of("INBOX"))).isEqualTo(expected);
        assertThat(pair.target.items(OpaquePair.TARGET, List.of("INBOX")).stream()
                .filter(i -> "in1".equals(i.subject())).findFirst().orElseThrow().state().read())
                .as("the state change reached the target").isTrue();

        points.clear();
        MailboxOutcome noop = pair.run(RunKind.DELTA);
        assertThat(noop.report().itemsCopied()).isZero();
        assertThat(points).doesNotContain("fetch");
        assertThat(noop.report().verdict()).startsWith("All 17 source items are on the target");
    }

    @Test
    void anExpiredTokenShouldFallBackToAFullListingThatCopiesNothingTwice() {
        OpaquePair pair = seeded(9, 3);
        pair.run(RunKind.FULL);
        pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("late", "<late@x>"), READ, DATE);
        pair.source.expireTokens();
        List<String> points = new ArrayList<>();
        pair.source.hook(points::add);

        MailboxOutcome delta = pair.run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(points).contains("changes", "list");
        List<String> expected = new ArrayList<>(subjects("in", 9));
        expected.add("late");
        expected.sort(null);
        assertThat(pair.targetSubjects(List.of("INBOX"))).isEqualTo(expected);
        assertThat(pair.run(RunKind.DELTA).report().itemsCopied()).isZero();
    }

    @Test
    void aFolderRenamedOnTheSourceShouldKeepItsItemsKnownAndItsTargetFolder() {
        OpaquePair pair = seeded(2, 5);
        pair.run(RunKind.FULL);
        pair.source.rename(OpaquePair.SOURCE, List.of("Projects"), List.of("Archive 2020"));
        pair.source.seed(OpaquePair.SOURCE, List.of("Archive 2020", "Ω"), TestMessages.simple("p-late", null),
                ItemState.NONE, DATE);

        MailboxOutcome delta = pair.run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).as("only the new item").isEqualTo(1);
        List<String> expected = new ArrayList<>(subjects("p", 5));
        expected.add("p-late");
        expected.sort(null);
        assertThat(pair.targetSubjects(List.of("Projects", "Ω"))).isEqualTo(expected);
        assertThat(pair.targetSubjects(List.of("Archive 2020", "Ω"))).isEmpty();
        assertThat(delta.report().verdict()).startsWith("All 8 source items are on the target");
    }

    @Test
    void aLostLedgerShouldFindEveryCopyByItsStampAndCopyNothingTwice() {
        OpaquePair pair = seeded(10, 4);
        pair.run(RunKind.FULL);
        pair.ledger = new InMemoryLedger(); // the data directory was deleted
        pair.checkpoints = new io.mailferry.service.engine.InMemoryCheckpoints();

        MailboxOutcome again = pair.run(RunKind.FULL,
                new io.mailferry.model.job.JobOptions(null, null, null, null, null,
                        io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE, null, null, null, null));

        assertThat(again.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(again.report().itemsCopied()).isZero();
        assertThat(pair.targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 10));
        assertThat(pair.targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4));
        assertThat(pair.ledger.all("pair-1")).extracting(LedgerEntry::state).containsOnly(LedgerState.DONE);
    }

    @Test
    void aReservedFolderNameShouldBeRenamedForTheTarget() {
        OpaquePair pair = new OpaquePair(3);
        pair.source.seed(OpaquePair.SOURCE, List.of("Files"), TestMessages.simple("f", "<f@x>"), ItemState.NONE, DATE);

        MailboxOutcome first = pair.run(RunKind.FULL);

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(pair.targetSubjects(List.of("Files (migrated)"))).containsExactly("f");
        assertThat(pair.targetSubjects(List.of("Files"))).isEmpty();
    }
}
