package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;
import org.junit.jupiter.api.AfterAll;

/** The target contract against EWS: the real ews-java-api client against the documented-shape double. */
class EwsTargetMailboxTest implements TargetMailboxContract {
    private static final EwsFixture FIXTURE = new EwsFixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void stop() {
        FIXTURE.ews.close();
    }
}
