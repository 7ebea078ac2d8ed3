package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;

class ImapTargetMailboxDovecotIT implements TargetMailboxContract {
    private static final ImapServerFixture FIXTURE = DovecotFixtures.fixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
