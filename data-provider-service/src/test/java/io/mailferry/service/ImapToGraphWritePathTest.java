package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.graph.GraphMailboxAccess;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine from an IMAP mailbox (GreenMail, read by the real IMAP connector) to a Microsoft 365 mailbox written
 * through Graph (the double, written by the real {@link io.mailferry.service.connector.graph.GraphTargetMailbox}): a
 * full pass lands every message once, as received mail with its date and state; a crash between the creates and the
 * ledger, or a lost ledger, copies nothing twice (the stamps are found); and a run under a small upload budget waits
 * out Graph's 429s and fails no item.
 */
class ImapToGraphWritePathTest {
    private static final Instant T0 = Instant.parse("2022-02-03T04:05:06Z");
    private static final AtomicInteger USERS = new AtomicInteger();
    private static GreenMail imap;

    private GraphDouble graph;
    private String sourceUser;
    private String targetUser;

    @BeforeAll
    static void startImap() {
        imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        imap.start();
    }

    @AfterAll
    static void stopImap() {
        imap.stop();
    }

    @BeforeEach
    void seed() throws Exception {
        graph = new GraphDouble();
        graph.pageCap(7);
        int n = USERS.incrementAndGet();
        sourceUser = "src" + n;
        imap.setUser(sourceUser + "@example.com", sourceUser, "pw");
        targetUser = "tgt" + n + "@contoso.example";
        graph.addUser(targetUser, "Target " + n);
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        List<Seed> inbox = new ArrayList<>();
        List<Seed> projects = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            Set<String> flags = switch (i % 3) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Flagged", "Work");
                default -> Set.of();
            };
            (i < 12 ? inbox : projects).add(new Seed(TestMessages.simple("m" + i, "<m" + i + "@example.com>"),
                    flags, T0.plusSeconds(3600L * i)));
        }
        seeds.put("INBOX", inbox);
        seeds.put("Projects", projects);
        new ImapMailboxes("127.0.0.1", imap.getImap().getPort()).append(sourceUser, "pw", seeds);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private MailboxTask task() {
        return task(JobOptions.defaults());
    }

    private MailboxTask task(JobOptions options) {
        MailboxAccess source = new ImapMailboxAccess(new ImapSettings("127.0.0.1", imap.getImap().getPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.SOURCE);
        MailboxAccess target = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(), ConnectionRole.TARGET,
                4, true);
        return new MailboxTask("pair-graph", source, new MailboxAccess.Login(sourceUser, sourceUser, new Secret("pw")),
                target, new MailboxAccess.Login(targetUser, null, null), options, RunKind.FULL, sourceUser, targetUser);
    }

    private static MailboxOutcome run(Ledger ledger, EngineSettings settings, MailboxTask task) {
        return new MigrationEngine(ledger, new InMemoryCheckpoints(), settings).run(task, ProgressListener.NONE,
                new StopSignal());
    }

    private Map<String, Long> subjectsCounted() {
        return graph.written(targetUser).stream().collect(Collectors.groupingBy(GraphDouble.Written::subject,
                Collectors.counting()));
    }

    @Test
    void aFullPassShouldLandEveryMessageOnceAsReceivedMailAndASecondPassCopyNothing() {
        InMemoryLedger ledger = new InMemoryLedger();
        EngineSettings settings = EngineSettings.defaults().withBatches(5, 4);

        MailboxOutcome outcome = run(ledger, settings, task());

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verified()).isTrue();
        assertThat(outcome.report().itemsCopied()).isEqualTo(18);
        List<GraphDouble.Written> written = graph.written(targetUser);
        assertThat(written).hasSize(18).noneMatch(GraphDouble.Written::draft);
        assertThat(subjectsCounted()).hasSize(18).allSatisfy((s, c) -> assertThat(c).isEqualTo(1));
        assertThat(graph.messages(targetUser, List.of("INBOX"))).hasSize(12);
        assertThat(graph.messages(targetUser, List.of("Projects"))).hasSize(6);
        assertThat(written).filteredOn(w -> w.subject().equals("m4")).singleElement().satisfies(w -> {
            assertThat(w.received()).isEqualTo(T0.plusSeconds(4 * 3600L));
            assertThat(w.flagStatus()).isEqualTo("flagged");
            assertThat(w.categories()).containsExactly("Work");
            assertThat(w.read()).isFalse();
        });
        assertThat(written).filteredOn(w -> w.subject().equals("m3")).singleElement()
                .satisfies(w -> assertThat(w.read()).isTrue());

        MailboxOutcome again = run(ledger, settings, task());
        assertThat(again.report().itemsCopied()).isZero();
        MailboxOutcome lostLedger = run(new InMemoryLedger(), settings, task());
        assertThat(lostLedger.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(lostLedger.report().itemsCopied()).as("a lost ledger: the stamps say what is there").isZero();
        assertThat(graph.written(targetUser)).hasSize(18);
    }

    /** Graph has no pending deletion: a source message marked \\Deleted must not be "brought up to date" each pass. */
    @Test
    void aSourceMessageMarkedDeletedShouldCauseNoStateUpdateOnEveryPass() throws Exception {
        new ImapMailboxes("127.0.0.1", imap.getImap().getPort()).append(sourceUser, "pw", Map.of("INBOX",
                List.of(new Seed(TestMessages.simple("marked", "<marked@example.com>"), Set.of("\\Deleted"), T0))));
        InMemoryLedger ledger = new InMemoryLedger();
        EngineSettings settings = EngineSettings.defaults();
        assertThat(run(ledger, settings, task()).report().itemsCopied()).isEqualTo(19);

        MailboxOutcome again = run(ledger, settings, task());

        assertThat(again.report().verdict()).startsWith("All 19 source items are on the target")
                .doesNotContain("Flags brought up to date");
    }

    /**
     * The target's user renames a folder Mailferry filled (Graph keeps its id: learn.microsoft.com/graph/api/
     * mailfolder-update): later passes go on into it, and copy nothing twice.
     */
    @Test
    void aTargetFolderRenamedByItsUserShouldKeepItsCopiesAndGetNoSecondOnes() {
        Passes passes = new Passes();
        passes.run(task());
        graph.renameFolder(targetUser, List.of("Projects"), "Projects (old server)");

        MailboxOutcome delta = passes.run(task());
        MailboxOutcome next = passes.run(task());

        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(next.report().itemsCopied()).isZero();
        assertThat(next.report().verdict()).startsWith("All 18 source items are on the target");
        assertThat(graph.messages(targetUser, List.of("Projects (old server)"))).hasSize(6);
        assertThat(graph.folderId(targetUser, List.of("Projects"))).as("no folder made again beside it").isNull();
        assertThat(graph.written(targetUser)).hasSize(18);
    }

    /**
     * A folder its user deleted sits in Deleted Items with its id (Outlook moves it there): nothing more goes there;
     * the folder is made again at its path and refilled, as on any target (the first pass finds the copies missing).
     */
    @Test
    void aTargetFolderDeletedByItsUserShouldBeMadeAgainAndRefilledNotFollowedIntoDeletedItems() {
        Passes passes = new Passes();
        passes.run(task());
        graph.deleteFolderAsUser(targetUser, List.of("Projects"));

        long copied = passes.run(task()).report().itemsCopied() + passes.run(task()).report().itemsCopied();

        assertThat(copied).isEqualTo(6);
        assertThat(graph.messages(targetUser, List.of("Projects"))).hasSize(6);
        assertThat(graph.messages(targetUser, List.of("Deleted Items", "Projects"))).hasSize(6);
        MailboxOutcome next = passes.run(task());
        assertThat(next.report().itemsCopied()).isZero();
        assertThat(next.report().verdict()).startsWith("All 18 source items are on the target");
    }

    /**
     * A rename rule edited after a folder was copied applies to folders not copied yet (ADR 0058): the copied folder
     * keeps receiving its items where they are, and none is copied a second time under the new name.
     */
    @Test
    void aRenameRuleEditedAfterAFolderWasCopiedShouldCopyNothingTwice() {
        Passes passes = new Passes();
        passes.run(task());
        FolderFilter renamed = new FolderFilter(List.of(), List.of(), Set.of(), List.of(new RenameRule("Projects",
                "Old/Projects")));
        JobOptions options = new JobOptions(null, renamed, null, null, null, null, null, null, null, null);

        MailboxOutcome delta = passes.run(task(options));

        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(delta.report().verdict()).startsWith("All 18 source items are on the target");
        assertThat(graph.messages(targetUser, List.of("Projects"))).hasSize(6);
        assertThat(graph.folderId(targetUser, List.of("Old", "Projects"))).isNull();
    }

    /**
     * A rule that sent a folder into the target's inbox, corrected: the target's own folders are never renamed by
     * their users, so the corrected rule takes effect and the folder's items go to their own folder (ADR 0058).
     */
    @Test
    void aCorrectedRuleThatHadSentAFolderIntoTheInboxShouldTakeEffect() {
        Passes passes = new Passes();
        FolderFilter intoInbox = new FolderFilter(List.of(), List.of(), Set.of(), List.of(new RenameRule("Projects",
                "INBOX")));
        passes.run(task(new JobOptions(null, intoInbox, null, null, null, null, null, null, null, null)));
        assertThat(graph.messages(targetUser, List.of("INBOX"))).hasSize(18);

        long copied = passes.run(task()).report().itemsCopied() + passes.run(task()).report().itemsCopied();

        assertThat(copied).isEqualTo(6);
        assertThat(graph.messages(targetUser, List.of("Projects"))).hasSize(6);
    }

    /** Passes of one pair sharing their ledger and checkpoints, as a job's do. */
    private static final class Passes {
        private final InMemoryLedger ledger = new InMemoryLedger();
        private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();

        MailboxOutcome run(MailboxTask task) {
            return new MigrationEngine(ledger, checkpoints, EngineSettings.defaults()).run(task, ProgressListener.NONE,
                    new StopSignal());
        }
    }

    @Test
    void aCrashBetweenTheCreatesAndTheLedgerShouldLeaveNoDuplicate() {
        InMemoryLedger settledRows = new InMemoryLedger();
        CrashingLedger ledger = new CrashingLedger(settledRows);
        AtomicInteger done = new AtomicInteger();
        List<LedgerEntry> crashedBatch = new CopyOnWriteArrayList<>();
        // the second batch to be settled, after its creates and before its entries are written; the folders' workers
        // run in parallel, so which batch that is (and how far the other worker got) varies: the checks below do not
        ledger.crashWhen((entries, before) -> {
            if (before && CrashingLedger.has(entries, LedgerState.DONE) && done.incrementAndGet() == 2) {
                entries.stream().filter(e -> e.state() == LedgerState.DONE).forEach(crashedBatch::add);
                return true;
            }
            return false;
        });
        EngineSettings settings = EngineSettings.defaults().withBatches(5, 4);

        assertThatThrownBy(() -> run(ledger, settings, task())).isInstanceOf(SimulatedCrash.class);
        int landed = graph.written(targetUser).size();
        // an item is its folder and its id: two folders made in the same second share their epoch, so ids repeat
        Set<String> crashedItems = crashedBatch.stream().map(e -> e.sourceFolder() + "\u0000" + e.sourceItem())
                .collect(Collectors.toSet());
        List<LedgerEntry> settled = settledRows.all("pair-graph").stream().filter(LedgerEntry::onTarget).toList();
        assertThat(crashedItems).as("the batch created on the target when the ledger crashed").isNotEmpty();
        assertThat(settled).as("settled rows")
                .noneMatch(e -> crashedItems.contains(e.sourceFolder() + "\u0000" + e.sourceItem()));
        assertThat(landed).as("messages on the target at the crash: the settled ones and the crashed batch")
                .isBetween(settled.size() + crashedItems.size(), 18);

        ledger.crashWhen((entries, before) -> false);
        MailboxOutcome outcome = run(ledger, settings, task());

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verified()).isTrue();
        assertThat(graph.written(targetUser)).hasSize(18).noneMatch(GraphDouble.Written::draft);
        assertThat(subjectsCounted()).allSatisfy((s, c) -> assertThat(c).as(s).isEqualTo(1));
        assertThat(graph.count(r -> r.query() != null && r.query().contains("singleValueExtendedProperties/Any")))
                .as("the interrupted writes were looked up by their stamps").isPositive();
    }

    @Test
    void aRunUnderASmallUploadBudgetShouldWaitOutThe429sAndFailNothing() {
        // the budget's window ages only while the engine waits as Graph asked: the first requests fill it whatever the
        // machine's speed, and only waiting lets the next ones in
        AtomicLong clock = new AtomicLong();
        long budget = 12 * 1024;
        graph.uploadBudget(budget, Duration.ofSeconds(1), clock::get);
        List<Duration> waits = new ArrayList<>();
        EngineSettings settings = EngineSettings.defaults().withBatches(5, 4).withSleeper(d -> {
            synchronized (waits) {
                waits.add(d);
            }
            clock.addAndGet(d.toNanos());
        });

        MailboxOutcome outcome = run(new InMemoryLedger(), settings, task());

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().folders().stream().mapToLong(f -> f.itemsFailed()).sum()).isZero();
        assertThat(graph.written(targetUser)).hasSize(18);
        assertThat(subjectsCounted()).allSatisfy((s, c) -> assertThat(c).as(s).isEqualTo(1));
        assertThat(graph.uploaded(targetUser)).as("the pass uploads more than one window holds").isGreaterThan(budget);
        assertThat(graph.budgetRefusals()).as("the budget did throttle").isPositive();
        assertThat(waits).as("waited as Graph asked").isNotEmpty().allMatch(d -> d.equals(Duration.ofSeconds(1)));
    }
}
