package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;

/** Opens sessions on a {@link FakeMailServer}. */
public final class FakeAccess implements MailboxAccess {
    private final FakeMailServer server;

    public FakeAccess(FakeMailServer server) {
        this.server = server;
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        server.opened();
        return new FakeSourceMailbox(server);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        server.opened();
        return new FakeTargetMailbox(server);
    }

    @Override
    public String describe() {
        return server.side().toLowerCase() + " fake server";
    }

    @Override
    public int sessionsPerMailbox() {
        return server.sessionsPerMailbox();
    }
}
