package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine from a Microsoft 365 mailbox (the Graph double, read through the real connector) to the engine's
 * IMAP-like fake target: a full pass, a delta through delta links, an expired delta link, and throttling — each exact:
 * nothing lost, nothing twice, the waits the server asked for.
 */
class GraphToImapFakeTest {
    private static final String SOURCE = "anna@contoso.example";
    private static final String TARGET = "anna@imap.example";
    private static final Instant DATE = Instant.parse("2021-06-07T08:09:10Z");
    private static final ItemState READ = new ItemState(true, false, false, false, false, false, Set.of());
    private static final ItemState FLAGGED = new ItemState(false, true, false, false, false, false, Set.of("ClientA"));

    private GraphDouble graph;
    private FakeMailServer target;
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        graph = new GraphDouble();
        graph.pageCap(4);
        graph.addUser(SOURCE, "Anna");
        target = FakeMailServer.target();
        for (int i = 0; i < 12; i++) {
            graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("in" + i, "<in" + i + "@x>"),
                    i % 2 == 0 ? READ : ItemState.NONE, DATE.plusSeconds(i));
        }
        for (int i = 0; i < 4; i++) {
            graph.seed(SOURCE, List.of("Projects", "Ω"), TestMessages.simple("p" + i, null), FLAGGED, DATE);
        }
        graph.seed(SOURCE, List.of("Sent Items"), TestMessages.simple("sent0", "<sent0@x>"), READ, DATE);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private MailboxOutcome run(RunKind kind) {
        MailboxAccess source = new GraphMailboxAccess(graph.cloud(), (scope, force) -> graph.token(),
                ConnectionRole.SOURCE, 4);
        MailboxTask task = new MailboxTask("pair-1", source, new MailboxAccess.Login(SOURCE, null, null),
                new FakeAccess(target), new MailboxAccess.Login(TARGET, "anna", null), JobOptions.defaults(), kind,
                SOURCE, TARGET);
        EngineSettings settings = EngineSettings.defaults().withSleeper(waits::add).withBatches(5, 3);
        return new MigrationEngine(ledger, checkpoints, settings).run(task, ProgressListener.NONE, new StopSignal());
    }

    private List<String> targetSubjects(List<String> path) {
        List<String> s = new ArrayList<>();
        for (FakeMailServer.Stored m : target.messages(path)) {
            String text = m.text();
            int at = text.indexOf("\r\nSubject: ");
            s.add(text.substring(at + 11, text.indexOf("\r\n", at + 2)));
        }
        s.sort(null);
        return s;
    }

    private static List<String> subjects(String prefix, int n, String... more) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(prefix + i);
        }
        s.addAll(List.of(more));
        s.sort(null);
        return s;
    }

    private long valueReads() {
        return graph.count(r -> r.path().endsWith("/$value"));
    }

    /** A message whose MIME Exchange cannot render fails alone, on every pass; the rest is copied and verified. */
    @Test
    void aMessageExchangeCannotRenderAsMimeShouldFailAloneNotTheMailbox() {
        graph.cannotConvert("in3");

        MailboxOutcome first = run(RunKind.FULL);
        MailboxOutcome delta = run(RunKind.DELTA);

        for (MailboxOutcome o : List.of(first, delta)) {
            assertThat(o.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
            assertThat(o.report().issues()).singleElement().satisfies(i -> {
                assertThat(i.outcome()).isEqualTo(ItemOutcome.FAILED);
                assertThat(i.subject()).isEqualTo("in3");
                assertThat(i.reason()).contains("HTTP 500").contains("ErrorMimeContentConversionFailed")
                        .contains("Exchange cannot convert this item");
            });
        }
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12).stream()
                .filter(x -> !x.equals("in3")).toList());
        assertThat(targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4));
    }

    /**
     * A download whose connection goes quiet half way (headers in, then nothing) is ended after its limit and read
     * again: the pass neither hangs nor copies half a message.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aDownloadThatStopsHalfWayShouldBeEndedAndReadAgainNotHang() {
        Duration before = StalledBodies.limit;
        StalledBodies.limit = Duration.ofSeconds(1);
        try {
            graph.stallOnce("in5");

            MailboxOutcome outcome = run(RunKind.FULL);

            assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12));
            assertThat(target.messages(List.of("INBOX"))).filteredOn(m -> m.text().contains("Subject: in5\r\n"))
                    .singleElement().satisfies(m -> assertThat(m.text()).as("the whole message, not its first half")
                            .contains("Hello in5"));
        } finally {
            StalledBodies.limit = before;
        }
    }

    @Test
    void aFullPassShouldCopyEveryMessageWithItsStateAndDateAndVerify() {
        MailboxOutcome outcome = run(RunKind.FULL);

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verified()).isTrue();
        assertThat(outcome.report().verdict()).startsWith("All 17 source items are on the target");
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12));
        assertThat(targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4));
        assertThat(target.folderPaths().stream().mapToInt(p -> target.messages(List.of(p.split("/"))).size()).sum())
                .isEqualTo(17);
        List<FakeMailServer.Stored> inbox = target.messages(List.of("INBOX"));
        assertThat(inbox).allSatisfy(m -> assertThat(m.text()).as("Exchange's rebuilt MIME").contains(
                "X-MS-Has-Attach:"));
        assertThat(inbox).filteredOn(m -> m.flags().contains("\\Seen")).hasSize(6);
        assertThat(inbox).extracting(FakeMailServer.Stored::internalDate).contains(DATE, DATE.plusSeconds(11));
        assertThat(target.messages(List.of("Projects", "Ω"))).allSatisfy(m -> assertThat(m.flags())
                .contains("\\Flagged", "ClientA"));
        assertThat(valueReads()).isEqualTo(17);

        MailboxOutcome again = run(RunKind.FULL);
        assertThat(again.report().itemsCopied()).isZero();
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12));
    }

    /**
     * Mail arriving while INBOX is listed: messages are listed newest first with $skip next links
     * (learn.microsoft.com/graph/api/user-list-messages, learn.microsoft.com/graph/paging), so a message that arrives
     * between two pages pushes the one before it onto the next page too. Each is copied once; the newcomers, which
     * the listing never reached, are reported missing and copied by the next pass.
     */
    @Test
    void mailArrivingBetweenTwoPagesOfAListingShouldLeaveNoMessageCopiedTwice() {
        java.util.concurrent.atomic.AtomicInteger arrivals = new java.util.concurrent.atomic.AtomicInteger();
        String inbox = graph.folderId(SOURCE, List.of("INBOX"));
        graph.beforeAnswer((path, query) -> {
            if (path.endsWith("/mailFolders/" + inbox + "/messages") && query != null && query.contains("$skip=")
                    && arrivals.incrementAndGet() <= 2) {
                graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("new" + arrivals.get(),
                        "<new" + arrivals.get() + "@x>"), READ, DATE.plusSeconds(100 + arrivals.get()));
            }
        });

        MailboxOutcome outcome = run(RunKind.FULL);

        assertThat(arrivals).as("mail arrived during the listing").hasValueGreaterThanOrEqualTo(2);
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12));
        // verification lists the newcomers too: this pass says so, item by item
        assertThat(outcome.report().verdict()).isEqualTo("17 of 19 source items are on the target; 2 are not: 2 "
                + "missing.");
        assertThat(outcome.report().issues()).extracting(i -> i.subject()).containsExactlyInAnyOrder("new1", "new2");

        graph.beforeAnswer((path, query) -> { });
        MailboxOutcome delta = run(RunKind.DELTA);
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12, "new1", "new2"));
    }

    /**
     * The listing pages by offset, newest first: a message removed from the first page before the second is read moves
     * the next one onto the first page's range. The listing reads it by id at its end: it is copied in this pass.
     */
    @Test
    void mailRemovedBetweenTwoPagesOfAListingShouldLeaveNoMessagePassedOver() {
        java.util.concurrent.atomic.AtomicInteger removals = new java.util.concurrent.atomic.AtomicInteger();
        String inbox = graph.folderId(SOURCE, List.of("INBOX"));
        String newest = graph.messages(SOURCE, List.of("INBOX")).stream()
                .filter(m -> m.subject().equals("in11")).findFirst().orElseThrow().id();
        graph.beforeAnswer((path, query) -> {
            if (path.endsWith("/mailFolders/" + inbox + "/messages") && query != null && query.contains("$skip=")
                    && removals.incrementAndGet() == 1) {
                graph.remove(SOURCE, newest);
            }
        });

        MailboxOutcome outcome = run(RunKind.FULL);

        assertThat(removals).as("the listing went on after the removal").hasPositiveValue();
        assertThat(targetSubjects(List.of("INBOX"))).as("every message that stayed").containsAll(subjects("in", 11));
        assertThat(outcome.report().issues()).extracting(i -> i.subject()).allMatch(s -> s.equals("in11"));
    }

    @Test
    void aDeltaShouldCopyExactlyTheOneNewMessageThroughTheDeltaLink() {
        run(RunKind.FULL);
        graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("late", "<late@x>"), READ, DATE.plusSeconds(99));
        graph.clearRequests();

        MailboxOutcome delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(valueReads()).as("one body read: the new message").isEqualTo(1);
        assertThat(graph.count(r -> r.path().endsWith("/messages/delta") && r.query() != null
                && r.query().contains("$deltatoken"))).as("changes read through delta links").isPositive();
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12, "late"));
        assertThat(delta.report().verdict()).startsWith("All 18 source items are on the target");

        graph.clearRequests();
        MailboxOutcome noop = run(RunKind.DELTA);
        assertThat(noop.report().itemsCopied()).isZero();
        assertThat(valueReads()).isZero();
    }

    @Test
    void anExpiredDeltaLinkShouldFallBackToAFullListingThatCopiesNothingTwice() {
        run(RunKind.FULL);
        graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("late", "<late@x>"), READ, DATE.plusSeconds(99));
        graph.expireDeltaTokens();
        graph.clearRequests();

        MailboxOutcome delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(graph.count(r -> r.status() == 410)).as("the expired delta links were refused").isPositive();
        assertThat(delta.report().itemsCopied()).isEqualTo(1);
        assertThat(valueReads()).isEqualTo(1);
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12, "late"));
        assertThat(targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4));
        assertThat(run(RunKind.DELTA).report().itemsCopied()).isZero();
    }

    @Test
    void aFolderRenamedOnTheSourceShouldKeepItsItemsKnownAndItsTargetFolder() {
        run(RunKind.FULL);
        graph.renameFolder(SOURCE, List.of("Projects"), "Archive 2020");
        graph.seed(SOURCE, List.of("Archive 2020", "Ω"), TestMessages.simple("p-late", null), FLAGGED, DATE);

        MailboxOutcome delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).as("only the new item").isEqualTo(1);
        assertThat(targetSubjects(List.of("Projects", "Ω"))).isEqualTo(subjects("p", 4, "p-late"));
        assertThat(target.folderExists(List.of("Archive 2020", "Ω"))).isFalse();
        assertThat(delta.report().verdict()).startsWith("All 18 source items are on the target");
    }

    @Test
    void aBurstOfThrottlingShouldBeWaitedOutAsTheServerAsked() {
        graph.throttle(3, 7);

        MailboxOutcome outcome = run(RunKind.FULL);

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verdict()).startsWith("All 17 source items are on the target");
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(outcome.throttledMillis()).isEqualTo(21_000);
        assertThat(graph.count(r -> r.status() == 429)).isEqualTo(3);

        // throttled items inside a $batch of a delta are waited for too, and none is lost
        graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("late1", "<late1@x>"), READ, DATE);
        graph.seed(SOURCE, List.of("INBOX"), TestMessages.simple("late2", "<late2@x>"), READ, DATE);
        graph.throttleInBatch(1, 4);
        waits.clear();

        MailboxOutcome delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(4));
        assertThat(targetSubjects(List.of("INBOX"))).isEqualTo(subjects("in", 12, "late1", "late2"));
    }
}
