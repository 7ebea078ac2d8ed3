package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.imap.GmailFixture;
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
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExchangeFolderNames;
import io.mailferry.service.testing.ExchangeImapProxy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.OAuthIntrospection;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gmail to Microsoft 365 end to end with one folder per message: Gmail played by {@link GmailFixture} (its folder and
 * label model as developers.google.com/gmail/imap/imap-extensions describes it), Microsoft 365 by the Entra ID token
 * double and Exchange Online IMAP ({@link ExchangeImapProxy} in front of a Dovecot with Exchange's English folder
 * names; app-only OAuth as learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
 * describes it). Every message lands once, in Exchange's folder of its place (Gmail's system labels in Exchange's own
 * special folders: Sent Items, Drafts, and, as they are chosen here, Junk Email and Deleted Items for Spam and Trash);
 * a label added later and a delta pass copy nothing again.
 */
class GmailToMicrosoft365IT {
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-4333-8444-555555555557";
    private static final String SECRET = "Xy7~gmail-app-secret";
    private static final String EXCHANGE = "https://127.0.0.1";

    @TempDir
    Path dir;

    @Test
    void everyMessageShouldLandOnceInExchangesFolderOfItsPlaceThroughADelta() throws Exception {
        GmailFixture gmail = GmailFixture.shared().with(new GmailSettings(GmailAuthMode.APP_PASSWORD, null,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, true, true, 2)); // Spam and Trash chosen
        Login source = gmail.newMailbox();
        Map<String, List<String>> mails = new LinkedHashMap<>();
        mails.put("inbox-work", List.of("\\Inbox", "Work", "\\Important"));
        mails.put("work-clients", List.of("Work", "Clients"));
        mails.put("archived", List.of());
        mails.put("sent", List.of("\\Sent", "\\Starred"));
        mails.put("draft", List.of("\\Draft"));
        mails.put("spam", List.of("\\Spam"));
        mails.put("trash", List.of("\\Trash"));
        Map<String, String> subjects = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (var m : mails.entrySet()) {
            byte[] raw = TestMessages.simple(m.getKey(), "<" + m.getKey() + "@gmail.example>");
            subjects.put(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)), m.getKey());
            ids.put(m.getKey(), gmail.seed(source, raw, ItemState.NONE, Instant.parse("2024-01-02T03:04:05Z"),
                    m.getValue()));
        }
        try (TokenEndpointDouble login = TokenEndpointDouble.start(dir.resolve("sign-in"))) {
            login.acceptResource(EXCHANGE);
            login.tenant("3e2d1c0b-0000-4000-8000-00000000f02d").alias(TENANT).app(CLIENT).secret(SECRET)
                    .roles(EXCHANGE, "IMAP.AccessAsApp");
            try (OAuthIntrospection introspection = OAuthIntrospection.start(token -> {
                        Set<String> roles = login.roles(token, EXCHANGE);
                        return roles != null && roles.contains("IMAP.AccessAsApp");
                    });
                    DovecotServer exchange = DovecotServer.startWithOAuth(introspection.url(),
                            ExchangeFolderNames.ENGLISH);
                    ExchangeImapProxy proxy = ExchangeImapProxy.start(dir, exchange.host(), exchange.imapPort())) {
                String targetUser = exchange.newUser();
                GraphCloud cloud = new GraphCloud("double", login.authorityBase(),
                        URI.create("http://127.0.0.1:9/v1.0"), "127.0.0.1", proxy.port());
                Instant t = Instant.parse("2026-12-01T10:00:00Z");
                Connection c = new Connection("m365", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                        null, new GraphSettings(TENANT, CLIENT, null, GraphCredential.CLIENT_SECRET), null, true, t, t,
                        null);
                MailboxAccess target = new Microsoft365Access(s -> cloud, login.clientSocketFactory(),
                        proxy.certificatePem()).open(c, new Secret(SECRET), ConnectionRole.TARGET);
                MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                        EngineSettings.defaults());
                MailboxOutcome first = pass(engine, gmail, source, target, targetUser, RunKind.FULL);
                assertThat(first.state()).as(first.report().verdict()).isEqualTo(MailboxState.COMPLETED);
                Map<String, Set<String>> expected = new TreeMap<>(Map.of(
                        "INBOX", Set.of("inbox-work"),
                        "Sent Items", Set.of("sent"),
                        "Drafts", Set.of("draft"),
                        "Junk Email", Set.of("spam"),
                        "Deleted Items", Set.of("trash"),
                        "Archive", Set.of("work-clients", "archived")));
                assertThat(folders(exchange, targetUser, subjects)).isEqualTo(expected);

                gmail.addLabel(source, ids.get("archived"), "Later");
                MailboxOutcome delta = pass(engine, gmail, source, target, targetUser, RunKind.DELTA);
                assertThat(delta.state()).as(delta.report().verdict()).isEqualTo(MailboxState.COMPLETED);
                assertThat(folders(exchange, targetUser, subjects)).as("nothing copied twice").isEqualTo(expected);
            }
        }
    }

    private static MailboxOutcome pass(MigrationEngine engine, GmailFixture gmail, Login source, MailboxAccess target,
            String targetUser, RunKind kind) {
        return engine.run(new MailboxTask("gmail-m365", gmail.access(), source, target,
                new Login(targetUser, null, null), JobOptions.defaults(), kind, source.mailbox(), targetUser),
                ProgressListener.NONE, new StopSignal());
    }

    /** Non-empty folders → subjects; each message at most once in all of them. */
    private static Map<String, Set<String>> folders(DovecotServer exchange, String user, Map<String, String> subjects)
            throws Exception {
        Map<String, Set<String>> m = new TreeMap<>();
        List<String> all = new java.util.ArrayList<>();
        new ImapMailboxes(exchange.host(), exchange.imapPort()).snapshot(user, exchange.password(user))
                .forEach((folder, stored) -> {
                    if (!stored.isEmpty()) {
                        Set<String> names = new TreeSet<>();
                        stored.forEach(s -> {
                            String subject = subjects.getOrDefault(s.sha256(), "?");
                            names.add(subject);
                            all.add(subject);
                        });
                        m.put(folder, names);
                    }
                });
        assertThat(all).as("every message once in the whole mailbox").doesNotHaveDuplicates();
        return m;
    }
}
