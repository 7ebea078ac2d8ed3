package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;

/** Opens sessions on a {@link FakeMailServer}. */
public final class FakeAccess implements MailboxAccess {
    private final FakeMailServer server;
    /** What {@link #describe} answers: the engine knows a link's round trips by it. */
    private final String name;

    public FakeAccess(FakeMailServer server) {
        this(server, server.side().toLowerCase() + " fake server");
    }

    /** Under a name of its own: another server than the fakes of other tests' passes, for the engine. */
    public FakeAccess(FakeMailServer server, String name) {
        this.server = server;
        this.name = name;
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
        return name;
    }

    @Override
    public int sessionsPerMailbox() {
        return server.sessionsPerMailbox();
    }
}
