package io.mailferry.service.testing;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.service.engine.port.ConnectionProbe;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An IMAP probe that "logs in" when the secret equals {@code password}, and remembers what it was asked. */
public final class FakeConnectionProbe implements ConnectionProbe {
    private final String password;
    public final List<ConnectionRequest> tested = new CopyOnWriteArrayList<>();

    public FakeConnectionProbe(String password) {
        this.password = password;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest connection) {
        tested.add(connection);
        if (connection.secret() != null && password.equals(connection.secret().value())) {
            return ConnectionTestResult.success("Logged in to " + connection.imap().host() + ".", "IMAP4rev1",
                    Instant.now(), 1);
        }
        return ConnectionTestResult.failed(ConnectionFailure.AUTHENTICATION,
                "The server " + connection.imap().host() + " rejected the user name or password.", Instant.now(), 1);
    }
}
