package io.mailferry.service.connector.imap;

class ImapCondstoreDovecotIT implements CondstoreContract {
    private static final ImapServerFixture FIXTURE = DovecotFixtures.fixture();

    @Override
    public ImapServerFixture fixture() {
        return FIXTURE;
    }

    @Override
    public boolean condstore() {
        return true; // Dovecot 2.3 announces CONDSTORE and keeps mod-sequences once a client asks for them
    }
}
