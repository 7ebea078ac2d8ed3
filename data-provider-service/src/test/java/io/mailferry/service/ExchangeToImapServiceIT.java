package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.JobPasses;
import io.mailferry.service.testing.ServiceConnections;
import io.mailferry.service.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An on-premises Exchange mailbox migrated into IMAP through the real service, end to end: the service runs as its own
 * JVM ({@link ServiceProcess}), driven through its HTTP API; its source is an Exchange connection whose EWS URL is the
 * {@link EwsDouble} on loopback (no test hook: the connection itself names the URL), its target a private Dovecot read
 * back over plain IMAP. The double follows Microsoft's EWS operation pages (learn.microsoft.com/exchange/
 * client-developer/web-service-reference: findfolder-operation, finditem-operation, getitem-operation,
 * syncfolderitems-operation; ews-throttling-in-exchange). The job uses {@link DuplicatePolicy#CREATE_DUPLICATE}, so
 * only the ledger and its reconciliation stand between a kill and a duplicate. In order: (1) a full pass whose service
 * is killed with {@code kill -9} while it waits for a message body, restarted and resumed; (2) a delta after new mail
 * and a message read on Exchange; (3) a delta through ErrorServerBusy, whose back-off the report counts. Every message
 * lands on Dovecot exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeToImapServiceIT {
    private static final String ACCOUNT = "svc-migration@contoso.example";
    private static final String PASSWORD = "Ews-Service-IT-Pass1";
    private static final String SOURCE = "nestor@contoso.example";
    private static final Instant T0 = Instant.parse("2022-02-03T04:05:06Z");

    final DovecotServer dovecot = DovecotServer.shared();
    final ImapMailboxes imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
    EwsDouble ews;
    Path dataDir;
    ServiceProcess service;
    String target;
    String job;
    String pair;
    int passed;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ews = new EwsDouble(ACCOUNT, PASSWORD);
        ews.pageCap(10);
        ews.addMailbox(SOURCE, "Nestor");
        ews.createFolder(SOURCE, List.of("Projects", "Beta"));
        for (int i = 0; i < 120; i++) {
            ews.seed(SOURCE, i < 100 ? List.of("INBOX") : List.of("Projects", "Beta"), ExchangeImapIT.message("s" + i, i),
                    new ItemState(i % 2 == 0, false, false, false, false, false, Set.of()), T0.plusSeconds(60L * i));
        }
        target = dovecot.newUser();
        dataDir = dir.resolve("data");
        service = ServiceProcess.startWithoutResume(dataDir);
        ApiClient api = service.api();
        Connection source = ServiceConnections.exchange(api, ConnectionRole.SOURCE, ews, ACCOUNT, PASSWORD);
        Connection dove = ServiceConnections.dovecot(api, ConnectionRole.TARGET, dovecot, target);
        job = ServiceConnections.duplicatingJob(api, "Exchange to Dovecot", source, dove, SOURCE, target);
        pair = api.get("/api/v1/jobs/" + job + "/pairs").as(MailboxPair[].class)[0].id();
    }

    @AfterAll
    void stop() {
        if (ews != null) {
            ews.release();
        }
        if (service != null) {
            service.close();
        }
        if (ews != null) {
            ews.close();
        }
    }

    @Test
    @Order(1)
    void aFullPassKilledMidPassShouldResumeWithoutLossOrDuplicates() throws Exception {
        ews.holdAfter("GetItem", 70); // the 71st body read waits, in the inbox's second batch: the kill comes then
        assertThat(service.api().send("POST", "/api/v1/jobs/" + job + "/start", null).status()).isEqualTo(202);
        assertThat(ews.awaitHeld(120)).as("a body read held:\n%s", service.logTail(4000)).isTrue();
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        ews.release();
        int atKill = ExchangeImapIT.onDovecot(imap, dovecot, target).values().stream().mapToInt(List::size).sum();
        assertThat(atKill).as("messages on the target at the kill").isBetween(1, 119);

        service = ServiceProcess.startWithoutResume(dataDir);
        MailboxPair p = pair();
        assertThat(p.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(p.error()).isEqualTo(JobRunner.INTERRUPTED);

        MailboxReport report = runToEnd("start");
        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        Map<String, List<String>> on = ExchangeImapIT.onDovecot(imap, dovecot, target);
        assertThat(on.get("INBOX")).as("INBOX: every message once").isEqualTo(ExchangeImapIT.ids("s", 0, 100));
        assertThat(on.get("Projects/Beta")).isEqualTo(ExchangeImapIT.ids("s", 100, 120));
        assertThat(imap.snapshot(target, dovecot.password(target)).get("INBOX"))
                .filteredOn(s -> s.flags().contains("\\Seen")).hasSize(50);
        passed = 1;
    }

    @Test
    @Order(2)
    void aDeltaShouldCopyTheNewMessagesAndCarryTheReadState() throws Exception {
        assumeTrue(passed == 1, "the full pass did not pass");
        ews.seed(SOURCE, List.of("INBOX"), ExchangeImapIT.message("s120", 120), ItemState.NONE, T0.plusSeconds(99_999));
        ews.seed(SOURCE, List.of("Projects", "Beta"), ExchangeImapIT.message("s121", 121), ItemState.NONE,
                T0.plusSeconds(99_999));
        ews.markRead(SOURCE, "<s1@it.example>");

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied by the delta").isEqualTo(2);
        Map<String, List<String>> on = ExchangeImapIT.onDovecot(imap, dovecot, target);
        assertThat(on.get("INBOX")).isEqualTo(ExchangeImapIT.plus(ExchangeImapIT.ids("s", 0, 100), "<s120@it.example>"));
        assertThat(on.get("Projects/Beta")).isEqualTo(ExchangeImapIT.plus(ExchangeImapIT.ids("s", 100, 120),
                "<s121@it.example>"));
        assertThat(imap.snapshot(target, dovecot.password(target)).get("INBOX"))
                .filteredOn(s -> s.flags().contains("\\Seen")).hasSize(51);
        passed = 2;
    }

    @Test
    @Order(3)
    void serverBusyShouldBeWaitedOutAndReported() throws Exception {
        assumeTrue(passed == 2, "the delta did not pass");
        ews.seed(SOURCE, List.of("INBOX"), ExchangeImapIT.message("s122", 122), ItemState.NONE, T0.plusSeconds(199_999));
        ews.throttle(2, 1000, "GetItem");

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).isEqualTo(1);
        assertThat(report.throttledMillis()).as("the back-off Exchange asked for").isGreaterThanOrEqualTo(2000);
        assertThat(report.verdict()).contains("Servers throttled the copy for");
        assertThat(ExchangeImapIT.onDovecot(imap, dovecot, target).get("INBOX")).hasSize(102).doesNotHaveDuplicates();
    }

    private MailboxPair pair() {
        return service.api().get("/api/v1/jobs/" + job + "/pairs/" + pair).as(MailboxPair.class);
    }

    private MailboxReport runToEnd(String command) throws InterruptedException {
        return JobPasses.runToEnd(service, job, command, 120);
    }
}
