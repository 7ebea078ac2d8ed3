package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;

/**
 * Opens on-premises Exchange connections, source and target, for the job runner and the matching: an
 * {@link EwsMailboxAccess} and an {@link EwsDirectory} over the connection's EWS endpoint. Opening connects nothing.
 * Thread-safe.
 */
public final class EwsAccessProvider implements MailboxAccessProvider {
    @Override
    public ConnectionKind kind() {
        return ConnectionKind.EXCHANGE;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        return new EwsMailboxAccess(new EwsEndpoint(settings(connection), secret), role);
    }

    @Override
    public MailboxDirectory directory(Connection connection, Secret secret) {
        return new EwsDirectory(new EwsEndpoint(settings(connection), secret));
    }

    private static EwsSettings settings(Connection connection) {
        if (connection.kind() != ConnectionKind.EXCHANGE || connection.ews() == null) {
            throw new IllegalArgumentException("Connection " + connection.id() + " is not an Exchange connection");
        }
        return connection.ews();
    }
}
