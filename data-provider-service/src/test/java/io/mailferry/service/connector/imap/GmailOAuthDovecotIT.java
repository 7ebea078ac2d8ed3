package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.GmailImapProxy;
import io.mailferry.service.testing.OAuthIntrospection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workspace sign-in end to end: Google's auth library signs the JWT bearer grant for each user with the service
 * account's key ({@link GoogleTokenDouble} plays Google's token endpoint as
 * developers.google.com/identity/protocols/oauth2/service-account describes it), and the token logs in to "Gmail" with
 * XOAUTH2 (developers.google.com/gmail/imap/xoauth2-protocol): a real Dovecot that asks the double through its
 * introspection endpoint whether the token is one Google issued, behind the Gmail proxy. "Test connection" names what
 * is missing when delegation, the scope or IMAP access is not granted.
 */
class GmailOAuthDovecotIT {
    private static final GmailSettings SETTINGS = new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, null,
            GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2);
    private static GoogleTokenDouble google;
    private static OAuthIntrospection introspection;
    private static DovecotServer dovecot;
    private static GmailFixture gmail;

    @BeforeAll
    static void start() throws Exception {
        google = new GoogleTokenDouble();
        introspection = OAuthIntrospection.start(google::issued);
        dovecot = DovecotServer.startDbox(introspection.url(), GmailImapProxy.FOLDERS);
        gmail = GmailFixture.over(dovecot, SETTINGS);
    }

    @AfterAll
    static void stop() {
        gmail.proxy().close();
        dovecot.close();
        introspection.close();
        google.close();
    }

    @AfterEach
    void grantAgain() {
        google.delegate(true, Set.of(GoogleServiceAccountTokens.SCOPE));
        gmail.proxy().imapDisabled(false);
    }

    private static MailboxAccess access() {
        return GmailAccessProvider.open(gmail.imapSettings(), SETTINGS, google.serviceAccountKey(),
                ConnectionRole.SOURCE, google.tokenUri());
    }

    private static ConnectionTestResult test(String user) {
        return new GmailConnectionProbe(google.tokenUri()).test(new ConnectionRequest("Workspace",
                ConnectionRole.SOURCE, ConnectionKind.GMAIL, gmail.imapSettings(), null, null,
                google.serviceAccountKey(), new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, user,
                GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2)));
    }

    @Test
    void eachMailboxShouldBeOpenedWithATokenDelegatedForItsUser() throws Exception {
        Login anna = gmail.newMailbox();
        Login ben = gmail.newMailbox();
        gmail.seed(anna, TestMessages.simple("for anna", "<a@example.com>"), ItemState.NONE, null,
                List.of("\\Inbox"));
        for (Login user : List.of(anna, ben)) {
            try (SourceMailbox source = access().openSource(new Login(user.mailbox(), null, null))) {
                MailFolder inbox = source.folders().get(0);
                List<ItemRef> items = source.list(inbox, null, 10).items();
                assertThat(items).hasSize(user == anna ? 1 : 0);
            }
        }
        assertThat(google.grants()).extracting(GoogleTokenDouble.Grant::subject)
                .contains(anna.mailbox(), ben.mailbox());
        assertThat(google.grants()).filteredOn(g -> List.of(anna.mailbox(), ben.mailbox()).contains(g.subject()))
                .allSatisfy(g -> {
            assertThat(g.scope()).isEqualTo("https://mail.google.com/");
            assertThat(g.issuer()).isEqualTo(GoogleTokenDouble.CLIENT_EMAIL);
        });
        assertThat(introspection.accepted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void testConnectionShouldSucceedWithDelegation() {
        ConnectionTestResult result = test(gmail.newMailbox().mailbox());
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("domain-wide delegation");
    }

    @Test
    void testConnectionShouldNameARefusedDelegationWithTheClientId() {
        google.delegate(false, Set.of());
        ConnectionTestResult result = test(gmail.newMailbox().mailbox());
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(result.message()).contains("refused domain-wide delegation", GoogleTokenDouble.CLIENT_ID,
                "https://mail.google.com/", "Manage Domain Wide Delegation").doesNotContain("PRIVATE KEY");
    }

    @Test
    void testConnectionShouldNameAScopeTheClientIsNotAuthorisedFor() {
        google.delegate(true, Set.of("https://www.googleapis.com/auth/gmail.readonly"));
        ConnectionTestResult result = test(gmail.newMailbox().mailbox());
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("not for this scope", "https://mail.google.com/");
    }

    @Test
    void testConnectionShouldSayImapIsDisabledForTheDomain() {
        gmail.proxy().imapDisabled(true);
        ConnectionTestResult result = test(gmail.newMailbox().mailbox());
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("IMAP is disabled", "End user access");
    }

    @Test
    void theDirectoryShouldListTheDomainsActiveUsersPageByPageAsAnAdministrator() throws Exception {
        google.user("anna@example.com", "Anna Berg", true);
        google.user("ben@example.com", "Ben Cole", false);
        google.user("cleo@example.com", "-Cleo Left", false);
        google.user("dan@example.com", "Dan Dale", false);
        google.delegate(true, Set.of(GoogleServiceAccountTokens.SCOPE, GoogleDirectory.SCOPE));
        GmailAccessProvider provider = new GmailAccessProvider(google.tokenUri(), google.apiBase());
        io.mailferry.model.connection.Connection workspace = new io.mailferry.model.connection.Connection("g1",
                "Workspace", ConnectionRole.SOURCE, ConnectionKind.GMAIL, null, null, null, true, null, null, null,
                new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, "anna@example.com",
                        GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2));
        assertThat(provider.directory(workspace, google.serviceAccountKey()).mailboxes())
                .extracting(io.mailferry.model.mailbox.DirectoryMailbox::address)
                .containsExactly("anna@example.com", "ben@example.com", "dan@example.com");

        io.mailferry.model.connection.Connection notAdmin = new io.mailferry.model.connection.Connection("g2",
                "Workspace", ConnectionRole.SOURCE, ConnectionKind.GMAIL, null, null, null, true, null, null, null,
                new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, "ben@example.com",
                        GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2));
        assertThatThrownBy(() -> provider.directory(notAdmin, google.serviceAccountKey()).mailboxes())
                .isInstanceOf(MailboxException.class)
                .hasMessageContaining("must be a Workspace administrator", GoogleDirectory.SCOPE);
    }

    /**
     * A consumer account's consent (the installed-app flow's refresh token, developers.google.com/identity/protocols/
     * oauth2/native-app) is traded for access tokens by Google's library and opens the account's mailbox with XOAUTH2;
     * a withdrawn consent is said as such.
     */
    @Test
    void aConsumerAccountsConsentShouldOpenItsMailboxAndAWithdrawnOneSaySo() throws Exception {
        Login anna = gmail.newMailbox();
        gmail.seed(anna, TestMessages.simple("for anna", "<consent@example.com>"), ItemState.NONE, null,
                List.of("\\Inbox"));
        GmailSettings consent = new GmailSettings(GmailAuthMode.OAUTH_CONSENT, anna.mailbox(),
                GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2);
        Secret given = google.consent(anna.mailbox());
        MailboxAccess access = GmailAccessProvider.open(gmail.imapSettings(), consent, given, ConnectionRole.SOURCE,
                google.tokenUri());
        try (SourceMailbox source = access.openSource(new Login(anna.mailbox(), null, null))) {
            assertThat(source.list(source.folders().get(0), null, 10).items()).hasSize(1);
        }
        assertThat(google.refreshes()).containsExactly(anna.mailbox());
        assertThatThrownBy(() -> access.openSource(new Login("bob@gmail.example", null, null)))
                .isInstanceOf(MailboxException.class).hasMessageStartingWith("Source")
                .hasMessageEndingWith(": this connection signs in with the consent of " + anna.mailbox()
                        + " and cannot open mailbox bob@gmail.example. Add a connection with bob@gmail.example's own"
                        + " consent (Sign in with Google), or a service account for a Workspace domain.");
        assertThat(google.refreshes()).as("no token asked for another account").containsExactly(anna.mailbox());
        ConnectionTestResult ok = new GmailConnectionProbe(google.tokenUri()).test(new ConnectionRequest("Anna",
                ConnectionRole.SOURCE, ConnectionKind.GMAIL, gmail.imapSettings(), null, null, given, consent));
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("the account's consent, XOAUTH2");

        google.withdrawConsents(anna.mailbox());
        ConnectionTestResult withdrawn = new GmailConnectionProbe(google.tokenUri()).test(new ConnectionRequest(
                "Anna", ConnectionRole.SOURCE, ConnectionKind.GMAIL, gmail.imapSettings(), null, null, given,
                consent));
        assertThat(withdrawn.ok()).isFalse();
        assertThat(withdrawn.message()).startsWith("Google no longer accepts the consent " + anna.mailbox())
                .contains("Sign in with Google again").doesNotContain("refresh-", "Exception");
    }

    @Test
    void aKeyThatIsNoServiceAccountKeyShouldFailTheMailboxWithASentence() {
        MailboxAccess broken = GmailAccessProvider.open(gmail.imapSettings(), SETTINGS, new Secret("{\"type\":1}"),
                ConnectionRole.SOURCE, google.tokenUri());
        assertThatThrownBy(() -> broken.openSource(new Login("anyone", null, null)))
                .isInstanceOf(MailboxException.class).hasMessageContaining("not a Google service account JSON key");
    }
}
