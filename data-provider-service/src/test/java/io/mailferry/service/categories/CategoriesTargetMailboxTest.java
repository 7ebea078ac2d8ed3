package io.mailferry.service.categories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.graph.GraphMailboxAccess;
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
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keywords kept as Outlook categories on a Microsoft 365 target written over IMAP, through the engine: the IMAP side is
 * the engine's IMAP-like fake target (playing Exchange Online IMAP), and the {@link GraphDouble} shows the same mailbox
 * over Graph by mirroring what the fake holds, as Exchange does for what arrived over IMAP.
 */
class CategoriesTargetMailboxTest {
    private static final String MAILBOX = "alice@contoso.example";
    private static final Instant T0 = Instant.parse("2024-02-03T04:05:06Z");

    private final FakeMailServer source = FakeMailServer.source();
    private final FakeMailServer target = FakeMailServer.target();
    private final GraphDouble graph = new GraphDouble();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    CategoriesTargetMailboxTest() {
        graph.addUser(MAILBOX, "Alice");
        graph.mirror(MAILBOX, () -> {
            Map<List<String>, List<byte[]>> folders = new LinkedHashMap<>();
            for (String p : target.folderPaths()) {
                List<String> path = List.of(p.split("/"));
                folders.put(path, target.messages(path).stream().map(FakeMailServer.Stored::bytes).toList());
            }
            return folders;
        });
        source.addFolder("Projects");
        source.add(List.of("INBOX"), TestMessages.simple("tagged", "<tagged@src>"), T0, Set.of("\\Seen", "$label1",
                "clientX"));
        source.add(List.of("INBOX"), TestMessages.simple("plain", "<plain@src>"), T0, Set.of());
        source.add(List.of("INBOX"), TestMessages.simple("junk verdict", "<todo@src>"), T0, Set.of("NonJunk",
                "$label4", "$MDNSent"));
        source.add(List.of("Projects"), TestMessages.simple("work", "<work@src>"), T0, Set.of("$Label2"));
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private MailboxOutcome run() {
        MailboxAccess m365 = new CategoriesAccess(new FakeAccess(target), new GraphMailboxAccess(graph.cloud(),
                (scope, force) -> graph.token(), ConnectionRole.TARGET, 4));
        MailboxTask task = new MailboxTask("pair-1", new FakeAccess(source),
                new MailboxAccess.Login("alice@old", "alice", null), m365, new MailboxAccess.Login(MAILBOX, null, null),
                JobOptions.defaults(), RunKind.FULL, "alice@old", MAILBOX);
        EngineSettings settings = EngineSettings.defaults().withSleeper(waits::add).withBatches(7, 2).withBatchScale(1);
        return new MigrationEngine(ledger, checkpoints, settings).run(task, ProgressListener.NONE, new StopSignal());
    }

    /** The round trip the engine sizes its batches by is the IMAP side's: it carries the messages. */
    @Test
    void roundTripShouldBeTheImapSides() throws Exception {
        target.latency(30);
        MailboxAccess m365 = new CategoriesAccess(new FakeAccess(target), new GraphMailboxAccess(graph.cloud(),
                (scope, force) -> graph.token(), ConnectionRole.TARGET, 4));
        try (var side = m365.openTarget(new MailboxAccess.Login(MAILBOX, null, null))) {
            assertThat(side.roundTrip()).as("the fake IMAP side's 30 ms, not unknown (-1)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
    }

    /** The sessions a mailbox may have open at once are the IMAP side's: it holds the connections. */
    @Test
    void sessionsPerMailboxShouldBeTheImapSides() {
        target.sessionsPerMailbox(3);
        MailboxAccess m365 = new CategoriesAccess(new FakeAccess(target), new GraphMailboxAccess(graph.cloud(),
                (scope, force) -> graph.token(), ConnectionRole.TARGET, 4));

        assertThat(m365.sessionsPerMailbox()).isEqualTo(3);
    }

    private long patches() {
        return graph.count(r -> r.method().equals("PATCH"));
    }

    private Map<String, Set<String>> categories(String... path) {
        return graph.categories(MAILBOX, List.of(path));
    }

    @Test
    void keywordsShouldBecomeCategoriesAndUnchangedOnesShouldNotBeSetAgain() {
        MailboxOutcome first = run();

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verified()).isTrue();
        assertThat(categories("INBOX")).containsEntry("<tagged@src>", Set.of("Important", "clientX"))
                .containsEntry("<plain@src>", Set.of())
                .containsEntry("<todo@src>", Set.of("To Do")); // bookkeeping keywords are no categories
        assertThat(categories("Projects")).containsEntry("<work@src>", Set.of("Work"));
        assertThat(patches()).as("one PATCH per message with keywords").isEqualTo(3);

        graph.clearRequests();
        assertThat(run().state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(patches()).as("nothing changed: nothing set again").isZero();

        source.setFlags(List.of("INBOX"), 1, Set.of("\\Seen", "$label1", "$label5")); // clientX off, Later on
        graph.clearRequests();
        MailboxOutcome third = run();

        assertThat(third.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(categories("INBOX")).containsEntry("<tagged@src>", Set.of("Important", "Later"));
        assertThat(patches()).as("only the changed message").isEqualTo(1);
    }

    @Test
    void aCrashBetweenTheAppendAndItsCategoriesShouldHealOnTheNextPass() {
        AtomicBoolean crashed = new AtomicBoolean();
        target.hook((point, folder) -> {
            if (point.equals("appended") && "INBOX".equals(folder) && crashed.compareAndSet(false, true)) {
                throw new SimulatedCrash("after the first append, before its categories");
            }
        });
        assertThatThrownBy(this::run).isInstanceOf(SimulatedCrash.class);
        assertThat(categories("INBOX")).containsEntry("<tagged@src>", Set.of()); // on the target, no categories yet

        target.hook((point, folder) -> { });
        MailboxOutcome resumed = run();

        assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(resumed.report().verified()).isTrue();
        assertThat(target.messages(List.of("INBOX"))).hasSize(3); // nothing twice
        assertThat(categories("INBOX")).containsEntry("<tagged@src>", Set.of("Important", "clientX"))
                .containsEntry("<todo@src>", Set.of("To Do"));
    }

    @Test
    void aThrottledCategoryUpdateAfterTheAppendShouldLeaveItToTheStateSyncOfThePass() {
        graph.throttle(1, 2, path -> path.matches("/users/[^/]+/messages/[^/]+")); // the first PATCH

        MailboxOutcome outcome = run();

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(categories("INBOX")).containsEntry("<tagged@src>", Set.of("Important", "clientX"))
                .containsEntry("<todo@src>", Set.of("To Do"));
        assertThat(categories("Projects")).containsEntry("<work@src>", Set.of("Work"));
        assertThat(graph.count(r -> r.status() == 429)).isEqualTo(1);
        assertThat(waits).as("the stored messages were not taken for an interrupted write").isEmpty();
    }

    @Test
    void aThrottledCategoryListingShouldBeWaitedOutAsGraphAsks() {
        assertThat(run().state()).isEqualTo(MailboxState.COMPLETED);
        graph.throttle(1, 3, path -> path.contains("/mailFolders/") && path.endsWith("/messages"));

        MailboxOutcome outcome = run(); // verification lists the folder's categories first

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
        assertThat(outcome.report().verified()).isTrue();
    }

    @Test
    void withoutMailReadWriteItemsShouldBeCopiedWithoutCategoriesAndNoStateChurn() {
        graph.deny(GraphDouble.MAIL_READ);
        graph.deny(GraphDouble.MAIL_READ_WRITE);

        MailboxOutcome first = run();

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verified()).isTrue();
        assertThat(target.messages(List.of("INBOX"))).hasSize(3);
        assertThat(target.messages(List.of("Projects"))).hasSize(1);
        assertThat(patches()).isZero();

        List<String> stateUpdates = new ArrayList<>();
        target.hook((point, folder) -> {
            if (point.equals("setState")) {
                stateUpdates.add(folder);
            }
        });
        MailboxOutcome second = run();

        assertThat(second.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(stateUpdates).as("keywords the target does not keep cause no update every pass").isEmpty();
    }
}
