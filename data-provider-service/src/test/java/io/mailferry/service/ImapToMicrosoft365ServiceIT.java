package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExchangeImapProxy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import io.mailferry.service.testing.OAuthIntrospection;
import io.mailferry.service.testing.JobPasses;
import io.mailferry.service.testing.ServiceProcess;
import io.mailferry.service.testing.ServiceProcessMain;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP (Dovecot) → Microsoft 365 through the real service, end to end: the service runs as its own JVM
 * ({@link ServiceProcess} starting {@link ServiceProcessMain}) and is driven through its HTTP API; the job's source is
 * an IMAP connection to a private Dovecot, its target a Microsoft 365 connection (tenant, client id, client secret)
 * whose sign-in is the {@link TokenEndpointDouble}, whose directory is the {@link GraphDouble}, and whose Exchange
 * Online IMAP is the OAuth Dovecot (tokens checked at {@link OAuthIntrospection}) behind {@link ExchangeImapProxy}
 * (TLS with its own certificate, which the service trusts through {@link ServiceProcessMain#EXCHANGE_IMAP_CERT};
 * Exchange's capabilities) behind a {@link DelayProxy} whose gate holds the pass's traffic so a {@code kill -9} lands
 * mid-append.
 *
 * <p>In order, on one job with {@link DuplicatePolicy#CREATE_DUPLICATE} (only the ledger and its reconciliation stand
 * between an interruption and a duplicate): (1) a full pass killed mid-pass, then resumed after a restart; (2) a delta
 * after new source mail; (3) a delta during which every token the service holds is revoked and its sessions are cut,
 * so its reconnects must sign in again; (4) a delta after a source folder was recreated with the same messages (a new
 * UIDVALIDITY: IMAP's expired delta); then (5) a second job with the default duplicate policy and no ledger row of
 * the first against the filled target (a lost ledger). The proxy serves Exchange's rebuilt MIME and estimated sizes,
 * so the crash reconciliation and the lost ledger can only go by Message-ID. After each, both mailboxes are read over
 * plain IMAP (Dovecot directly), independently of Mailferry, and compared folder by folder as multisets of (bytes,
 * flags, INTERNALDATE): nothing lost, nothing twice, Message-IDs and bodies the same, no {@code \Draft}.
 *
 * <p>Microsoft behaviour played: app-only OAuth for Exchange Online IMAP (token for
 * {@code https://outlook.office365.com/.default} with IMAP.AccessAsApp, SASL XOAUTH2:
 * learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth),
 * the rest as {@link ExchangeImapProxy} cites it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapToMicrosoft365ServiceIT {
    private static final String TENANT_ID = "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final String TENANT = "fabrikam.onmicrosoft.com";
    private static final String CLIENT = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    private static final String CLIENT_SECRET = "Zq5~service-it-client-secret";
    private static final String EXCHANGE = "https://127.0.0.1";
    private static final Instant T0 = Instant.parse("2022-02-03T04:05:06Z");

    final DovecotServer source = DovecotServer.shared();
    final Random random = new Random(1993);
    final List<String> presented = new CopyOnWriteArrayList<>();
    final Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Path dataDir;
    Map<String, String> childProperties;
    TokenEndpointDouble login;
    GraphDouble graph;
    OAuthIntrospection introspection;
    DovecotServer exchange;
    DelayProxy gateway;
    ExchangeImapProxy proxy;
    ServiceProcess service;
    String sourceUser;
    String targetUser;
    String job;
    String pairId;
    String sourceConnection;
    String targetConnection;
    int seeded;
    int passed;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir.resolve("data");
        login = TokenEndpointDouble.start(dir.resolve("sign-in"));
        login.acceptResource(EXCHANGE);
        login.tenant(TENANT_ID).alias(TENANT).app(CLIENT).secret(CLIENT_SECRET).roles(EXCHANGE, "IMAP.AccessAsApp");
        graph = new GraphDouble();
        login.issueForResource("http://127.0.0.1:" + graph.base().getPort(), graph::token);
        introspection = OAuthIntrospection.start(token -> {
            presented.add(token);
            Set<String> roles = login.roles(token, EXCHANGE);
            return !revoked.contains(token) && roles != null && roles.contains("IMAP.AccessAsApp");
        });
        exchange = DovecotServer.startWithOAuth(introspection.url());
        gateway = new DelayProxy(new InetSocketAddress(exchange.host(), exchange.imapPort()), 1);
        proxy = ExchangeImapProxy.start(dir, "127.0.0.1", gateway.port());
        targetUser = exchange.newUser();
        graph.addUser(targetUser, "Target Mailbox");
        sourceUser = source.newUser();
        seed("INBOX", 100, "m");
        seed("Projects/2022", 40, "p");

        Path signInCert = dir.resolve("sign-in-double.pem");
        Files.writeString(signInCert, login.certificatePem(), StandardCharsets.US_ASCII);
        Path imapCert = dir.resolve("exchange-imap.pem");
        Files.writeString(imapCert, proxy.certificatePem(), StandardCharsets.US_ASCII);
        childProperties = Map.of(
                ServiceProcessMain.GRAPH_BASE, graph.base().toString(),
                ServiceProcessMain.GRAPH_AUTHORITY, login.authorityBase().toString(),
                ServiceProcessMain.GRAPH_SIGN_IN_CERT, signInCert.toString(),
                ServiceProcessMain.EXCHANGE_IMAP_HOST, "127.0.0.1",
                ServiceProcessMain.EXCHANGE_IMAP_PORT, Integer.toString(proxy.port()),
                ServiceProcessMain.EXCHANGE_IMAP_CERT, imapCert.toString());
        service = ServiceProcess.startWithoutResume(dataDir, childProperties);
        createJob();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {service, proxy, gateway, exchange, introspection, graph, login}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void aFullPassKilledMidPassShouldResumeWithoutLossOrDuplicates() throws Exception {
        long bytes = sourceMailbox().values().stream().flatMap(List::stream).mapToLong(Stored::size).sum();
        gateway.gate().arm(bytes / 3);
        assertThat(service.api().send("POST", "/api/v1/jobs/" + job + "/start", null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!gateway.gate().awaitHeld(20)) {
            assertThat(pair().state()).as("the pass ended before the gate held its traffic")
                    .isIn(MailboxState.QUEUED, MailboxState.RUNNING);
            assertThat(System.nanoTime()).as("the gate held nothing within 60 s:\n%s", service.logTail(4000))
                    .isLessThan(deadline);
        }
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        gateway.gate().release(); // what the dead service sent in full still reaches the server
        assertThat(gateway.awaitNoConnections(30_000)).as("the dead service's connections ended").isTrue();
        int atKill = count(targetMailbox());
        assertThat(atKill).as("messages on the target when the service was killed").isBetween(1, 139);

        service = ServiceProcess.startWithoutResume(dataDir, childProperties);
        assertThat(pair().state()).isEqualTo(MailboxState.STOPPED);
        assertThat(pair().error()).isEqualTo(JobRunner.INTERRUPTED);
        MailboxReport report = runToEnd("start");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.verdict()).startsWith("All 140 source items are on the target.");
        assertTargetIsTheSource();
        assertThat(pendingRows()).as("PENDING ledger rows after the resumed pass").isZero();
        passed = 1;
    }

    @Test
    @Order(2)
    void aDeltaShouldCopyExactlyTheNewMessages() throws Exception {
        assumeTrue(passed == 1, "the full pass did not pass");
        seed("INBOX", 5, "d");
        seed("Projects/2022", 2, "d");

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied by the delta").isEqualTo(7);
        assertThat(report.verdict()).startsWith("All 147 source items are on the target.");
        assertTargetIsTheSource();
        passed = 2;
    }

    @Test
    @Order(3)
    void tokensRevokedMidPassShouldMakeTheServiceSignInAgain() throws Exception {
        assumeTrue(passed == 2, "the first delta did not pass");
        seed("INBOX", 30, "r");
        List<String> before = new ArrayList<>();
        // after the tenth append: every token presented so far is refused from now on, and the sessions are cut
        proxy.after("APPEND", 10, () -> {
            before.addAll(presented);
            revoked.addAll(presented);
            proxy.endSessions();
        });
        int refusedBefore = introspection.refused();

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).isEqualTo(30);
        assertThat(before).as("the revocation happened mid-pass").isNotEmpty();
        assertThat(introspection.refused()).as("the held token, refused at the reconnect")
                .isGreaterThan(refusedBefore);
        assertThat(presented.subList(before.size(), presented.size())).as("tokens after the revocation")
                .anyMatch(t -> !revoked.contains(t));
        assertThat(report.verdict()).startsWith("All 177 source items are on the target.");
        assertTargetIsTheSource();
        passed = 3;
    }

    @Test
    @Order(4)
    void aRenumberedSourceFolderShouldCopyNothingTwice() throws Exception {
        assumeTrue(passed == 3, "the delta with revoked tokens did not pass");
        // IMAP's "expired delta": the folder is recreated with the same messages, so every UID is new (RFC 3501
        // UIDVALIDITY); the job wants duplicates created, so only the ledger keeps the pair's copies from coming twice
        long[] validity = new ImapMailboxes(source.host(), source.imapPort()).recreate(sourceUser,
                source.password(sourceUser), "Projects/2022");
        assertThat(validity[1]).as("the recreated folder's UIDVALIDITY").isNotEqualTo(validity[0]);
        seed("Projects/2022", 3, "v");

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied after the renumbering: the new messages only").isEqualTo(3);
        assertThat(report.verdict()).startsWith("All 180 source items are on the target.");
        assertTargetIsTheSource();
        passed = 4;
    }

    @Test
    @Order(5)
    void aSecondJobWithoutTheLedgerShouldFindEverythingOnTheTargetAndCopyNothing() throws Exception {
        assumeTrue(passed == 4, "the renumbered folder's delta did not pass");
        // a lost ledger: a job of its own (no row of the first) against the filled target, default duplicate policy;
        // Exchange serves rebuilt MIME with estimated sizes, so only the Message-ID can tell the copies
        ApiClient api = service.api();
        Job other = api.send("POST", "/api/v1/jobs", new JobRequest("Dovecot to Fabrikam, again", sourceConnection,
                targetConnection, JobOptions.defaults(), List.of(MailboxPairRequest.of(sourceUser, targetUser))))
                .as(Job.class);
        String first = job;
        job = other.id();
        pairId = api.get("/api/v1/jobs/" + job + "/pairs").as(MailboxPair[].class)[0].id();

        MailboxReport report = runToEnd("start");

        job = first;
        assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied by a job that never saw the target").isZero();
        assertThat(report.verdict()).startsWith("All 180 source items are on the target.");
        assertTargetIsTheSource();
    }

    // ---------------------------------------------------------------------------------------------- the checks

    private void assertTargetIsTheSource() throws Exception {
        Map<String, List<Stored>> src = sourceMailbox();
        Map<String, List<Stored>> dst = targetMailbox();
        for (String folder : List.of("INBOX", "Projects/2022")) {
            assertThat(dst.get(folder)).as("%s: each message once, same bytes (Message-ID, body), flags, date", folder)
                    .isEqualTo(src.get(folder));
        }
        assertThat(count(dst)).isEqualTo(count(src));
        assertThat(dst.values().stream().flatMap(List::stream)).noneMatch(s -> s.flags().contains("\\Draft"));
        assertThat(dst.get("INBOX")).anyMatch(s -> s.flags().contains("\\Flagged"))
                .anyMatch(s -> s.flags().contains("\\Seen"));
    }

    private Map<String, List<Stored>> sourceMailbox() throws Exception {
        Map<String, List<Stored>> all = new ImapMailboxes(source.host(), source.imapPort()).snapshot(sourceUser,
                source.password(sourceUser));
        all.values().removeIf(List::isEmpty); // the special-use folders every Dovecot mailbox has
        return all;
    }

    private Map<String, List<Stored>> targetMailbox() throws Exception {
        Map<String, List<Stored>> all = new ImapMailboxes(exchange.host(), exchange.imapPort()).snapshot(targetUser,
                exchange.password(targetUser));
        all.values().removeIf(List::isEmpty);
        return all;
    }

    private static int count(Map<String, List<Stored>> snapshot) {
        return snapshot.values().stream().mapToInt(List::size).sum();
    }

    private int pendingRows() throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("mailferry.db"));
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM ledger_entry WHERE state = 'PENDING'")) {
            return rs.getInt(1);
        }
    }

    // ---------------------------------------------------------------------------------------------- the source

    /** Appends {@code n} messages to the source folder, with mixed flags and received dates unlike their Date. */
    private void seed(String folder, int n, String tag) throws Exception {
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = seeded++;
            Set<String> flags = switch (k % 4) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Flagged");
                case 2 -> Set.of("\\Seen", "\\Answered");
                default -> Set.of();
            };
            seeds.add(new Seed(message(tag, k), flags, T0.plusSeconds(3_607L * k)));
        }
        new ImapMailboxes(source.host(), source.imapPort()).append(sourceUser, source.password(sourceUser),
                Map.of(folder, seeds));
    }

    private byte[] message(String tag, int k) {
        StringBuilder sb = new StringBuilder("From: Sender <s").append(k % 13).append("@example.org>\r\nTo: ")
                .append(targetUser).append("\r\nSubject: ").append(tag).append(" message ").append(k)
                .append("\r\nDate: Thu, 3 Feb 2022 04:05:06 +0000\r\nMessage-ID: <").append(tag).append('-').append(k)
                .append('.').append(Long.toHexString(random.nextLong())).append("@example.org>\r\n\r\n");
        int length = 1_000 + random.nextInt(3_000);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
            if (i % 76 == 75) {
                sb.append("\r\n");
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------------------------------------- the API

    private void createJob() {
        ApiClient api = service.api();
        Connection imap = api.send("POST", "/api/v1/connections", new ConnectionRequest("Dovecot",
                ConnectionRole.SOURCE, ConnectionKind.IMAP, new ImapSettings(source.host(), source.imapPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, sourceUser, null, null), null, null,
                new Secret(source.password(sourceUser)))).as(Connection.class);
        Connection m365 = api.send("POST", "/api/v1/connections", new ConnectionRequest("Fabrikam (Microsoft 365)",
                ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, CLIENT, "global", GraphCredential.CLIENT_SECRET), null,
                new Secret(CLIENT_SECRET))).as(Connection.class);
        sourceConnection = imap.id();
        targetConnection = m365.id();
        Job created = api.send("POST", "/api/v1/jobs", new JobRequest("Dovecot to Fabrikam", imap.id(), m365.id(),
                new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null, null, null, null),
                List.of(MailboxPairRequest.of(sourceUser, targetUser)))).as(Job.class);
        job = created.id();
        pairId = api.get("/api/v1/jobs/" + job + "/pairs").as(MailboxPair[].class)[0].id();
    }

    private MailboxPair pair() {
        return service.api().get("/api/v1/jobs/" + job + "/pairs/" + pairId).as(MailboxPair.class);
    }

    private MailboxReport runToEnd(String command) throws InterruptedException {
        return JobPasses.runToEnd(service, job, command, 60);
    }
}
