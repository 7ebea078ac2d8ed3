package io.mailferry.service.connector.graph;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mailbox contracts' view of a {@link GraphDouble} read through {@link GraphMailboxAccess}: each new mailbox is a
 * new user whose well-known folders carry the names the contracts expect (Sent, Drafts, Trash, Junk, Archive), found
 * by their well-known names as in any tenant language. Pages are capped at 4, so folder and message listings go
 * through next links. Targets are written through Graph ({@link GraphTargetMailbox}); the message Graph refuses names
 * a recipient that is no address (400 ErrorInvalidRecipients).
 */
final class GraphFixture implements MailboxFixture {
    static final Map<String, String> CONTRACT_NAMES = contractNames();

    final GraphDouble graph = new GraphDouble();
    final GraphMailboxAccess access;
    final GraphMailboxAccess writer;
    private final AtomicInteger next = new AtomicInteger();

    GraphFixture() {
        graph.pageCap(4);
        access = new GraphMailboxAccess(graph.cloud(), (scope, force) -> graph.token(), ConnectionRole.SOURCE, 4);
        writer = new GraphMailboxAccess(graph.cloud(), (scope, force) -> graph.token(), ConnectionRole.TARGET, 4, true);
    }

    private static Map<String, String> contractNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("inbox", "Inbox");
        m.put("sentitems", "Sent");
        m.put("drafts", "Drafts");
        m.put("deleteditems", "Trash");
        m.put("junkemail", "Junk");
        m.put("archive", "Archive");
        m.put("outbox", "Outbox");
        return m;
    }

    @Override
    public Login newMailbox() {
        String address = "user" + next.incrementAndGet() + "@contoso.example";
        graph.addUser(address, "User " + next.get(), "user", CONTRACT_NAMES);
        return new Login(address, address, null);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return access.openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return writer.openTarget(login);
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        graph.createFolder(login.mailbox(), path);
    }

    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        graph.seed(login.mailbox(), path, raw, state, received);
    }

    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        graph.markRead(login.mailbox(), messageId);
    }

    @Override
    public char separator() {
        return '/';
    }

    @Override
    public boolean specialUse() {
        return true;
    }

    @Override
    public boolean reportsWrittenIds() {
        return false;
    }

    @Override
    public byte[] rejectedMessage() {
        return ("Date: Tue, 3 Mar 2020 10:15:00 +0100\r\nFrom: alice@example.com\r\nTo: broken@@example\r\n"
                + "Subject: refused\r\nMessage-ID: <refused@example.com>\r\n\r\nbody\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
