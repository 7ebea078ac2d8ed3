package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;

/** Opens IMAP connections for the job runner: an {@link ImapMailboxAccess} over the connection's settings. */
public final class ImapAccessProvider implements MailboxAccessProvider {
    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        if (connection.kind() != ConnectionKind.IMAP || connection.imap() == null) {
            throw new IllegalArgumentException("Connection " + connection.id() + " is not an IMAP connection");
        }
        return new ImapMailboxAccess(connection.imap(), secret, role);
    }
}
