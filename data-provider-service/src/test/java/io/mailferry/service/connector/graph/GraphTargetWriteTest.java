package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Graph write path must get right beyond the target contract, against the Graph double: a message lands as
 * received mail (not a draft) with its dates, state, attachments and x- headers; a crash between the create and the
 * ledger leaves nothing to write twice; Graph's refusals are one item's failure with a plain reason; well-known folders
 * are never created again in another language; throttling carries Graph's Retry-After.
 */
class GraphTargetWriteTest {
    private static final String BOX = "meike@contoso.example";
    private static final Instant RECEIVED = Instant.parse("2019-05-06T07:08:09Z");

    private final GraphDouble graph = new GraphDouble();
    private final GraphMailboxAccess access = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(),
            ConnectionRole.TARGET, 4, true);

    @AfterEach
    void stop() {
        graph.close();
    }

    private TargetMailbox open() throws MailboxException {
        return access.openTarget(new Login(BOX, null, null));
    }

    private static WriteRequest request(byte[] raw, ItemState state, String stamp) {
        return new WriteRequest(null, BufferedContent.of(raw), state, RECEIVED, stamp);
    }

    private static byte[] richMessage() {
        String pdf = Base64.getMimeEncoder().encodeToString("%PDF-1.4 pretend".getBytes(StandardCharsets.US_ASCII));
        return ("Date: Tue, 3 Mar 2020 10:15:00 +0100\r\n"
                + "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.com>\r\n"
                + "To: Bob <bob@example.com>\r\nCc: carol@example.com\r\nReply-To: list@example.com\r\n"
                + "Subject: Quarterly report\r\nMessage-ID: <q1@example.com>\r\nImportance: high\r\n"
                + "X-Ticket: 4711\r\nX-MS-Exchange-Organization-SCL: 1\r\nX-Mailer: Tests\r\n"
                + "Received: from mx.example.com by mx2.example.com; Mon, 6 May 2019 07:08:09 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain body\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html body</p>\r\n--alt--\r\n"
                + "--outer\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + pdf + "\r\n--outer--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageShouldLandAsReceivedMailWithItsDatesStateAttachmentsAndCustomHeaders() throws Exception {
        graph.addUser(BOX, "Meike");
        ItemState state = new ItemState(true, true, true, true, false, false, Set.of("Finance", "Q1"));
        try (TargetMailbox target = open()) {
            MailFolder folder = target.ensureFolder(List.of("Reports"));
            List<WriteResult> results = target.write(folder, List.of(request(richMessage(), state, "mf1-rich")));
            assertThat(results).singleElement().matches(WriteResult::ok);

            GraphDouble.Written w = graph.written(BOX).get(0);
            assertThat(w.draft()).as("PidTagMessageFlags set in the create call").isFalse();
            assertThat(w.received()).isEqualTo(RECEIVED);
            assertThat(w.sent()).isEqualTo(Instant.parse("2020-03-03T09:15:00Z"));
            assertThat(w.read()).isTrue();
            assertThat(w.flagStatus()).isEqualTo("flagged");
            assertThat(w.categories()).containsExactlyInAnyOrder("Finance", "Q1");
            assertThat(w.bodyType()).as("HTML preferred over text").isEqualTo("html");
            assertThat(w.attachments()).containsExactly("report.pdf (application/pdf)");
            assertThat(w.customHeaders()).containsOnlyKeys("X-Ticket", "X-Mailer");
            assertThat(w.internetMessageId()).isEqualTo("<q1@example.com>");
            assertThat(w.properties()).containsEntry("Integer 0xe07", "1")
                    .containsEntry("SystemTime 0xe06", RECEIVED.toString())
                    .containsEntry(GraphProperties.STAMP, "mf1-rich");

            ItemRef listed = target.list(folder, null, 10).items().get(0);
            assertThat(listed.state()).isEqualTo(state);
            assertThat(listed.stamp()).isEqualTo("mf1-rich");
            assertThat(listed.received()).isEqualTo(RECEIVED);
            assertThat(listed.messageId()).isEqualTo("<q1@example.com>");
        }
    }

    @Test
    void withoutAReceivedDateTheNewestReceivedLineShouldBeTheDeliveryTime() throws Exception {
        graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            target.write(inbox, List.of(new WriteRequest(null, BufferedContent.of(richMessage()), ItemState.NONE,
                    null, "mf1-x")));
            assertThat(graph.written(BOX).get(0).received()).isEqualTo(RECEIVED);
            assertThat(graph.written(BOX).get(0).draft()).isFalse();
        }
    }

    @Test
    void aCrashBetweenCreateAndLedgerShouldLeaveTheStampToFindOnTheNextSession() throws Exception {
        graph.addUser(BOX, "Meike");
        byte[] raw = TestMessages.simple("once", "<once@example.com>");
        WriteRequest sent = request(raw, ItemState.NONE, "mf1-once");
        String id;
        try (TargetMailbox first = open()) {
            id = first.write(first.ensureFolder(List.of("INBOX")), List.of(sent)).get(0).targetId();
        }
        graph.clearRequests();
        try (TargetMailbox next = open()) { // a new process: nothing of the first session is known
            MailFolder inbox = next.ensureFolder(List.of("INBOX"));
            List<String> arrived = next.arrived(inbox, List.of(
                    new PendingWrite(null, sent.content().contentHash(), raw.length, "mid:<once@example.com>",
                            "mf1-once"),
                    new PendingWrite(null, "00", 1, "mid:<never@example.com>", "mf1-never")), Set.of());
            assertThat(arrived).containsExactly(id, null);
            assertThat(graph.count(r -> r.query() != null && r.query().contains("singleValueExtendedProperties/Any")
                    && r.query().contains("mf1-once"))).as("looked up by its stamp").isEqualTo(1);
            assertThat(next.arrived(inbox, List.of(new PendingWrite(null, "x", 1, "mid:x", "mf1-once")), Set.of(id)))
                    .as("an item the ledger holds is never answered").containsOnlyNulls();
        }
        assertThat(graph.written(BOX)).hasSize(1);
    }

    /** A part in a character set Java does not know ("unknown-8bit", which some mailers write for raw 8-bit text). */
    @Test
    void aMessageWhosePartCannotBeDecodedShouldFailAloneWithAPlainReason() throws Exception {
        byte[] odd = ("From: a@example.com\r\nSubject: odd\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=unknown-8bit\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "caf\u00e9\r\n").getBytes(StandardCharsets.ISO_8859_1);
        graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            List<WriteResult> results = target.write(inbox, List.of(request(odd, ItemState.NONE, "stamp-odd"),
                    request(richMessage(), ItemState.NONE, "stamp-next")));

            assertThat(results.get(0).targetId()).isNull();
            assertThat(results.get(0).error()).isEqualTo("a part of the message could not be decoded to rebuild it "
                    + "for Microsoft Graph (unknown character set \"unknown-8bit\"); choose the IMAP write path for "
                    + "this connection to copy it as it is.");
            assertThat(results.get(1).targetId()).as("the next message is written").isNotNull();
        }
    }

    @Test
    void refusalsShouldFailOnlyTheirItemWithAPlainReasonNamingTheLimit() throws Exception {
        graph.addUser(BOX, "Meike");
        graph.requestLimit(64 * 1024);
        try (TargetMailbox target = open()) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            List<WriteResult> results = target.write(inbox, List.of(
                    request(TestMessages.simple("small", "<s@example.com>"), ItemState.NONE, "mf1-a"),
                    request(TestMessages.large("big", 100 * 1024), ItemState.NONE, "mf1-b"),
                    request(TestMessages.large("huge", 5 * 1024 * 1024), ItemState.NONE, "mf1-c"),
                    request(TestMessages.simple("after", "<a@example.com>"), ItemState.NONE, "mf1-d")));

            assertThat(results).extracting(WriteResult::ok).containsExactly(true, false, false, true);
            assertThat(results.get(1).error()).contains("HTTP 413", "4 MB", "IMAP write path");
            assertThat(results.get(2).error()).as("never sent").contains("5.0 MB", "IMAP write path");
            assertThat(results.get(1).error() + results.get(2).error()).doesNotContain("Exception", graph.token());
            assertThat(graph.count(r -> r.status() == 413)).isEqualTo(1);
            assertThat(target.arrived(inbox, List.of(new PendingWrite(null, "x", 1, "mid:x", "mf1-b")), Set.of()))
                    .as("refused: known not stored, no lookup").containsOnlyNulls();
            assertThat(graph.count(r -> r.query() != null && r.query().contains("$filter"))).isZero();
        }
    }

    @Test
    void wellKnownFoldersShouldBeFoundInAnyLanguageAndNeverCreatedTwice() throws Exception {
        graph.addUser(BOX, "Meike", "user", GraphDouble.GERMAN);
        try (TargetMailbox target = open()) {
            List<MailFolder> folders = target.folders();
            MailFolder sent = folders.stream().filter(f -> f.type() == FolderType.SENT).findFirst().orElseThrow();
            assertThat(sent.displayPath()).isEqualTo("Gesendete Elemente");
            assertThat(target.ensureFolder(List.of("Gesendete Elemente"))).isEqualTo(sent);
            assertThat(target.ensureFolder(List.of("Posteingang")).type()).isEqualTo(FolderType.INBOX);
            assertThat(target.ensureFolder(List.of("inbox", "Rechnungen")).path())
                    .containsExactly("INBOX", "Rechnungen");
            assertThat(graph.count(r -> r.method().equals("POST") && r.path().contains("mailFolders")))
                    .as("only the new subfolder was created").isEqualTo(1);
        }
    }

    @Test
    void aFolderCreatedMeanwhileByAnotherWorkerShouldBeTakenNotDuplicated() throws Exception {
        graph.addUser(BOX, "Meike");
        try (TargetMailbox first = open(); TargetMailbox second = open()) {
            first.folders();
            second.folders();
            MailFolder a = first.ensureFolder(List.of("Shared"));
            MailFolder b = second.ensureFolder(List.of("shared"));
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(graph.count(r -> r.status() == 409)).isZero(); // found by listing before creating
        }
    }

    @Test
    void throttlingShouldCarryRetryAfterAndLeaveTheUnsentItemsKnownAsNotStored() throws Exception {
        graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            graph.throttle(1, 3, p -> p.endsWith("/messages"));
            graph.clearRequests();
            List<WriteRequest> batch = List.of(request(TestMessages.simple("t1", "<t1@x.example>"), ItemState.NONE,
                    "mf1-t1"), request(TestMessages.simple("t2", "<t2@x.example>"), ItemState.NONE, "mf1-t2"));

            assertThatThrownBy(() -> target.write(inbox, batch)).isInstanceOfSatisfying(MailboxException.class,
                    e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    });
            assertThat(target.arrived(inbox, List.of(new PendingWrite(null, "x", 1, "mid:a", "mf1-t1"),
                    new PendingWrite(null, "x", 1, "mid:b", "mf1-t2")), Set.of())).containsOnlyNulls();
            assertThat(graph.count(r -> r.method().equals("GET"))).as("a 429 was not carried out: no lookup")
                    .isZero();
            assertThat(target.write(inbox, batch)).allMatch(WriteResult::ok);
            assertThat(graph.written(BOX)).hasSize(2);
        }
    }
}
