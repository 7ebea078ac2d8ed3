package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Microsoft 365 source whose "Sent Items" and a folder renamed into the same target folder ("Old Sent" into "Sent")
 * share one target folder, read through the real Graph connector from the stateful double. A message moved with
 * Graph's move (learn.microsoft.com/graph/api/message-move) keeps its immutable id
 * (learn.microsoft.com/graph/outlook-immutable-id) and changes only its folder: the next delta copies it from its new
 * folder, and verification removes the earlier copy, so the target folder holds it once, as the source does. A message
 * moved away and back before the next pass is where it was: nothing is copied or removed.
 */
class GraphMergedFolderMoveTest {
    private static final String SOURCE = "anna@contoso.example";
    private static final String TARGET = "anna@imap.example";
    private static final Instant DATE = Instant.parse("2021-06-07T08:09:10Z");
    private static final List<String> SENT_ITEMS = List.of("Sent Items");
    private static final List<String> OLD_SENT = List.of("Old Sent");

    private GraphDouble graph;
    private final FakeMailServer target = FakeMailServer.target();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    private String moved;

    @BeforeEach
    void start() {
        graph = new GraphDouble();
        graph.addUser(SOURCE, "Anna");
        graph.seed(SOURCE, SENT_ITEMS, TestMessages.simple("stays", "<stays@x>"), ItemState.NONE, DATE);
        moved = graph.seed(SOURCE, OLD_SENT, TestMessages.simple("moved", "<moved@x>"), ItemState.NONE, DATE);
        target.addFolder(FolderType.SENT, "Sent");
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private MailboxReport run(RunKind kind) {
        MailboxAccess source = new GraphMailboxAccess(graph.cloud(), (scope, force) -> graph.token(),
                ConnectionRole.SOURCE, 4);
        JobOptions merged = new JobOptions(null,
                new FolderFilter(List.of(), List.of(), null, List.of(new RenameRule("Old Sent", "Sent")), null),
                null, null, null, null, null, null, null, null);
        MailboxTask task = new MailboxTask("pair-1", source, new MailboxAccess.Login(SOURCE, null, null),
                new FakeAccess(target), new MailboxAccess.Login(TARGET, "anna", null), merged, kind, SOURCE, TARGET);
        return new MigrationEngine(ledger, checkpoints, EngineSettings.defaults())
                .run(task, ProgressListener.NONE, new StopSignal()).report();
    }

    private List<String> targetSubjects() {
        List<String> s = new ArrayList<>();
        for (FakeMailServer.Stored m : target.messages(List.of("Sent"))) {
            String text = m.text();
            int at = text.indexOf("\r\nSubject: ");
            s.add(text.substring(at + 11, text.indexOf("\r\n", at + 2)));
        }
        s.sort(null);
        return s;
    }

    @Test
    void aMessageMovedBetweenTheMergedFoldersShouldBeOnTheTargetOnce() {
        assertThat(run(RunKind.FULL).verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(targetSubjects()).containsExactly("moved", "stays");

        graph.move(SOURCE, moved, SENT_ITEMS); // the same immutable id, now in the other folder
        MailboxReport delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.itemsCopied()).as("copied from its new folder").isEqualTo(1);
        assertThat(targetSubjects()).as("once, as on the source").containsExactly("moved", "stays");
        assertThat(delta.deletedOnTarget()).isEqualTo(1);
        assertThat(delta.verdict()).isEqualTo("All 2 source items are on the target. 1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");

        MailboxReport next = run(RunKind.DELTA);
        assertThat(next.itemsCopied()).isZero();
        assertThat(next.verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(targetSubjects()).containsExactly("moved", "stays");
    }

    @Test
    void aMessageMovedAwayAndBackBeforeTheNextPassShouldBeLeftAsItWas() {
        run(RunKind.FULL);

        graph.move(SOURCE, moved, SENT_ITEMS);
        graph.move(SOURCE, moved, OLD_SENT);
        MailboxReport delta = run(RunKind.DELTA);

        assertThat(delta.itemsCopied()).isZero();
        assertThat(delta.deletedOnTarget()).isZero();
        assertThat(delta.verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(targetSubjects()).containsExactly("moved", "stays");
    }

    @Test
    void aMessageMovedIntoAFolderThatIsNotMergedShouldLeaveTheEarlierCopyWithoutDeletionSync() {
        graph.seed(SOURCE, List.of("Projects"), TestMessages.simple("elsewhere", "<elsewhere@x>"), ItemState.NONE,
                DATE);
        run(RunKind.FULL);

        graph.move(SOURCE, moved, List.of("Projects"));
        MailboxReport delta = run(RunKind.DELTA);

        assertThat(delta.deletedOnTarget()).as("a folder of its own: its copy is not the earlier one's twin").isZero();
        assertThat(targetSubjects()).containsExactly("moved", "stays");
        assertThat(target.messages(List.of("Projects"))).hasSize(2);
    }
}
