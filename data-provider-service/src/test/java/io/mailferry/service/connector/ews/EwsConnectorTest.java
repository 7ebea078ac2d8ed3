package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What is EWS's own, beyond the mailbox contracts, against the documented-shape double: the EWS throttling answer
 * (ErrorServerBusy with BackOffMilliseconds, learn.microsoft.com/exchange/client-developer/exchange-web-services/
 * ews-throttling-in-exchange), a refused impersonation (ErrorImpersonateUserDenied, impersonation-and-ews-in-exchange),
 * a wrong password (HTTP 401), an expired SyncFolderItems state (ErrorInvalidSyncStateData,
 * web-service-reference/syncfolderitems-operation), a message too large for Exchange (ErrorMessageSizeExceeded,
 * createitem-operation), folder classes, well-known folders in another language and how a written message is stored
 * (createitem-operation; how-to-import-items-by-using-ews-in-exchange).
 */
class EwsConnectorTest {
    private static final EwsFixture FIXTURE = new EwsFixture();
    private static final EwsDouble EWS = FIXTURE.ews;

    @AfterAll
    static void stop() {
        EWS.close();
    }

    private static MailFolder folder(List<MailFolder> folders, String path) {
        return folders.stream().filter(f -> f.displayPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not in " + folders));
    }

    @Test
    void serverBusyShouldBeThrottledWithTheBackOffExchangeAskedFor() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("m", "<m@example.com>"), ItemState.NONE, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            EWS.throttle(1, 2500, "FindItem");
            assertThatThrownBy(() -> source.list(inbox, null, 10)).isInstanceOfSatisfying(MailboxException.class,
                    e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500));
                        assertThat(e.who()).isEqualTo("Source Exchange mailbox " + login.mailbox());
                        assertThat(e.getMessage()).contains("ErrorServerBusy").doesNotContain("Exception");
                    });
            assertThat(source.list(inbox, null, 10).items()).hasSize(1); // the next try goes through
        }
    }

    /** One message Exchange cannot give as MIME (ErrorMimeContentConversionFailed): its failure, not the batch's. */
    @Test
    void aMessageExchangeCannotConvertShouldFailAloneAndTheOthersBeRead() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("first", "<first@example.com>"), ItemState.NONE,
                null);
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("broken", "<broken@example.com>"), ItemState.NONE,
                null);
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("last", "<last@example.com>"), ItemState.NONE, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            ItemRef broken = items.stream().filter(i -> "<broken@example.com>".equals(i.messageId())).findFirst()
                    .orElseThrow();
            EWS.unconvertible(broken.id());
            java.util.Map<String, MailboxException> failed = new java.util.HashMap<>();
            java.util.Set<String> read = new java.util.HashSet<>();
            source.fetch(inbox, items, (item, content, error) -> {
                if (error != null) {
                    failed.put(item.id(), error);
                } else {
                    read.add(item.id());
                    content.close();
                }
            });

            assertThat(read).hasSize(2).doesNotContain(broken.id());
            assertThat(failed).containsOnlyKeys(broken.id());
            assertThat(failed.get(broken.id()).kind()).isEqualTo(MailboxException.Kind.ITEM);
            assertThat(failed.get(broken.id()).getMessage()).contains("Exchange refused reading message",
                    "ErrorMimeContentConversionFailed").doesNotContain("Exception");
        }
    }

    /** A subject with a control character, which Exchange answers as a reference XML forbids (&#x1A;). */
    @Test
    void aControlCharacterInASubjectShouldNotStopTheListing() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("receipt\u001Ascan", "<ctl@example.com>"),
                ItemState.NONE, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            List<ItemRef> items = source.list(folder(source.folders(), "INBOX"), null, 10).items();

            assertThat(items).singleElement().satisfies(i -> assertThat(i.subject()).isEqualTo("receipt\uFFFDscan"));
        }
    }

    @Test
    void refusedImpersonationShouldFailTheMailboxNamingTheRole() {
        Login login = FIXTURE.newMailbox();
        EWS.denyImpersonation(login.mailbox());
        assertThatThrownBy(() -> FIXTURE.openTarget(login)).isInstanceOfSatisfying(MailboxException.class, e -> {
            assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
            assertThat(e.getMessage()).startsWith("Target Exchange mailbox " + login.mailbox())
                    .contains("ApplicationImpersonation").contains("ErrorImpersonateUserDenied");
        });
    }

    @Test
    void wrongPasswordShouldFailNamingTheAccount() {
        Login login = FIXTURE.newMailbox();
        EwsMailboxAccess wrong = new EwsMailboxAccess(new EwsEndpoint(FIXTURE.settings(), new Secret("nope")),
                ConnectionRole.SOURCE);
        assertThatThrownBy(() -> wrong.openSource(login)).isInstanceOfSatisfying(MailboxException.class, e -> {
            assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
            assertThat(e.getMessage()).contains("refused the service account's user name or password")
                    .doesNotContain("nope");
        });
    }

    @Test
    void anExpiredSyncStateShouldBeExpiredAndAFreshListingTellsChangesAgain() throws Exception {
        Login login = FIXTURE.newMailbox();
        FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("a", "<a@example.com>"), ItemState.NONE, null);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            Page<ItemRef> page = source.list(inbox, null, 10);
            assertThat(page.token()).isNotNull();
            EWS.expireSyncStates();
            assertThat(source.changes(inbox, page.token()).outcome()).isEqualTo(Changes.Outcome.EXPIRED);
            String fresh = source.list(inbox, null, 10).token();
            FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("b", "<b@example.com>"), ItemState.NONE, null);
            Changes changes = source.changes(inbox, fresh);
            assertThat(changes.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(changes.items()).extracting(ItemRef::messageId).containsExactly("<b@example.com>");
        }
    }

    @Test
    void changesShouldPageThroughMoreThanOneSyncAnswer() throws Exception {
        Login login = FIXTURE.newMailbox();
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            String token = source.list(inbox, null, 10).token();
            for (int i = 0; i < EwsSourceMailbox.MAX_CHANGES + 3; i++) {
                EWS.seed(login.mailbox(), List.of("INBOX"), TestMessages.simple("n" + i, "<n" + i + "@example.com>"),
                        ItemState.NONE, null);
            }
            Changes changes = source.changes(inbox, token);
            assertThat(changes.items()).hasSize(EwsSourceMailbox.MAX_CHANGES + 3);
            assertThat(source.changes(inbox, changes.nextToken()).items()).isEmpty();
        }
    }

    @Test
    void foldersShouldListEveryKindWithItsClassAndTheDefaultFoldersTyped() throws Exception {
        Login login = FIXTURE.newMailbox();
        EWS.createFolder(login.mailbox(), List.of("Team Calendar"), "IPF.Appointment");
        EWS.createFolder(login.mailbox(), List.of("Projects", "Alpha"));
        try (EwsSourceMailbox source = (EwsSourceMailbox) FIXTURE.openSource(login)) {
            List<MailFolder> folders = source.folders();
            assertThat(folders).extracting(MailFolder::displayPath).contains("INBOX", "Projects", "Projects/Alpha",
                    "Calendar", "Contacts", "Tasks", "Team Calendar");
            assertThat(folder(folders, "Team Calendar").folderClass()).isEqualTo(FolderClass.CALENDAR);
            assertThat(folder(folders, "Projects/Alpha").folderClass()).isEqualTo(FolderClass.MAIL);
            assertThat(folder(folders, "Calendar").type()).isEqualTo(FolderType.CALENDAR);
            assertThat(folder(folders, "Contacts")).extracting(MailFolder::type, MailFolder::folderClass)
                    .containsExactly(FolderType.CONTACTS, FolderClass.CONTACTS);
            assertThat(folder(folders, "Tasks")).extracting(MailFolder::type, MailFolder::folderClass)
                    .containsExactly(FolderType.TASKS, FolderClass.TASKS);
            assertThat(folders.get(0).displayPath()).isEqualTo("INBOX");
            assertThat(source.folderClass(folder(folders, "Projects/Alpha"))).isEqualTo("IPF.Note");
            assertThat(EwsFolderTree.kindOf("IPF.Appointment")).isEqualTo(io.mailferry.service.engine.port.ItemKind.EVENT);
            assertThat(EwsFolderTree.kindOf("IPF.Contact")).isEqualTo(io.mailferry.service.engine.port.ItemKind.CONTACT);
            assertThat(EwsFolderTree.kindOf("IPF.Task")).isEqualTo(io.mailferry.service.engine.port.ItemKind.TASK);
        }
    }

    @Test
    void wellKnownFoldersShouldBeFoundByTheirDistinguishedIdsInAnyLanguage() throws Exception {
        String address = "jonas@contoso.example";
        EWS.addMailbox(address, "Jonas", Map.of("inbox", "Posteingang", "sentitems", "Gesendete Elemente",
                "drafts", "Entwürfe", "deleteditems", "Gelöschte Elemente", "junkemail", "Junk-E-Mail"));
        try (TargetMailbox target = FIXTURE.openTarget(new Login(address, null, null))) {
            Map<FolderType, String> types = target.folders().stream().filter(f -> f.type() != FolderType.OTHER)
                    .collect(Collectors.toMap(MailFolder::type, MailFolder::displayPath));
            assertThat(types).containsEntry(FolderType.INBOX, "INBOX").containsEntry(FolderType.SENT,
                    "Gesendete Elemente").containsEntry(FolderType.TRASH, "Gelöschte Elemente")
                    .containsEntry(FolderType.JUNK, "Junk-E-Mail").containsEntry(FolderType.DRAFTS, "Entwürfe");
            assertThat(target.ensureFolder(List.of("INBOX", "Rechnungen")).path()).containsExactly("INBOX",
                    "Rechnungen");
        }
        assertThat(EWS.folderId(address, List.of("INBOX", "Rechnungen"))).isNotNull();
    }

    @Test
    void anItemExchangeFindsTooLargeShouldBeRefusedAloneWithAPlainSentence() throws Exception {
        Login login = FIXTURE.newMailbox();
        EWS.maxItemBytes(32 * 1024); // EWS limits lowered on Exchange: CreateItem answers ErrorMessageSizeExceeded
        try (TargetMailbox target = FIXTURE.openTarget(login)) {
            MailFolder folder = target.ensureFolder(List.of("Imported"));
            List<WriteResult> results = target.write(folder, List.of(
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("before", "<b@example.com>")),
                            ItemState.NONE, null, "stamp-b"),
                    new WriteRequest(null, BufferedContent.of(TestMessages.large("big", 64 * 1024)), ItemState.NONE,
                            null, "stamp-big"),
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("after", "<a@example.com>")),
                            ItemState.NONE, null, "stamp-a")));
            assertThat(results).extracting(WriteResult::ok).containsExactly(true, false, true);
            assertThat(results.get(1).error())
                    .startsWith("Exchange refused the message as larger than it accepts through EWS")
                    .contains("Raise the EWS and transport size limits").doesNotContain("Exception");
        } finally {
            EWS.maxItemBytes(EwsFixture.SERVER_LIMIT);
        }
        assertThat(EWS.items(login.mailbox())).extracting(EwsDouble.Stored::subject)
                .containsExactlyInAnyOrder("before", "after");
    }

    @Test
    void writtenMessagesShouldBeReceivedMailWithTheirTimesFlagsAndStamp() throws Exception {
        Login login = FIXTURE.newMailbox();
        Instant received = Instant.parse("2017-06-05T04:03:02Z");
        try (TargetMailbox target = FIXTURE.openTarget(login)) {
            MailFolder folder = target.ensureFolder(List.of("Imported"));
            ItemState readFlagged = new ItemState(true, true, false, false, false, false, Set.of("Blue"));
            target.write(folder, List.of(
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("read", "<r@example.com>")),
                            readFlagged, received, "stamp-r"),
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("unread", "<u@example.com>")),
                            ItemState.NONE, received, "stamp-u")));
        }
        Map<String, EwsDouble.Stored> stored = EWS.items(login.mailbox()).stream()
                .collect(Collectors.toMap(EwsDouble.Stored::subject, s -> s));
        EwsDouble.Stored read = stored.get("read");
        assertThat(read.draft()).as("not a draft").isFalse();
        assertThat(stored.get("unread").draft()).isFalse();
        assertThat(read.read()).isTrue();
        assertThat(stored.get("unread").read()).isFalse();
        assertThat(read.flagged()).isTrue();
        assertThat(read.categories()).containsExactly("Blue");
        assertThat(read.received()).isEqualTo(received);
        assertThat(read.sent()).isEqualTo(received);
        assertThat(read.stamp()).isEqualTo("stamp-r");
        assertThat(read.folder()).containsExactly("Imported");
        // a new session (the ledger lost, the process restarted) finds the item by its stamp
        try (TargetMailbox again = FIXTURE.openTarget(login)) {
            MailFolder folder = again.ensureFolder(List.of("Imported"));
            List<String> arrived = again.arrived(folder, List.of(new PendingWrite(null, "x", 1, "mid:<r@example.com>",
                    "stamp-r"), new PendingWrite(null, "y", 1, "mid:<n@example.com>", "stamp-never")), Set.of());
            assertThat(arrived).containsExactly(read.id(), null);
        }
        assertThat(EWS.seen()).filteredOn(s -> s.impersonated() != null)
                .allMatch(s -> s.impersonated().equals(s.anchorMailbox()))
                .allMatch(s -> "Exchange2010_SP2".equals(s.version()));
        List<String> ops = new ArrayList<>();
        EWS.seen().forEach(s -> ops.add(s.operation()));
        assertThat(ops).contains("CreateItem", "CreateFolder", "FindItem");
    }
}
