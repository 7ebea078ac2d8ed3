package io.mailferry.service.engine.port;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;

/**
 * Opens the {@link MailboxAccess} of a stored connection, one implementation per connection kind (IMAP, Microsoft
 * 365, Exchange). The application layer picks the provider by {@link Connection#kind()}. Opening does not connect
 * yet (the engine opens sessions per worker), so it is cheap and never blocks. Thread-safe.
 */
public interface MailboxAccessProvider {
    ConnectionKind kind();

    /**
     * @param connection a connection of {@link #kind()}
     * @param secret     the connection's own secret (password, master password, client secret), null when none
     * @param role       the side this connection plays in the pass, used in messages ("source IMAP server ...")
     */
    MailboxAccess open(Connection connection, Secret secret, ConnectionRole role);

    /** The connection's directory of mailboxes, or null when this kind has none (IMAP: mailboxes are typed). */
    default MailboxDirectory directory(Connection connection, Secret secret) {
        return null;
    }
}
