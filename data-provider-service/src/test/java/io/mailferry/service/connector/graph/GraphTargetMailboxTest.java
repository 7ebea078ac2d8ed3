package io.mailferry.service.connector.graph;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;
import org.junit.jupiter.api.AfterAll;

/** The target contract against {@link GraphTargetMailbox} writing into the Graph double. */
class GraphTargetMailboxTest implements TargetMailboxContract {
    private static final GraphFixture FIXTURE = new GraphFixture();

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void stop() {
        FIXTURE.graph.close();
    }
}
