package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;

/** The target contract against the IMAP-like fake the engine's tests use. */
class FakeTargetMailboxTest implements TargetMailboxContract {
    private static final FakeFixture FIXTURE = new FakeFixture(false);

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
