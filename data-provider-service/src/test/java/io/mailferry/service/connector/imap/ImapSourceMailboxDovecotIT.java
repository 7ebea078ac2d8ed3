package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;

class ImapSourceMailboxDovecotIT implements SourceMailboxContract, ImapBatchFetchContract {
    private static final ImapServerFixture FIXTURE = DovecotFixtures.fixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
