package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;

/** The source contract against the IMAP-like fake the engine's tests use. */
class FakeSourceMailboxTest implements SourceMailboxContract {
    private static final FakeFixture FIXTURE = new FakeFixture(true);

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
