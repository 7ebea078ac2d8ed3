package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The source contract against Graph (the documented-shape double), plus what is Graph's own. */
class GraphSourceMailboxTest implements SourceMailboxContract {
    private static final GraphFixture FIXTURE = new GraphFixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void stop() {
        FIXTURE.graph.close();
    }

    private static MailFolder folder(List<MailFolder> folders, String displayPath) {
        return folders.stream().filter(f -> f.displayPath().equals(displayPath)).findFirst()
                .orElseThrow(() -> new AssertionError(displayPath + " not in " + folders));
    }

    /**
     * The ids a listing began with belong to the mailbox, not the session: a listing continued on another session
     * (the engine reconnected) still adds what its pages passed over. One continued where they are unknown cannot: it
     * fails the folder's listing.
     */
    @Test
    void aListingContinuedOnAnotherSessionShouldStillNameWhatItsPagesPassedOver() throws Exception {
        Login login = FIXTURE.newMailbox();
        for (int i = 0; i < 6; i++) {
            FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("c" + i, "<c" + i + "@example.com>"),
                    ItemState.NONE, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
        }
        String lastToken;
        List<String> rest;
        try (SourceMailbox first = FIXTURE.openSource(login); SourceMailbox second = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(first.folders(), "INBOX");
            var page = first.list(inbox, null, 2);
            first.delete(inbox, page.items().stream().map(ItemRef::id).toList());
            rest = new java.util.ArrayList<>();
            var p = page;
            do {
                p = second.list(inbox, p.nextCursor(), 2);
                p.items().forEach(i -> rest.add(i.subject()));
            } while (!p.last());
            lastToken = p.token();
        }
        assertThat(rest).containsExactlyInAnyOrder("c0", "c1", "c2", "c3");
        assertThat(lastToken).as("the listing's change token").isNotNull();

        GraphMailboxAccess elsewhere = new GraphMailboxAccess(FIXTURE.graph.cloud(),
                (scope, force) -> FIXTURE.graph.token(), ConnectionRole.SOURCE, 4);
        try (SourceMailbox first = FIXTURE.openSource(login); SourceMailbox other = elsewhere.openSource(login)) {
            MailFolder inbox = folder(first.folders(), "INBOX");
            var page = first.list(inbox, null, 3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.list(inbox, page.nextCursor(), 3))
                    .isInstanceOfSatisfying(MailboxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM));
        }
    }

    private static Login seeded(int n) {
        Login login = FIXTURE.newMailbox();
        for (int i = 0; i < n; i++) {
            FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("c" + i, "<c" + i + "@example.com>"),
                    ItemState.NONE, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
        }
        return login;
    }

    /**
     * The last page is throttled while it reads what the pages passed over; more mail goes away above before the
     * engine lists it again from the same cursor. What the failed attempt named must not count as named.
     */
    @Test
    void aLastPageListedAgainAfterAThrottleShouldStillNameWhatItsFirstAttemptHeld() throws Exception {
        Login login = seeded(6); // newest first: c5 c4 | c3 c2 | c1 c0
        try (SourceMailbox s = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(s.folders(), "INBOX");
            List<String> got = new java.util.ArrayList<>();
            var p1 = s.list(inbox, null, 2);
            p1.items().forEach(i -> got.add(i.subject()));
            s.delete(inbox, List.of(p1.items().get(0).id()));
            var p2 = s.list(inbox, p1.nextCursor(), 2);
            p2.items().forEach(i -> got.add(i.subject()));
            FIXTURE.graph.throttleInBatch(1, 0);
            String last = p2.nextCursor();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.list(inbox, last, 2))
                    .isInstanceOfSatisfying(MailboxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED));
            s.delete(inbox, List.of(p1.items().get(1).id()));
            var p3 = s.list(inbox, last, 2); // the engine's retry: the same cursor
            p3.items().forEach(i -> got.add(i.subject()));
            assertThat(p3.last()).isTrue();
            assertThat(got).contains("c0", "c1", "c2", "c3");
        }
    }

    /**
     * A listing whose roll call was dropped (more listings under way on the mailbox than are kept) cannot tell what
     * its pages passed over: it fails the folder's listing (ITEM) rather than end as if it were complete.
     */
    @Test
    void aListingThatLostItsRollCallShouldFailTheFolderNotEndAsIfComplete() throws Exception {
        Login login = seeded(6);
        try (SourceMailbox s = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(s.folders(), "INBOX");
            var first = s.list(inbox, null, 2);
            for (int k = 0; k < 64; k++) {
                s.list(inbox, null, 2); // sixty-four listings under way since, each with a next page
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.list(inbox, first.nextCursor(), 2))
                    .isInstanceOfSatisfying(MailboxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM);
                        assertThat(e.getMessage()).contains("folder \"INBOX\" could not be listed to the end")
                                .contains("Nothing is lost").contains("next pass lists the folder again");
                    });
        }
    }

    /** Small folders listed whole let go of a listing that turns out to have more pages: it takes no room. */
    @Test
    void listingsLetGoByListWholeShouldNotCrowdOutOneUnderWay() throws Exception {
        Login login = seeded(6);
        try (SourceMailbox s = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(s.folders(), "INBOX");
            var first = s.list(inbox, null, 2);
            for (int k = 0; k < 70; k++) {
                assertThat(s.listWhole(List.of(inbox), 2, List.of(s.state(inbox)))).containsOnlyNulls();
            }
            var page = first;
            int named = first.items().size();
            while (!page.last()) {
                page = s.list(inbox, page.nextCursor(), 2);
                named += page.items().size();
            }
            assertThat(named).isEqualTo(6);
        }
    }

    /**
     * A changed item the delta named moved to another folder while its read by id waited out a throttled batch
     * (immutable ids: the read still finds it): it is that folder's now, and not taken for this one's as well.
     */
    @Test
    void anItemMovedAwayWhileAThrottledReadOfChangesWaitsShouldBeLeftToItsNewFolder() throws Exception {
        Login login = seeded(2);
        FIXTURE.createFolder(login, List.of("Archive"));
        try (SourceMailbox s = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(s.folders(), "INBOX");
            var page = s.list(inbox, null, 10);
            String token = page.token();
            String moved = page.items().stream().filter(i -> i.subject().equals("c0")).findFirst().orElseThrow().id();
            FIXTURE.graph.markRead(login.mailbox(), "<c0@example.com>");
            FIXTURE.graph.markRead(login.mailbox(), "<c1@example.com>");
            FIXTURE.graph.throttleInBatch(2, 0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.changes(inbox, token))
                    .isInstanceOfSatisfying(MailboxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED));
            FIXTURE.graph.move(login.mailbox(), moved, List.of("Archive"));

            var changes = s.changes(inbox, token);

            assertThat(changes.items()).extracting(ItemRef::subject).containsExactly("c1");
        }
    }

    /** Exchange keeps one last verb: a message both answered and forwarded reads back as forwarded, the later one. */
    @Test
    void aMessageBothAnsweredAndForwardedShouldReadBackAsForwarded() throws Exception {
        Login login = FIXTURE.newMailbox();
        ItemState both = new ItemState(true, true, true, true, false, false, Set.of("Work"));
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("both", "<both@example.com>"), both, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            ItemRef item = source.list(folder(source.folders(), "INBOX"), null, 10).items().get(0);
            assertThat(item.state()).isEqualTo(new ItemState(true, true, false, true, false, false, Set.of("Work")));
        }
    }

    @Test
    void foldersShouldFindWellKnownFoldersByTheirWellKnownNamesInAnyLanguage() throws Exception {
        GraphDouble graph = FIXTURE.graph;
        graph.addUser("jonas@contoso.example", "Jonas", "user", GraphDouble.GERMAN);
        graph.createFolder("jonas@contoso.example", List.of("INBOX", "Rechnungen"));
        try (SourceMailbox source = FIXTURE.openSource(new Login("jonas@contoso.example", null, null))) {
            List<MailFolder> folders = source.folders();
            Map<FolderType, String> types = folders.stream().filter(f -> f.type() != FolderType.OTHER)
                    .collect(Collectors.toMap(MailFolder::type, MailFolder::displayPath));
            assertThat(types).containsEntry(FolderType.INBOX, "INBOX")
                    .containsEntry(FolderType.SENT, "Gesendete Elemente")
                    .containsEntry(FolderType.DRAFTS, "Entwürfe").containsEntry(FolderType.TRASH, "Gelöschte Elemente")
                    .containsEntry(FolderType.JUNK, "Junk-E-Mail").containsEntry(FolderType.ARCHIVE, "Archiv");
            assertThat(folders.get(0).displayPath()).isEqualTo("INBOX");
            assertThat(folders.get(1).displayPath()).isEqualTo("INBOX/Rechnungen");
            assertThat(folder(folders, "Postausgang").type()).isEqualTo(FolderType.OTHER);
            // ids are Graph's folder ids, and the handle is the id too
            assertThat(folders).allMatch(f -> f.id().equals(f.handle()) && f.separator() == '/');
            assertThat(folder(folders, "INBOX").id())
                    .isEqualTo(graph.folderId("jonas@contoso.example", List.of("INBOX")));
        }
    }

    @Test
    void foldersShouldIncludeHiddenFolders() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.graph.createHiddenFolder(login.mailbox(), List.of("Projects", "Hidden"));
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            assertThat(source.folders()).extracting(MailFolder::displayPath).contains("Projects/Hidden");
        }
    }

    @Test
    void everyRequestShouldAskForImmutableIdsWithTheBearerToken() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("one", "<one@example.com>"), PLAIN, null);
        FIXTURE.graph.clearRequests();
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            source.fetch(inbox, items, (item, content, error) -> content.close());
        }
        assertThat(FIXTURE.graph.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.immutableId()).as(r.target()).isTrue())
                .allSatisfy(r -> assertThat(r.authorized()).as(r.target()).isTrue());
    }

    @Test
    void fetchShouldHandOverTheMimeExchangeRebuiltNotTheBytesDelivered() throws Exception {
        Login login = FIXTURE.newMailbox();
        byte[] raw = TestMessages.simple("rebuilt", "<r@example.com>");
        FIXTURE.seed(login, List.of("INBOX"), raw, PLAIN, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            assertThat(source.capabilities().byteIdentical()).isFalse();
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            source.fetch(inbox, items, (item, content, error) -> {
                try (content; var in = content.open()) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(text).contains("Thread-Topic: rebuilt", "X-MS-Has-Attach:", "Hello rebuilt");
                    assertThat(content.contentHash()).isNotEqualTo(SourceMailboxContract.contentHash(raw));
                    assertThat(content.size()).isEqualTo(item.size());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void aMailboxThatDoesNotExistShouldFailWhenOpened() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FIXTURE.openSource(
                new Login("nobody@contoso.example", null, null)))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
                    assertThat(e.getMessage()).startsWith("Source Microsoft 365 mailbox nobody@contoso.example")
                            .contains("does not exist");
                });
    }

    @Test
    void aTargetShouldBeRefusedByGraphAloneAndPointToTheServicesMicrosoft365Connection() {
        GraphMailboxAccess target = new GraphMailboxAccess(FIXTURE.graph.cloud(), (s, f) -> "x",
                ConnectionRole.TARGET, 0);
        assertThat(target.describe()).isEqualTo("target Microsoft 365 tenant (Graph)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> target.openTarget(new Login("a@b", null, null)))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
                    assertThat(e.getMessage()).startsWith("This Microsoft 365 access reads through Graph only")
                            .contains("Microsoft 365 connection as the service configures it");
                });
        assertThat(FIXTURE.access.describe()).isEqualTo("source Microsoft 365 tenant (Graph)");
    }
}
