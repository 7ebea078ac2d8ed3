package io.mailferry.service.engine.opaque;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;

/** The target contract against the opaque store: ids without order, rewritten content, stamps, expiring tokens. */
class OpaqueTargetMailboxTest implements TargetMailboxContract {
    private static final OpaqueFixture FIXTURE = new OpaqueFixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
