package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;

/** The source contract on Gmail as {@link GmailFixture} plays it (a Dovecot behind the Gmail proxy). */
class GmailSourceMailboxDovecotIT implements SourceMailboxContract {
    @Override
    public MailboxFixture fixture() {
        return GmailFixture.shared();
    }
}
