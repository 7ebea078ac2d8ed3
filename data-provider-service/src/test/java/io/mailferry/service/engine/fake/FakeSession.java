package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.MailboxException;

/** A session that dies like a real one: after a CONNECTION failure every call fails until the engine reopens. */
abstract class FakeSession {
    final FakeMailServer server;
    private boolean dead;
    private boolean closed;

    FakeSession(FakeMailServer server) {
        this.server = server;
    }

    void call(String point, String folder) throws MailboxException {
        if (closed) {
            throw new IllegalStateException(server.side() + " session used after close");
        }
        if (dead) {
            throw new MailboxException(MailboxException.Kind.CONNECTION, server.side() + " connection is closed.");
        }
        try {
            server.point(point, folder);
        } catch (MailboxException e) {
            if (e.kind() == MailboxException.Kind.CONNECTION) {
                dead = true;
            }
            throw e;
        }
    }

    public void close() {
        closed = true;
    }
}
