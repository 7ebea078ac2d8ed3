package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.mailferry.model.report.ItemIssue;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExchangeImapProxy;
import io.mailferry.service.testing.ExchangeImapProxy.Answer;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ImapMailboxes.Seed;
import io.mailferry.service.testing.ImapMailboxes.Stored;
import io.mailferry.service.testing.OAuthIntrospection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP (Dovecot) → Microsoft 365 through {@link Microsoft365Access}'s IMAP write path (XOAUTH2 with tokens from the
 * token endpoint double), with Exchange Online IMAP played by the OAuth Dovecot behind {@link ExchangeImapProxy}, which
 * shows Exchange's quirks as imapsync's FAQ.Office365 words them: its limits end as per-item or per-folder failures
 * with a plain reason while the rest of the mailbox is copied; throttling is waited out as Exchange suggests; the
 * session Exchange drops after ten errors is ridden out by reconnecting. Both mailboxes are then read over plain IMAP,
 * independently of Mailferry: every message that may be copied is there exactly once, byte for byte, with its flags
 * and INTERNALDATE. Microsoft's own words for what is played: app-only OAuth over IMAP
 * (learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth)
 * and the message size limits, 35 MB by default and at most 150 MB
 * (learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits).
 */
class ExchangeOnlineLimitsIT {
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-4333-8444-555555555555";
    private static final String SECRET = "Xy7~imap-app-secret";
    private static final String EXCHANGE = "https://127.0.0.1";
    private static final Instant T0 = Instant.parse("2021-05-06T07:08:09Z");
    /** A suggested backoff no exponential back-off step can be a multiple of (1234 = 2 x 617). */
    private static final long BACKOFF = 1234;

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static OAuthIntrospection introspection;
    static DovecotServer exchange;
    static ExchangeImapProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir);
        login.acceptResource(EXCHANGE);
        login.tenant("3e2d1c0b-0000-4000-8000-00000000e365").alias(TENANT).app(CLIENT).secret(SECRET)
                .roles(EXCHANGE, "IMAP.AccessAsApp");
        introspection = OAuthIntrospection.start(token -> {
            Set<String> roles = login.roles(token, EXCHANGE);
            return roles != null && roles.contains("IMAP.AccessAsApp");
        });
        exchange = DovecotServer.startWithOAuth(introspection.url());
        proxy = ExchangeImapProxy.start(dir, exchange.host(), exchange.imapPort());
    }

    @BeforeEach
    void freshProxy() {
        proxy.reset();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {proxy, exchange, introspection, login}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @Test
    void exchangesLimitsShouldFailOnlyTheirItemsAndFolderWithAPlainReason() throws Exception {
        proxy.maxMessageBytes(64 * 1024).dropFlaggedOnAppend(true).refuseFolder("Refused");
        byte[] big = message("big", 0, 100 * 1024, 76);
        byte[] bigger = message("bigger", 0, 150 * 1024, 76);
        byte[] wide = message("wide", 0, 10_200, 10_200);
        List<Seed> inbox = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inbox.add(new Seed(message("m" + i, i, 800, 76), flags(i), T0.plusSeconds(3600L * i)));
            if (i == 2) {
                inbox.add(new Seed(big, Set.of("\\Seen"), T0.minusSeconds(60)));
            } else if (i == 5) {
                inbox.add(new Seed(wide, Set.of(), T0.minusSeconds(120)));
            } else if (i == 10) {
                inbox.add(new Seed(bigger, Set.of("\\Flagged"), T0.minusSeconds(180)));
            }
        }
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        seeds.put("INBOX", inbox);
        seeds.put("Files", seeds("files", 2));
        seeds.put("Refused", seeds("refused", 2));
        seeds.put("Projects/2020", seeds("projects", 3));
        Pair pair = pair(seeds);

        MailboxOutcome outcome = run(pair, 8, 4);

        assertThat(outcome.state()).as(outcome.report().verdict()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        List<ItemIssue> issues = outcome.report().issues();
        assertThat(issues).as("the item refused by the tenant's size limit, in Exchange's words")
                .anySatisfy(i -> assertThat(i.subject()).isEqualTo("big")
                        .satisfies(s -> assertThat(i.reason()).isEqualTo("Target refused the message: "
                                + "Maximum size of appendable message has been exceeded.")));
        assertThat(issues).as("a bigger one, not sent again after that refusal")
                .anySatisfy(i -> assertThat(i.subject()).isEqualTo("bigger")
                        .satisfies(s -> assertThat(i.reason()).contains("Microsoft 365 refused a message of "
                                + big.length + " bytes for this mailbox")));
        assertThat(issues).as("the over-long line, refused before sending")
                .anySatisfy(i -> assertThat(i.subject()).isEqualTo("wide")
                        .satisfies(s -> assertThat(i.reason()).contains("a line of 10200 characters")));
        assertThat(issues).as("the folder Exchange refused to create")
                .anySatisfy(i -> assertThat(i.folder()).isEqualTo("Refused")
                        .satisfies(s -> assertThat(i.reason()).endsWith("Folder name is reserved.")));
        assertThat(issues).allSatisfy(i -> assertThat(i.reason()).doesNotContain("Exception").doesNotContain("eyJ"));
        assertThat(outcome.report().verdict()).contains("1 source folder was not copied: the target refused to"
                + " create \"Refused\"");

        assertThat(proxy.count("APPEND", ExchangeImapProxy.TOO_BIG)).as("size refusals by Exchange").isEqualTo(1);
        assertThat(proxy.count("APPEND", ExchangeImapProxy.BAD_ARGUMENT)).as("over-long lines sent").isZero();
        assertThat(proxy.count("CREATE", ExchangeImapProxy.RESERVED)).as("CREATE refused: Refused only, never Files")
                .isEqualTo(1);
        assertThat(proxy.byes()).isZero();

        Map<String, List<Stored>> src = pair.sourceSnapshot();
        Map<String, List<Stored>> dst = pair.targetSnapshot();
        Set<String> refused = Set.of(sha256(big), sha256(bigger), sha256(wide));
        assertThat(dst.get("INBOX")).as("INBOX: every other message once, same bytes, flags (\\Flagged by STORE), date")
                .isEqualTo(src.get("INBOX").stream().filter(s -> !refused.contains(s.sha256())).toList());
        assertThat(dst.get("INBOX")).filteredOn(s -> s.flags().contains("\\Flagged")).hasSize(6);
        assertThat(dst.get("Files (migrated)")).as("the reserved name, renamed").isEqualTo(src.get("Files"));
        assertThat(dst.get("Projects/2020")).isEqualTo(src.get("Projects/2020"));
        assertThat(dst).doesNotContainKeys("Files", "Refused");
        assertThat(dst.values().stream().flatMap(List::stream)).noneMatch(s -> s.flags().contains("\\Draft"));
    }

    @Test
    void throttlingAndTheSessionDroppedAfterTenErrorsShouldBeRiddenOutWithNothingLostOrTwice() throws Exception {
        proxy.throttle("LIST", 1, BACKOFF).throttle("APPEND", 12, BACKOFF);
        List<Seed> inbox = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            inbox.add(new Seed(message("t" + i, i, 1500, 76), flags(i), T0.plusSeconds(600L * i)));
        }
        Pair pair = pair(Map.of("INBOX", inbox));

        MailboxOutcome outcome = run(pair, 8, 4);

        assertThat(outcome.state()).as(outcome.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(outcome.report().verified()).isTrue();
        assertThat(proxy.count("LIST", "BAD Request is throttled")).isEqualTo(1);
        assertThat(proxy.count("APPEND", "BAD Request is throttled")).isEqualTo(12);
        assertThat(proxy.byes()).as("sessions Exchange ended after ten errors").isPositive();
        assertThat(outcome.throttledMillis()).as("time waited for throttling: Exchange's suggestion each time")
                .isGreaterThanOrEqualTo(2 * BACKOFF).satisfies(ms -> assertThat(ms % BACKOFF).isZero());
        List<Answer> lists = proxy.answers().stream().filter(a -> a.command().equals("LIST")).toList();
        assertThat(lists.get(0).answer()).startsWith("BAD Request is throttled");
        assertThat((lists.get(1).nanos() - lists.get(0).nanos()) / 1_000_000)
                .as("ms between the throttled LIST and the next one, as the proxy saw them")
                .isGreaterThanOrEqualTo(BACKOFF);

        Map<String, List<Stored>> src = pair.sourceSnapshot();
        Map<String, List<Stored>> dst = pair.targetSnapshot();
        assertThat(dst.get("INBOX")).as("INBOX: each message once, same bytes, flags, date").isEqualTo(src.get("INBOX"));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** A source mailbox seeded on the shared Dovecot and a fresh target mailbox on the OAuth one. */
    private record Pair(DovecotServer source, String sourceUser, String targetUser) {
        Map<String, List<Stored>> sourceSnapshot() throws Exception {
            return new ImapMailboxes(source.host(), source.imapPort()).snapshot(sourceUser,
                    source.password(sourceUser));
        }

        Map<String, List<Stored>> targetSnapshot() throws Exception {
            return new ImapMailboxes(exchange.host(), exchange.imapPort()).snapshot(targetUser,
                    exchange.password(targetUser));
        }
    }

    private static Pair pair(Map<String, List<Seed>> seeds) throws Exception {
        DovecotServer source = DovecotServer.shared();
        String sourceUser = source.newUser();
        new ImapMailboxes(source.host(), source.imapPort()).append(sourceUser, source.password(sourceUser), seeds);
        return new Pair(source, sourceUser, exchange.newUser());
    }

    private static MailboxOutcome run(Pair pair, int pageSize, int batchItems) {
        MailboxAccess sourceAccess = new ImapMailboxAccess(new ImapSettings(pair.source().host(),
                pair.source().imapPort(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null,
                ConnectionRole.SOURCE);
        MailboxTask task = new MailboxTask("pair-exo", sourceAccess, new MailboxAccess.Login(pair.sourceUser(),
                pair.sourceUser(), new Secret(pair.source().password(pair.sourceUser()))), target(),
                new MailboxAccess.Login(pair.targetUser(), null, null), JobOptions.defaults(), RunKind.FULL,
                pair.sourceUser(), pair.targetUser());
        MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                EngineSettings.defaults().withBatches(pageSize, batchItems));
        return engine.run(task, ProgressListener.NONE, new StopSignal());
    }

    /** Microsoft 365 as a target, its Exchange Online IMAP host being the proxy, whose certificate it trusts. */
    private static MailboxAccess target() {
        GraphCloud cloud = new GraphCloud("double", login.authorityBase(), URI.create("http://127.0.0.1:9/v1.0"),
                "127.0.0.1", proxy.port());
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("m365", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, CLIENT, null, GraphCredential.CLIENT_SECRET), null, true, t, t, null);
        return new Microsoft365Access(s -> cloud, login.clientSocketFactory(), proxy.certificatePem())
                .open(c, new Secret(SECRET), ConnectionRole.TARGET);
    }

    private static Set<String> flags(int i) {
        return switch (i % 4) {
            case 0 -> Set.of("\\Seen");
            case 1 -> Set.of("\\Flagged");
            case 2 -> Set.of("\\Seen", "\\Flagged");
            default -> Set.of();
        };
    }

    private static List<Seed> seeds(String prefix, int n) {
        List<Seed> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Seed(message(prefix + i, i, 500, 76), Set.of("\\Seen"), T0.plusSeconds(86_400L * i)));
        }
        return out;
    }

    /** A message whose subject is {@code subject}, with a body of {@code bodyBytes} in lines of {@code line}. */
    private static byte[] message(String subject, int i, int bodyBytes, int line) {
        StringBuilder sb = new StringBuilder("From: a@example.com\r\nTo: b@example.com\r\nSubject: ").append(subject)
                .append("\r\nMessage-ID: <").append(subject).append("@src>\r\nDate: Thu, 6 May 2021 07:08:09 +0000")
                .append("\r\n\r\n");
        for (int n = 0; n < bodyBytes; n++) {
            sb.append((char) ('a' + (n + i) % 26));
            if ((n + 1) % line == 0) {
                sb.append("\r\n");
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
