package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.GatewayRelay;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Exchange target behind a reverse proxy or load balancer: the third CreateItem reaches Exchange, which stores the
 * item, but the gateway answers 502 or 504 (it gave up waiting) or the connection drops. Exchange's own "not now" is
 * ErrorServerBusy (learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange); a
 * gateway's 5xx says nothing of whether the request was carried out, so the write is looked up by its stamp before it
 * is sent again: each message once on the target.
 */
class EwsWriteBehindGatewayTest {
    private static final String ACCOUNT = "svc@contoso.example";
    private static final String PASSWORD = "Pw-1";
    private static final String SOURCE = "anna@old.example";
    private static final String TARGET = "anna@new.example";

    private static MailboxAccess exchange(URI url, ConnectionRole role) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("ex", "Exchange", role, ConnectionKind.EXCHANGE, null, null,
                new EwsSettings(url.toString(), ACCOUNT, true, null, null, EwsAuthMode.BASIC, 3), true, t, t, null);
        return new EwsAccessProvider().open(c, new Secret(PASSWORD), role);
    }

    @ParameterizedTest(name = "the gateway answers {0}")
    @ValueSource(ints = {504, 502, 503, -1})
    void aCreateItemCarriedOutBehindAGatewayErrorShouldNotBeWrittenTwice(int status) throws Exception {
        try (EwsDouble from = new EwsDouble(ACCOUNT, PASSWORD); EwsDouble to = new EwsDouble(ACCOUNT, PASSWORD);
                GatewayRelay gateway = new GatewayRelay(to.url())) {
            from.addMailbox(SOURCE, "Anna");
            to.addMailbox(TARGET, "Anna");
            for (int i = 0; i < 6; i++) {
                from.seed(SOURCE, List.of("INBOX"), TestMessages.simple("m" + i, "<m" + i + "@x>"), ItemState.NONE,
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L));
            }
            AtomicInteger creates = new AtomicInteger();
            gateway.fault = (m, body) -> body.contains("CreateItem") && body.contains("MimeContent")
                    && creates.incrementAndGet() == 3 ? status : null;
            MailboxTask task = new MailboxTask("pair", exchange(from.url(), ConnectionRole.SOURCE),
                    new MailboxAccess.Login(SOURCE, null, null),
                    exchange(gateway.front(to.url()), ConnectionRole.TARGET),
                    new MailboxAccess.Login(TARGET, null, null), JobOptions.defaults(), RunKind.FULL, SOURCE, TARGET);

            MailboxOutcome out = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                    EngineSettings.defaults().withBatches(5, 10).withSleeper(d -> { }))
                    .run(task, ProgressListener.NONE, new StopSignal());

            Map<String, Long> bySubject = to.items(TARGET).stream().collect(Collectors.groupingBy(
                    EwsDouble.Stored::subject, Collectors.counting()));
            assertThat(gateway.faulted).as("the gateway stepped in once").hasSize(1);
            assertThat(bySubject).hasSize(6).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1L));
            assertThat(out.state()).as(out.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        }
    }
}
