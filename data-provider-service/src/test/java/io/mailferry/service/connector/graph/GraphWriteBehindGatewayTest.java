package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.connector.GatewayRelay;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Message creates into a Microsoft 365 mailbox (learn.microsoft.com/graph/api/user-post-messages) behind a gateway that
 * loses Graph's answer after Graph carried the request out. Only 429 says the request was not carried out
 * (learn.microsoft.com/graph/throttling); after any other failure the message is looked up by its stamp before it is
 * sent again: each message once on the target.
 */
class GraphWriteBehindGatewayTest {
    private static final String SRC = "anna@old.example";
    private static final String TGT = "anna@contoso.example";
    private GraphDouble from;
    private GraphDouble to;
    private GatewayRelay gateway;

    @BeforeEach
    void setUp() throws Exception {
        from = new GraphDouble();
        to = new GraphDouble();
        from.addUser(SRC, "Anna");
        to.addUser(TGT, "Anna");
        for (int i = 0; i < 6; i++) {
            from.seed(SRC, List.of("INBOX"), TestMessages.simple("m" + i, "<m" + i + "@x>"), ItemState.NONE,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L));
        }
        gateway = new GatewayRelay(to.base());
        to.linkBase(gateway.front(to.base()));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        from.close();
        to.close();
    }

    private MailboxOutcome run() {
        GraphCloud front = new GraphCloud("front", URI.create("https://login.invalid/"), gateway.front(to.base()),
                "127.0.0.1", 993);
        MailboxTask task = new MailboxTask("pair", new GraphMailboxAccess(from.cloud(), (s, f) -> from.token(),
                ConnectionRole.SOURCE, 4), new MailboxAccess.Login(SRC, null, null),
                new GraphMailboxAccess(front, (s, f) -> to.token(), ConnectionRole.TARGET, 4, true),
                new MailboxAccess.Login(TGT, null, null), JobOptions.defaults(), RunKind.FULL, SRC, TGT);
        return new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                EngineSettings.defaults().withBatches(5, 10).withSleeper(d -> { }))
                .run(task, ProgressListener.NONE, new StopSignal());
    }

    private Map<String, Long> onTarget() {
        return to.written(TGT).stream().collect(Collectors.groupingBy(GraphDouble.Written::subject,
                Collectors.counting()));
    }

    private static BiFunction<String, String, Integer> onCreate(int nth, int status) {
        AtomicInteger n = new AtomicInteger();
        return (m, body) -> m.startsWith("POST") && m.endsWith("/messages") && n.incrementAndGet() == nth
                ? status : null;
    }

    @ParameterizedTest(name = "the gateway answers {0}")
    @ValueSource(ints = {503, 504, 502, 500, -1})
    void aCreateCarriedOutWhoseAnswerIsLostShouldNotBeWrittenTwice(int status) {
        gateway.fault = onCreate(3, status);

        MailboxOutcome out = run();

        assertThat(gateway.faulted).as("the gateway stepped in once").hasSize(1);
        assertThat(onTarget()).hasSize(6).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1L));
        assertThat(out.report().itemsCopied()).isEqualTo(6);
    }

    /** Graph stores the third message as a draft (isDraft: Exchange ignored its flags): it is the item's failure. */
    private void thirdCreatedAsDraft() {
        AtomicInteger creates = new AtomicInteger();
        gateway.rewrite = (m, b) -> m.startsWith("POST") && m.endsWith("/messages") && creates.incrementAndGet() == 3
                ? new String(b, StandardCharsets.UTF_8).replace("\"isDraft\":false", "\"isDraft\":true")
                        .getBytes(StandardCharsets.UTF_8)
                : b;
    }

    /**
     * The draft's removal is cut (it never reaches Graph) or throttled: the draft is neither taken for the copy (found by
     * its stamp) nor written beside again; the item fails with a sentence that says where the draft is.
     */
    @ParameterizedTest(name = "its removal {0}")
    @ValueSource(strings = {"is cut", "is throttled"})
    void aDraftWhoseRemovalFailsShouldBeTheItemsFailureNeitherTakenForTheCopyNorWrittenAgain(String how) {
        thirdCreatedAsDraft();
        if (how.equals("is cut")) {
            AtomicInteger deletes = new AtomicInteger();
            gateway.fault = (m, body) -> m.startsWith("DELETE") && deletes.incrementAndGet() == 1 ? -2 : null;
        } else {
            to.throttle(1, 1, p -> p.contains("/messages/") && !p.contains("mailFolders"));
        }

        MailboxOutcome out = run();

        assertThat(to.count(r -> r.method().equals("POST") && r.path().endsWith("/messages"))).as("creates")
                .isEqualTo(6);
        assertThat(onTarget()).hasSize(6).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1L));
        assertThat(out.report().itemsCopied()).as("a draft is never counted as the copy").isEqualTo(5);
        assertThat(out.report().issues()).filteredOn(i -> i.outcome() == ItemOutcome.FAILED).singleElement()
                .satisfies(i -> assertThat(i.reason()).contains("as a draft", "removing that draft failed too",
                        "by hand").doesNotContain("Exception"));
    }

    @Test
    void aDraftRemovedAgainShouldBeTheItemsFailure() {
        thirdCreatedAsDraft();

        MailboxOutcome out = run();

        assertThat(onTarget()).hasSize(5);
        assertThat(out.report().issues()).filteredOn(i -> i.outcome() == ItemOutcome.FAILED).singleElement()
                .satisfies(i -> assertThat(i.reason()).contains("as a draft", "it was removed again"));
    }
}
