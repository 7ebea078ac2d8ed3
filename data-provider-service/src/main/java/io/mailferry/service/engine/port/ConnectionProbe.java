package io.mailferry.service.engine.port;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;

/**
 * "Test connection" for one kind of connection: really connects and logs in, and reports what failed in words an
 * admin understands (DNS, refused, TLS certificate, authentication, timeout). Never throws; never puts the secret in
 * the result. Thread-safe.
 */
public interface ConnectionProbe {
    ConnectionKind kind();

    ConnectionTestResult test(ConnectionRequest connection);

    /**
     * As {@link #test(ConnectionRequest)}, logging in as the pass of {@code mailbox} will (a migration's test of its
     * first mailbox); a probe whose login names no mailbox tests the connection as it is.
     */
    default ConnectionTestResult test(ConnectionRequest connection, MailboxAccess.Login mailbox) {
        return test(connection);
    }
}
