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
import io.mailferry.service.testing.ExchangeFolderNames;
import io.mailferry.service.testing.ExchangeImapProxy;
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
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP (Dovecot: Sent, Drafts, Trash, Junk, Archive with their RFC 6154 attributes) → Microsoft 365 whose mailbox has
 * Exchange Online's own special folders, in English and localized in German ({@link ExchangeFolderNames}), through
 * {@link Microsoft365Access} and the {@link ExchangeImapProxy} (Exchange's capabilities, without SPECIAL-USE; its
 * rebuilt MIME on FETCH). Exchange Online IMAP with app-only OAuth:
 * learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth.
 * Each source special folder must land in Exchange's folder of the same use — never a "Sent" beside "Sent Items" —
 * its subfolders under it, every message once with its flags and received date, and sent mail not a draft.
 */
class ImapToMicrosoft365FoldersIT {
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-4333-8444-555555555556";
    private static final String SECRET = "Xy7~folders-app-secret";
    private static final String EXCHANGE = "https://127.0.0.1";
    private static final Instant T0 = Instant.parse("2019-05-06T07:08:09Z");

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static OAuthIntrospection introspection;

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir.resolve("sign-in"));
        login.acceptResource(EXCHANGE);
        login.tenant("3e2d1c0b-0000-4000-8000-00000000f01d").alias(TENANT).app(CLIENT).secret(SECRET)
                .roles(EXCHANGE, "IMAP.AccessAsApp");
        introspection = OAuthIntrospection.start(token -> {
            Set<String> roles = login.roles(token, EXCHANGE);
            return roles != null && roles.contains("IMAP.AccessAsApp");
        });
    }

    @AfterAll
    static void stop() {
        if (introspection != null) {
            introspection.close();
        }
        if (login != null) {
            login.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"English", "German"})
    void specialFoldersShouldLandInExchangesOwnFoldersWhateverTheirLanguage(String language) throws Exception {
        Map<String, String> names = language.equals("German") ? ExchangeFolderNames.GERMAN : ExchangeFolderNames.ENGLISH;
        List<String> exchangeNames = List.copyOf(names.keySet()); // sent, deleted, junk, drafts, archive
        java.nio.file.Files.createDirectories(dir.resolve(language));
        try (DovecotServer exchange = DovecotServer.startWithOAuth(introspection.url(), names);
                ExchangeImapProxy proxy = ExchangeImapProxy.start(dir.resolve(language), exchange.host(),
                        exchange.imapPort())) {
            DovecotServer source = DovecotServer.shared();
            String sourceUser = source.newUser();
            String targetUser = exchange.newUser();
            Map<String, List<Seed>> seeds = new LinkedHashMap<>();
            seeds.put("INBOX", seeds(2, "in"));
            seeds.put("Sent", seeds(3, "sent"));
            seeds.put("Sent/2019", seeds(2, "sent2019"));
            seeds.put("Trash", seeds(1, "trash"));
            seeds.put("Junk", seeds(1, "junk"));
            seeds.put("Drafts", seeds(1, "draft"));
            seeds.put("Archive", seeds(2, "archive"));
            seeds.put("Projects/Q1", seeds(1, "q1"));
            ImapMailboxes sourceBoxes = new ImapMailboxes(source.host(), source.imapPort());
            sourceBoxes.append(sourceUser, source.password(sourceUser), seeds);

            MailboxOutcome outcome = pass(source, sourceUser, exchange, proxy, targetUser);

            assertThat(outcome.state()).as(outcome.report().verdict()).isEqualTo(MailboxState.COMPLETED);
            assertThat(outcome.report().verdict()).startsWith("All 13 source items are on the target.");
            Map<String, List<Stored>> src = sourceBoxes.snapshot(sourceUser, source.password(sourceUser));
            Map<String, List<Stored>> dst = new ImapMailboxes(exchange.host(), exchange.imapPort())
                    .snapshot(targetUser, exchange.password(targetUser));
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("INBOX", "INBOX");
            expected.put("Sent", exchangeNames.get(0));
            expected.put("Sent/2019", exchangeNames.get(0) + "/2019");
            expected.put("Trash", exchangeNames.get(1));
            expected.put("Junk", exchangeNames.get(2));
            expected.put("Drafts", exchangeNames.get(3));
            expected.put("Archive", exchangeNames.get(4));
            expected.put("Projects/Q1", "Projects/Q1");
            Set<String> want = new TreeSet<>(expected.values());
            want.add("Projects");
            assertThat(dst.keySet()).as("the target's folders: Exchange's own, none created beside them")
                    .containsExactlyInAnyOrderElementsOf(want);
            expected.forEach((from, to) -> assertThat(dst.get(to))
                    .as("%s → %s: each message once, same bytes, flags and received date", from, to)
                    .isEqualTo(src.get(from)));
            assertThat(dst.get(exchangeNames.get(0))).as("sent mail").noneMatch(s -> s.flags().contains("\\Draft"))
                    .anyMatch(s -> s.flags().contains("\\Answered")).anyMatch(s -> s.flags().contains("\\Flagged"));
            assertThat(proxy.count(a -> a.command().equals("CREATE") && a.answer() == null))
                    .as("folders created: Sent Items/2019 and Projects/Q1 (with its parent) only").isBetween(2L, 3L);
        }
    }

    private static MailboxOutcome pass(DovecotServer source, String sourceUser, DovecotServer exchange,
            ExchangeImapProxy proxy, String targetUser) throws Exception {
        GraphCloud cloud = new GraphCloud("double", login.authorityBase(), URI.create("http://127.0.0.1:9/v1.0"),
                "127.0.0.1", proxy.port());
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("m365", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, CLIENT, null, GraphCredential.CLIENT_SECRET), null, true, t, t, null);
        MailboxAccess target = new Microsoft365Access(s -> cloud, login.clientSocketFactory(), proxy.certificatePem())
                .open(c, new Secret(SECRET), ConnectionRole.TARGET);
        MailboxAccess sourceAccess = new ImapMailboxAccess(new ImapSettings(source.host(), source.imapPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.SOURCE);
        MailboxTask task = new MailboxTask("pair-folders", sourceAccess,
                new MailboxAccess.Login(sourceUser, sourceUser, new Secret(source.password(sourceUser))), target,
                new MailboxAccess.Login(targetUser, null, null), JobOptions.defaults(), RunKind.FULL, sourceUser,
                targetUser);
        return new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(), EngineSettings.defaults())
                .run(task, ProgressListener.NONE, new StopSignal());
    }

    /** {@code n} messages with mixed flags (\Seen, \Answered, \Flagged) and received dates unlike their Date. */
    private static List<Seed> seeds(int n, String tag) {
        List<Seed> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<String> flags = switch (i % 3) {
                case 0 -> Set.of("\\Seen");
                case 1 -> Set.of("\\Seen", "\\Answered");
                default -> Set.of("\\Flagged");
            };
            byte[] raw = ("From: Anna <anna@example.org>\r\nTo: bob@example.org\r\nSubject: " + tag + " " + i
                    + "\r\nDate: Mon, 6 May 2019 07:08:09 +0000\r\nMessage-ID: <" + tag + "." + i
                    + "@example.org>\r\n\r\nBody of " + tag + " " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.add(new Seed(raw, flags, T0.plusSeconds(86_400L * i + 3_600L * tag.length())));
        }
        return out;
    }
}
