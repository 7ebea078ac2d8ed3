package io.mailferry.service.connector.imap;

class ImapCondstoreGreenMailTest implements CondstoreContract {
    private static final ImapServerFixture FIXTURE = GreenMailFixtures.fixture();

    @Override
    public ImapServerFixture fixture() {
        return FIXTURE;
    }

    @Override
    public boolean condstore() {
        return false; // GreenMail offers no CONDSTORE: the fallback path
    }
}
