package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TargetMailboxContract;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.OAuthIntrospection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The target contract over {@code AUTHENTICATE XOAUTH2} on implicit TLS (the Microsoft 365 target's login, with
 * Exchange Online's per-item rules on), against a private Dovecot that checks every token at an introspection
 * endpoint; plus the token refresh on a refused login and the sentence when the token stays refused.
 */
class ImapTargetMailboxOAuthDovecotIT implements TargetMailboxContract {
    private static final String HINT = "Check the app's IMAP permission.";
    /** Tokens the "identity provider" issued and not revoked: the only ones the endpoint calls active. */
    private static final Set<String> VALID = ConcurrentHashMap.newKeySet();
    private static final OAuthIntrospection INTROSPECTION;
    private static final DovecotServer DOVECOT;
    private static final AtomicReference<String> CACHED = new AtomicReference<>();
    private static final ImapTokens TOKENS = refresh -> {
        if (refresh || CACHED.get() == null) {
            String t = "tok-" + UUID.randomUUID();
            VALID.add(t);
            CACHED.set(t);
        }
        return CACHED.get();
    };
    private static final ImapServerFixture FIXTURE;

    static {
        try {
            INTROSPECTION = OAuthIntrospection.start(VALID::contains);
            DOVECOT = DovecotServer.startWithOAuth(INTROSPECTION.url());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DOVECOT.close();
            INTROSPECTION.close();
        }, "oauth-dovecot-stop"));
        FIXTURE = new ImapServerFixture(DOVECOT.host(), DOVECOT.imapPort(), () -> {
            String user = DOVECOT.newUser();
            return ImapServerFixture.login(user, DOVECOT.password(user));
        }, '/', true, true, new byte[0], access(TOKENS, HINT));
    }

    private static ImapSettings tls() {
        return new ImapSettings(DOVECOT.host(), DOVECOT.imapsPort(), ImapSecurity.TLS, ImapAuthMode.PASSWORD, null,
                null, DOVECOT.certificatePem());
    }

    private static MailboxAccess access(ImapTokens tokens, String hint) {
        return ImapMailboxAccess.oauth(tls(), ConnectionRole.TARGET, tokens, hint, true);
    }

    /** The mailbox address only: no password reaches the OAuth login. */
    private static MailboxAccess.Login mailboxOnly() {
        return new MailboxAccess.Login(DOVECOT.newUser(), null, null);
    }

    @Override
    public MailboxFixture fixture() {
        return FIXTURE;
    }

    @Test
    void aRefusedCachedTokenShouldBeRefreshedOnceAndTheLoginRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger refreshes = new AtomicInteger();
        ImapTokens stale = refresh -> {
            calls.incrementAndGet();
            if (!refresh) {
                return "expired-" + UUID.randomUUID(); // what a cache holds after the token ran out
            }
            refreshes.incrementAndGet();
            return TOKENS.token(true);
        };
        try (TargetMailbox target = access(stale, HINT).openTarget(mailboxOnly())) {
            assertThat(target.ensureFolder(List.of("Inbox")).displayPath()).isEqualToIgnoringCase("INBOX");
        }
        assertThat(calls).hasValue(2);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void aTokenRefusedAgainAfterTheRefreshShouldFailWithThePlainSentenceAndNoToken() {
        AtomicInteger calls = new AtomicInteger();
        ImapTokens wrong = refresh -> {
            calls.incrementAndGet();
            return "not-a-valid-token-" + (refresh ? "fresh" : "cached");
        };
        MailboxAccess.Login login = mailboxOnly();
        assertThatThrownBy(() -> access(wrong, HINT).openTarget(login))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
                    assertThat(e.getMessage()).startsWith("Target IMAP server 127.0.0.1:" + DOVECOT.imapsPort()
                            + " refused the app's login to mailbox " + login.mailbox() + ". " + HINT)
                            .doesNotContain("not-a-valid-token");
                });
        assertThat(calls).hasValue(2);
    }

    @Test
    void exchangeOnlineRulesShouldRefuseALongLinePerItemAndReportTheCapAndTheReservedFolder() throws Exception {
        try (TargetMailbox target = access(TOKENS, HINT).openTarget(mailboxOnly())) {
            assertThat(target.capabilities().maxItemBytes()).isEqualTo(ExchangeOnlineRules.MAX_MESSAGE_BYTES);
            assertThat(target.capabilities().folderNames().isReserved("files")).isTrue();
            MailFolder folder = target.ensureFolder(List.of("Copied"));
            byte[] longLine = ("Subject: wide\r\nMessage-ID: <wide@x>\r\n\r\n" + "x".repeat(12_000) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            Instant date = Instant.parse("2019-05-06T07:08:09Z");
            List<WriteResult> results = target.write(folder, List.of(
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("a", "<a@x>")), ItemState.NONE,
                            date, null),
                    new WriteRequest(null, BufferedContent.of(longLine), ItemState.NONE, date, null),
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("b", "<b@x>")), ItemState.NONE,
                            date, null)));
            assertThat(results).extracting(WriteResult::ok).containsExactly(true, false, true);
            assertThat(results.get(1).error()).contains("line of 12000 characters").contains("Microsoft 365");
            assertThat(target.list(folder, null, 10).items()).hasSize(2);
        }
    }
}
