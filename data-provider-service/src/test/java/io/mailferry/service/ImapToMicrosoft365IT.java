package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import io.mailferry.service.testing.OAuthIntrospection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP → Microsoft 365 through the composition root's {@link Microsoft365Access}: the target is the IMAP connector
 * logging in with XOAUTH2 on implicit TLS, its tokens signed in by the real msal4j code ({@code MsalTokenSource})
 * against the token endpoint double for the cloud's Exchange scope, and Exchange Online IMAP played by a real Dovecot
 * that checks each token at an introspection endpoint (valid, for the Exchange audience, with IMAP.AccessAsApp). A pass
 * crashes after appends whose ledger entries were never settled, resumes, and both mailboxes are then read over plain
 * IMAP, independently of Mailferry: every message exactly once, byte for byte, with its flags and INTERNALDATE.
 * Keywords become Outlook categories through a Graph double that mirrors the Dovecot mailbox, as Exchange shows over
 * Graph what arrived over IMAP.
 * Microsoft's page for the login played: learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.
 */
class ImapToMicrosoft365IT {
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-4333-8444-555555555555";
    private static final String NO_IMAP_CLIENT = "66666666-2222-4333-8444-555555555555";
    private static final String SECRET = "Xy7~imap-app-secret";
    private static final String EXCHANGE = "https://127.0.0.1";
    private static final Instant T0 = Instant.parse("2020-03-04T05:06:07Z");

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static OAuthIntrospection introspection;
    static DovecotServer exchange;
    static final List<String> presented = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir);
        login.acceptResource(EXCHANGE);
        TokenEndpointDouble.Tenant tenant = login.tenant("3e2d1c0b-0000-4000-8000-00000000e365").alias(TENANT);
        tenant.app(CLIENT).secret(SECRET).roles(EXCHANGE, "IMAP.AccessAsApp");
        tenant.app(NO_IMAP_CLIENT).secret(SECRET);
        introspection = OAuthIntrospection.start(token -> {
            presented.add(token);
            Set<String> roles = login.roles(token, EXCHANGE);
            return roles != null && roles.contains("IMAP.AccessAsApp");
        });
        exchange = DovecotServer.startWithOAuth(introspection.url());
    }

    @org.junit.jupiter.api.AfterEach
    void normalLifetime() {
        login.expiresIn(3599);
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
        if (introspection != null) {
            introspection.close();
        }
        if (login != null) {
            login.close();
        }
    }

    private static Microsoft365Access provider() {
        GraphCloud cloud = new GraphCloud("double", login.authorityBase(), URI.create("http://127.0.0.1:9/v1.0"),
                "127.0.0.1", exchange.imapsPort());
        return new Microsoft365Access(s -> cloud, login.clientSocketFactory(), exchange.certificatePem());
    }

    private static MailboxAccess target(String clientId) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("m365", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, clientId, null, GraphCredential.CLIENT_SECRET), null, true, t, t, null);
        return provider().open(c, new Secret(SECRET), ConnectionRole.TARGET);
    }

    private static byte[] message(String subject, int i) {
        return ("From: a@example.com\r\nTo: b@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@src>\r\nDate: Wed, 4 Mar 2020 05:06:07 +0000\r\n\r\nBody " + i + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aCrashedPassShouldResumeWithNothingLostOrTwiceAndRenewTheExpiredToken() throws Exception {
        presented.clear();
        login.expiresIn(3); // every login asks msal4j again; the first tokens are dead by the resumed pass
        DovecotServer source = DovecotServer.shared();
        String sourceUser = source.newUser();
        String targetUser = exchange.newUser();
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        List<Seed> inbox = new ArrayList<>();
        List<Seed> projects = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Set<String> flags = switch (i % 4) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Flagged");
                case 2 -> Set.of("\\Seen", "\\Flagged");
                default -> Set.of();
            };
            (i < 16 ? inbox : projects).add(new Seed(message("m" + i, i), flags, T0.plusSeconds(3600L * i)));
        }
        seeds.put("INBOX", inbox);
        seeds.put("Projects/2020", projects);
        ImapMailboxes sourceBoxes = new ImapMailboxes(source.host(), source.imapPort());
        sourceBoxes.append(sourceUser, source.password(sourceUser), seeds);

        MailboxAccess sourceAccess = new ImapMailboxAccess(new ImapSettings(source.host(), source.imapPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.SOURCE);
        MailboxAccess targetAccess = target(CLIENT);
        MailboxTask task = new MailboxTask("pair-m365", sourceAccess,
                new MailboxAccess.Login(sourceUser, sourceUser, new Secret(source.password(sourceUser))),
                targetAccess, new MailboxAccess.Login(targetUser, null, null), JobOptions.defaults(), RunKind.FULL,
                sourceUser, targetUser);
        CrashingLedger ledger = new CrashingLedger(new InMemoryLedger());
        AtomicInteger doneWrites = new AtomicInteger();
        // after the second batch was appended, before its entries are settled: the copies are on the target only
        ledger.crashWhen((entries, before) -> before && CrashingLedger.has(entries, LedgerState.DONE)
                && doneWrites.incrementAndGet() == 2);
        MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(),
                EngineSettings.defaults().withBatches(5, 4));

        assertThatThrownBy(() -> engine.run(task, ProgressListener.NONE, new StopSignal()))
                .isInstanceOf(SimulatedCrash.class);
        ImapMailboxes targetBoxes = new ImapMailboxes(exchange.host(), exchange.imapPort());
        int landed = count(targetBoxes.snapshot(targetUser, exchange.password(targetUser)));
        assertThat(landed).as("messages on the target at the crash").isBetween(1, 23);
        List<String> beforeResume = List.copyOf(presented);
        Thread.sleep(3_200); // the tokens of the crashed pass expire
        assertThat(beforeResume).allSatisfy(t -> assertThat(login.claims(t)).as("expired token").isNull());

        ledger.crashWhen((entries, before) -> false);
        MailboxOutcome outcome = engine.run(task, ProgressListener.NONE, new StopSignal());

        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verified()).isTrue();
        assertThat(presented.size()).as("the resumed pass logged in with new tokens").isGreaterThan(
                beforeResume.size());
        assertThat(presented.subList(beforeResume.size(), presented.size())).doesNotContainAnyElementsOf(
                beforeResume);
        Map<String, List<Stored>> src = sourceBoxes.snapshot(sourceUser, source.password(sourceUser));
        Map<String, List<Stored>> dst = targetBoxes.snapshot(targetUser, exchange.password(targetUser));
        assertThat(dst.get("INBOX")).as("INBOX: each message once, same bytes, flags, date")
                .isEqualTo(src.get("INBOX"));
        assertThat(dst.get("Projects/2020")).isEqualTo(src.get("Projects/2020"));
        assertThat(count(dst)).isEqualTo(24);
        assertThat(dst.values().stream().flatMap(List::stream)).noneMatch(s -> s.flags().contains("\\Draft"));
        assertThat(dst.get("INBOX")).filteredOn(s -> s.flags().contains("\\Flagged")).hasSize(8);
    }

    @Test
    void keywordsShouldArriveAsCategoriesThroughGraphAndNotBeSetAgain() throws Exception {
        DovecotServer source = DovecotServer.shared();
        String sourceUser = source.newUser();
        String targetUser = exchange.newUser();
        ImapMailboxes sourceBoxes = new ImapMailboxes(source.host(), source.imapPort());
        ImapMailboxes targetBoxes = new ImapMailboxes(exchange.host(), exchange.imapPort());
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        seeds.put("INBOX", List.of(new Seed(message("tagged", 0), Set.of("\\Seen", "$label1", "clientX"), T0),
                new Seed(message("plain", 1), Set.of(), T0)));
        seeds.put("Projects/2020", List.of(new Seed(message("later", 2), Set.of("$label5", "NonJunk"), T0)));
        sourceBoxes.append(sourceUser, source.password(sourceUser), seeds);
        try (GraphDouble graph = new GraphDouble()) {
            login.issueForResource("http://127.0.0.1:" + graph.base().getPort(), graph::token);
            graph.addUser(targetUser, "Target");
            // Exchange shows over Graph what arrived over IMAP: the double mirrors the Dovecot mailbox
            graph.mirror(targetUser, () -> targetBoxes.raw(targetUser, exchange.password(targetUser)));
            GraphCloud cloud = new GraphCloud("double", login.authorityBase(), graph.base(), "127.0.0.1",
                    exchange.imapsPort());
            Instant t = Instant.parse("2026-12-01T10:00:00Z");
            Connection c = new Connection("m365", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                    new GraphSettings(TENANT, CLIENT, null, GraphCredential.CLIENT_SECRET), null, true, t, t, null);
            MailboxAccess targetAccess = new Microsoft365Access(s -> cloud, login.clientSocketFactory(),
                    exchange.certificatePem()).open(c, new Secret(SECRET), ConnectionRole.TARGET);
            MailboxAccess sourceAccess = new ImapMailboxAccess(new ImapSettings(source.host(), source.imapPort(),
                    ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.SOURCE);
            MailboxTask task = new MailboxTask("pair-categories", sourceAccess,
                    new MailboxAccess.Login(sourceUser, sourceUser, new Secret(source.password(sourceUser))),
                    targetAccess, new MailboxAccess.Login(targetUser, null, null), JobOptions.defaults(),
                    RunKind.FULL, sourceUser, targetUser);
            MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                    EngineSettings.defaults());

            MailboxOutcome first = engine.run(task, ProgressListener.NONE, new StopSignal());

            assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(first.report().verified()).isTrue();
            assertThat(graph.categories(targetUser, List.of("INBOX")))
                    .containsEntry("<tagged@src>", Set.of("Important", "clientX"))
                    .containsEntry("<plain@src>", Set.of());
            assertThat(graph.categories(targetUser, List.of("Projects", "2020")))
                    .containsEntry("<later@src>", Set.of("Later"));

            graph.clearRequests();
            MailboxOutcome second = engine.run(task, ProgressListener.NONE, new StopSignal());

            assertThat(second.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(graph.count(r -> r.method().equals("PATCH"))).as("unchanged categories not set again")
                    .isZero();
        }
    }

    @Test
    void anAppWithoutImapAccessShouldGetThePlainSentence() {
        String targetUser = exchange.newUser();
        assertThatThrownBy(() -> target(NO_IMAP_CLIENT).openTarget(new MailboxAccess.Login(targetUser, null, null)))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
                    assertThat(e.getMessage()).contains("refused the app's login to mailbox " + targetUser)
                            .contains(Microsoft365Access.REFUSED_HINT)
                            .doesNotContain("eyJ"); // no token in the sentence
                });
    }

    private static int count(Map<String, List<Stored>> snapshot) {
        return snapshot.values().stream().mapToInt(List::size).sum();
    }
}
