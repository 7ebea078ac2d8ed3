package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Change tracking through per-folder delta links: what changes() reports, expiry, and throttled batch items. */
class GraphDeltaTest {
    private static final String MAILBOX = "anna@contoso.example";
    private static final Login LOGIN = new Login(MAILBOX, null, null);
    private static final ItemState FLAGGED = new ItemState(false, true, false, false, false, false, Set.of("Work"));

    private GraphDouble graph;
    private GraphMailboxAccess access;

    @BeforeEach
    void start() {
        graph = new GraphDouble();
        graph.pageCap(3);
        graph.addUser(MAILBOX, "Anna");
        access = new GraphMailboxAccess(graph.cloud(), (scope, force) -> graph.token(), ConnectionRole.SOURCE, 4);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private String seed(String subject) {
        return graph.seed(MAILBOX, List.of("INBOX"), TestMessages.simple(subject, "<" + subject + "@x>"),
                ItemState.NONE, null);
    }

    /** A full listing; returns the change token of its last page. */
    private static String listAll(SourceMailbox source, MailFolder folder) throws MailboxException {
        String cursor = null;
        String token = null;
        do {
            Page<ItemRef> page = source.list(folder, cursor, 2);
            cursor = page.nextCursor();
            if (page.token() != null) {
                assertThat(page.last()).as("the token comes with the last page").isTrue();
                token = page.token();
            }
        } while (cursor != null);
        return token;
    }

    private static MailFolder inbox(SourceMailbox source) throws MailboxException {
        return source.folders().get(0);
    }

    @Test
    void changesShouldListNewAndChangedItemsAndIgnoreRemovedOnes() throws Exception {
        seed("a");
        String b = seed("b");
        String c = seed("c");
        seed("d");
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            String token = listAll(source, inbox);
            assertThat(graph.isDeltaLink(token)).isTrue();
            String e = seed("e");
            graph.setState(MAILBOX, b, FLAGGED);
            graph.remove(MAILBOX, c);
            String f = seed("f");
            graph.remove(MAILBOX, f); // added and removed since: nothing to report

            Changes changes = source.changes(inbox, token);

            assertThat(changes.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(changes.items()).extracting(ItemRef::id).containsExactlyInAnyOrder(e, b);
            ItemRef changed = changes.items().stream().filter(i -> i.id().equals(b)).findFirst().orElseThrow();
            assertThat(changed.state()).isEqualTo(FLAGGED);
            assertThat(changed.subject()).isEqualTo("b");
            assertThat(changed.messageId()).isEqualTo("<b@x>");
            assertThat(changed.size()).isPositive();
            assertThat(changes.nextToken()).isNotNull().isNotEqualTo(token);

            Changes none = source.changes(inbox, changes.nextToken());
            assertThat(none.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(none.items()).isEmpty();
        }
    }

    @Test
    void anExpiredDeltaLinkShouldBeReportedExpired() throws Exception {
        seed("a");
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            String token = listAll(source, inbox);
            seed("b");
            graph.expireDeltaTokens();

            assertThat(source.changes(inbox, token)).isEqualTo(Changes.EXPIRED);
            assertThat(graph.count(r -> r.status() == 410)).isEqualTo(1);
            // a fresh listing hands out a token that works again
            String fresh = listAll(source, inbox);
            seed("c");
            assertThat(source.changes(inbox, fresh).items()).extracting(ItemRef::subject).containsExactly("c");
        }
    }

    @Test
    void aTokenThatIsNoGraphLinkShouldBeExpiredWithoutARequest() throws Exception {
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            graph.clearRequests();
            assertThat(source.changes(inbox, "https://evil.example/v1.0/users/x/messages/delta?$deltatoken=1"))
                    .isEqualTo(Changes.EXPIRED);
            assertThat(source.changes(inbox, "1:42:7")).isEqualTo(Changes.EXPIRED);
            assertThat(graph.requests()).isEmpty();
        }
    }

    @Test
    void manyChangesShouldBeReadInBatchesOfTwenty() throws Exception {
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            String token = listAll(source, inbox);
            for (int i = 0; i < 45; i++) {
                seed("n" + i);
            }
            graph.clearRequests();

            Changes changes = source.changes(inbox, token);

            assertThat(changes.items()).hasSize(45);
            assertThat(graph.count(r -> r.path().equals("/$batch"))).isEqualTo(3);
            assertThat(graph.count(GraphDouble.Seen::inBatch)).isEqualTo(45);
        }
    }

    /** Past 1,000 changed items, reading each one costs more than listing the folder: the folder is listed in full. */
    @Test
    void moreChangesThanAFullListingCostsShouldListTheFolderInFull() throws Exception {
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            String token = listAll(source, inbox);
            for (int i = 0; i <= GraphSourceMailbox.MAX_CHANGES; i++) {
                seed("n" + i);
            }
            graph.clearRequests();

            Changes changes = source.changes(inbox, token);

            assertThat(changes.outcome()).isEqualTo(Changes.Outcome.EXPIRED);
            assertThat(graph.count(r -> r.path().equals("/$batch"))).as("no item read one by one").isZero();
        }
    }

    @Test
    void throttledBatchItemsShouldBeRetriedNotLost() throws Exception {
        seed("a");
        try (SourceMailbox source = access.openSource(LOGIN)) {
            MailFolder inbox = inbox(source);
            String token = listAll(source, inbox);
            for (int i = 0; i < 5; i++) {
                seed("n" + i);
            }
            graph.throttleInBatch(2, 5);
            graph.clearRequests();

            assertThatThrownBy(() -> source.changes(inbox, token)).isInstanceOfSatisfying(MailboxException.class,
                    e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
                        assertThat(e.getMessage()).contains("2 items throttled");
                    });
            long deltaRequests = graph.count(r -> r.path().endsWith("/messages/delta"));
            Changes changes = source.changes(inbox, token); // the engine's retry after the wait

            assertThat(changes.items()).extracting(ItemRef::subject)
                    .containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
            assertThat(graph.count(r -> r.path().endsWith("/messages/delta")))
                    .as("the delta link is not walked again").isEqualTo(deltaRequests);
            assertThat(graph.count(GraphDouble.Seen::inBatch)).as("5 items, 2 of them twice").isEqualTo(7);
        }
    }
}
