package io.mailferry.service.engine.opaque;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The mailbox contracts' view of an {@link OpaqueMailServer}. */
final class OpaqueFixture implements MailboxFixture {
    private final OpaqueMailServer server = new OpaqueMailServer(7);
    private final OpaqueAccess access = new OpaqueAccess(server);
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Login newMailbox() {
        return new Login("user" + next.incrementAndGet() + "@opaque.example", "user", null);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return access.openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return access.openTarget(login);
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        server.ensure(login.mailbox(), path);
    }

    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        server.seed(login.mailbox(), path, raw, state, received);
    }

    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        try {
            var folder = server.ensure(login.mailbox(), path);
            for (ItemRef i : server.items(login.mailbox(), path)) {
                if (messageId.equals(i.messageId())) {
                    server.setState(login.mailbox(), folder.id(), i.id(), new ItemState(true, i.state().flagged(),
                            i.state().answered(), i.state().forwarded(), i.state().draft(), false,
                            i.state().keywords()));
                }
            }
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
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
        return true;
    }

    @Override
    public byte[] rejectedMessage() {
        return ("Subject: refuse me\r\n" + OpaqueTargetMailbox.REFUSE + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
