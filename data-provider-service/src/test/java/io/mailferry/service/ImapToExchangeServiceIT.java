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
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.Await;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.JobPasses;
import io.mailferry.service.testing.ServiceConnections;
import io.mailferry.service.testing.ServiceProcess;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * IMAP into an on-premises Exchange mailbox through the real service, end to end: the service runs as its own JVM
 * ({@link ServiceProcess}), driven through its HTTP API; its source is a private Dovecot, its target an Exchange
 * connection whose EWS URL is the {@link EwsDouble} on loopback (no test hook: the connection itself names the URL).
 * The double follows Microsoft's EWS operation pages (learn.microsoft.com/exchange/client-developer/
 * web-service-reference: findfolder-operation, createfolder-operation, finditem-operation, getitem-operation and
 * createitem-operation, "CreateItem operation (email message)", whose MessageDisposition SaveOnly stores a message
 * without sending it). The job uses {@link DuplicatePolicy#CREATE_DUPLICATE}, so only the ledger and its
 * reconciliation stand between a kill and a duplicate. In order: (1) a full pass whose service is killed with
 * {@code kill -9} while the double holds a CreateItem, so some messages are on Exchange, others not, and the held one
 * is stored after the service died, with no ledger row saying so; the service is restarted and the pass resumed;
 * (2) a delta after new mail in both folders. After each, the Exchange mailbox holds every source message exactly
 * once per folder (by Message-ID), none as a draft, and the report says it verified so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapToExchangeServiceIT {
    private static final String ACCOUNT = "svc-migration@contoso.example";
    private static final String PASSWORD = "Ews-Service-IT-Pass2";
    private static final String TARGET = "adele@contoso.example";
    private static final String PROJECTS = "Projects/2022";
    private static final Instant T0 = Instant.parse("2022-03-04T05:06:07Z");

    final DovecotServer dovecot = DovecotServer.shared();
    final ImapMailboxes imap = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
    EwsDouble ews;
    Path dataDir;
    ServiceProcess service;
    String source;
    String job;
    int passed;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ews = new EwsDouble(ACCOUNT, PASSWORD);
        ews.pageCap(10);
        ews.addMailbox(TARGET, "Adele");
        source = dovecot.newUser();
        seed("INBOX", 0, 24);
        seed(PROJECTS, 24, 36);
        dataDir = dir.resolve("data");
        service = ServiceProcess.startWithoutResume(dataDir);
        ApiClient api = service.api();
        Connection dove = ServiceConnections.dovecot(api, ConnectionRole.SOURCE, dovecot, source);
        Connection exchange = ServiceConnections.exchange(api, ConnectionRole.TARGET, ews, ACCOUNT, PASSWORD);
        job = ServiceConnections.duplicatingJob(api, "Dovecot to Exchange", dove, exchange, source, TARGET);
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
    void aFullPassKilledWhileExchangeHoldsAWriteShouldResumeWithoutLossOrDuplicates() throws Exception {
        ews.holdAfter("CreateItem", 15); // the 16th message written waits: the kill comes then
        assertThat(service.api().send("POST", "/api/v1/jobs/" + job + "/start", null).status()).isEqualTo(202);
        assertThat(ews.awaitHeld(60)).as("a CreateItem held:\n%s", service.logTail(4000)).isTrue();
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        ews.release(); // the held CreateItem was sent in full: Exchange stores it, for a service no longer there
        Await.until("the held message stored", Duration.ofSeconds(10), () -> ews.items(TARGET).size() > 15);
        int atKill = ews.items(TARGET).size();
        assertThat(atKill).as("messages on the target at the kill").isBetween(16, 35);
        assertThat(doneRows()).as("ledger rows settled by the killed service").isLessThan(atKill);

        service = ServiceProcess.startWithoutResume(dataDir);
        MailboxPair p = JobPasses.pair(service, job);
        assertThat(p.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(p.error()).isEqualTo(JobRunner.INTERRUPTED);

        MailboxReport report = JobPasses.runToEnd(service, job, "start", 60);

        assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.verified()).isTrue();
        assertThat(report.verdict()).startsWith("All 36 source items are on the target.");
        assertTargetIsTheSource(ExchangeImapIT.ids("m", 0, 24), ExchangeImapIT.ids("m", 24, 36));
        passed = 1;
    }

    @Test
    @Order(2)
    void aDeltaShouldCopyExactlyTheNewMessages() throws Exception {
        assumeTrue(passed == 1, "the full pass did not pass");
        seed("INBOX", 36, 37);
        seed(PROJECTS, 37, 38);

        MailboxReport report = JobPasses.runToEnd(service, job, "delta", 60);

        assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied by the delta").isEqualTo(2);
        assertThat(report.verified()).isTrue();
        assertThat(report.verdict()).startsWith("All 38 source items are on the target.");
        assertTargetIsTheSource(ExchangeImapIT.plus(ExchangeImapIT.ids("m", 0, 24), "<m36@it.example>"),
                ExchangeImapIT.plus(ExchangeImapIT.ids("m", 24, 36), "<m37@it.example>"));
    }

    private void assertTargetIsTheSource(List<String> inbox, List<String> projects) {
        Map<String, List<String>> on = ExchangeImapIT.onExchange(ews, TARGET);
        assertThat(on.get("INBOX")).as("INBOX: every message once").isEqualTo(inbox);
        assertThat(on.get(PROJECTS)).as(PROJECTS + ": every message once").isEqualTo(projects);
        assertThat(on).as("folders on the target").containsOnlyKeys("INBOX", PROJECTS);
        assertThat(ews.items(TARGET)).noneMatch(EwsDouble.Stored::draft)
                .anyMatch(EwsDouble.Stored::read).anyMatch(EwsDouble.Stored::flagged);
    }

    /** Appends messages {@code from} to {@code to} (exclusive) to a source folder, with mixed flags. */
    private void seed(String folder, int from, int to) throws Exception {
        List<Seed> seeds = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Set<String> flags = switch (i % 3) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Flagged");
                default -> Set.of();
            };
            seeds.add(new Seed(ExchangeImapIT.message("m" + i, i), flags, T0.plusSeconds(3_600L * i)));
        }
        imap.append(source, dovecot.password(source), Map.of(folder, seeds));
    }

    private int doneRows() throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("mailferry.db"));
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM ledger_entry WHERE state = 'DONE'")) {
            return rs.getInt(1);
        }
    }
}
