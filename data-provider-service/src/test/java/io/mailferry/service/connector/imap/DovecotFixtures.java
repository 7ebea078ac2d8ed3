package io.mailferry.service.connector.imap;

import io.mailferry.service.testing.DovecotServer;

/** The contract fixture on the JVM's private Dovecot. */
final class DovecotFixtures {
    private DovecotFixtures() {
    }

    /** Dovecot: separator '/', SPECIAL-USE, MULTIAPPEND, LITERAL+, UIDPLUS; refuses zero-byte messages. */
    static ImapServerFixture fixture() {
        DovecotServer d = DovecotServer.shared();
        return new ImapServerFixture(d.host(), d.imapPort(), () -> {
            String user = d.newUser();
            return ImapServerFixture.login(user, d.password(user));
        }, '/', true, true, new byte[0]);
    }
}
