package io.mailferry.service.engine.opaque;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;

/** The source contract against the opaque store: ids without order, rewritten content, stamps, expiring tokens. */
class OpaqueSourceMailboxTest implements SourceMailboxContract {
    private static final OpaqueFixture FIXTURE = new OpaqueFixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }
}
