package io.mailferry.service.engine.opaque;

import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;

/** Opens sessions on an {@link OpaqueMailServer}; the login's mailbox names the mailbox. */
public final class OpaqueAccess implements MailboxAccess {
    private final OpaqueMailServer server;

    public OpaqueAccess(OpaqueMailServer server) {
        this.server = server;
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        server.point("open");
        return new OpaqueSourceMailbox(server, login.mailbox());
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        server.point("open");
        return new OpaqueTargetMailbox(server, login.mailbox());
    }

    @Override
    public String describe() {
        return "opaque test store";
    }
}
