package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Microsoft 365 connection test against the sign-in double and a Graph that decides from the token's roles (or the
 * connector's Graph double): what each role needs, and what an admin reads when something is missing.
 */
class GraphConnectionProbeTest {
    static final String TENANT = "contoso.onmicrosoft.com";
    static final String SECRET = "Kq8~probe-secret-value-0123456789";

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static GraphPermissionStub graph;
    static TokenEndpointDouble.KeyMaterial certificate;

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir.resolve("double"));
        login.tenant("7d1c2b3a-0000-4000-8000-00000000c0de").alias(TENANT);
        graph = new GraphPermissionStub(login)
                .user("u-1", null) // a user without a mailbox is skipped
                .user("u-2", "anna@contoso.example")
                .user("u-3", "ben@contoso.example");
        certificate = TokenEndpointDouble.keyMaterial(dir, "probe-app", "DNS:probe.example");
    }

    @AfterAll
    static void stop() {
        graph.close();
        login.close();
    }

    /** A fresh app registration with {@code graphRoles} on this Graph and {@code exchangeRoles} on Exchange Online. */
    private static String app(String[] graphRoles, String... exchangeRoles) {
        String clientId = UUID.randomUUID().toString();
        login.tenant("7d1c2b3a-0000-4000-8000-00000000c0de").app(clientId).secret(SECRET)
                .certificate(certificate.certificate())
                .roles(graph.resource(), graphRoles)
                .roles("https://outlook.office365.com", exchangeRoles);
        return clientId;
    }

    private static String[] roles(String... r) {
        return r;
    }

    private static GraphConnectionProbe probe() {
        return new GraphConnectionProbe(s -> login.cloud(graph.base()), login.clientSocketFactory());
    }

    private static ConnectionRequest request(ConnectionRole role, String clientId, String secret) {
        return request(role, clientId, secret, null);
    }

    private static ConnectionRequest request(ConnectionRole role, String clientId, String secret,
            GraphWritePath writePath) {
        return new ConnectionRequest("M365", role, ConnectionKind.MICROSOFT_365, null, new GraphSettings(TENANT,
                clientId, null, GraphCredential.CLIENT_SECRET, null, writePath), null, new Secret(secret));
    }

    private static String consentLink(String clientId) {
        return login.authorityBase() + TENANT + "/v2.0/adminconsent?client_id=" + clientId + "&scope="
                + graph.resource() + "/.default";
    }

    @Test
    void sourceWithDirectoryAndMailReadShouldPassAfterReadingAMailbox() {
        String app = app(roles("User.Read.All", "Mail.Read"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.SOURCE, app, SECRET));

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("Source Microsoft 365 tenant " + TENANT + ": application " + app
                + " signed in and may list users and read mail.");
        assertThat(r.details()).contains("listed users (User.Read.All)", "read the inbox of anna@contoso.example",
                "as application " + app + " (client secret)").doesNotContain(SECRET);
    }

    @Test
    void sourceWithoutUserReadAllShouldNameItAndTheConsentLinkOfItsCloud() {
        String app = app(roles("Mail.Read"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.SOURCE, app, SECRET));

        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).isEqualTo("Source Microsoft 365 tenant " + TENANT + ": application " + app
                + " signed in but lacks the application permission User.Read.All (to list the tenant's mailboxes for"
                + " matching). Add it under the app registration's API permissions (Application permissions) and"
                + " grant admin consent, there or at this link: " + consentLink(app));
        assertThat(r.details()).contains("the app's consented permissions include mail access");
    }

    @Test
    void sourceWithoutAnyMailPermissionShouldSaySoAfterTheInboxWasRefused() {
        String app = app(roles("User.Read.All"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.SOURCE, app, SECRET));

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("lacks the application permission Mail.Read or Mail.ReadWrite (to read"
                + " mail). Add it");
        assertThat(graph.seen()).contains("GET /v1.0/users/u-2/mailFolders/inbox");
    }

    @Test
    void anImapWrittenTargetShouldNeedImapAccessAndWarnThatCategoriesNeedMailReadWrite() {
        String app = app(roles("User.Read.All"), "IMAP.AccessAsApp");
        graph.clearSeen();

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET));

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).contains("signed in and may list users and append over IMAP. Categories will not be"
                + " kept: the app lacks the optional application permission Mail.ReadWrite (Microsoft Graph)");
        assertThat(r.details()).contains("IMAP.AccessAsApp is consented",
                "Mail.ReadWrite is not among the app's Entra ID permissions: categories will not be kept");
        assertThat(graph.seen()).as("no mailbox read through Graph").noneMatch(x -> x.contains("/mailFolders/"));
    }

    @Test
    void anImapWrittenTargetWithMailReadWriteShouldKeepCategoriesWithoutAWarning() {
        String app = app(roles("User.Read.All", "Mail.ReadWrite"), "IMAP.AccessAsApp");

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET));

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).endsWith("signed in and may list users and append over IMAP.");
        assertThat(r.details()).contains("IMAP.AccessAsApp is consented",
                "Mail.ReadWrite is consented (categories are kept)");
    }

    @Test
    void anImapWrittenTargetWithoutImapAccessShouldNameOnlyThat() {
        String app = app(roles("User.Read.All", "Mail.Read"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET));

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("lacks the application permission IMAP.AccessAsApp on Office 365 Exchange"
                + " Online (to append messages over IMAP). Add it under", consentLink(app))
                .doesNotContain("Mail.ReadWrite");
    }

    @Test
    void aGraphWrittenTargetShouldNeedMailReadWriteButNoImapAccess() {
        String app = app(roles("User.Read.All", "Mail.ReadWrite"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET, GraphWritePath.GRAPH));

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).endsWith("signed in and may list users, and read and write mail through Graph.");
        assertThat(r.details()).contains("Mail.ReadWrite is consented").doesNotContain("IMAP.AccessAsApp");
    }

    @Test
    void aGraphWrittenTargetWithReadOnlyMailShouldNameMailReadWrite() {
        String app = app(roles("User.Read.All", "Mail.Read"));

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET, GraphWritePath.GRAPH));

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("lacks the application permission Mail.ReadWrite (to create folders and"
                + " messages). Add it under", consentLink(app)).doesNotContain("IMAP");
    }

    @Test
    void targetWhoseMailAccessComesFromExchangeRbacShouldPassWithANote() {
        String app = app(roles("User.Read.All"), "IMAP.AccessAsApp");
        graph.exchangeRbacMailAccess(true);
        try {
            ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, SECRET, GraphWritePath.GRAPH));

            assertThat(r.ok()).as(r.message()).isTrue();
            assertThat(r.details()).contains("seems granted through Exchange RBAC for Applications, so write access"
                    + " is unconfirmed");
        } finally {
            graph.exchangeRbacMailAccess(false);
        }
    }

    @Test
    void certificateCredentialShouldSignInAndSayHow() {
        String app = app(roles("User.Read.All", "Mail.Read"));
        ConnectionRequest request = new ConnectionRequest("M365", ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, app, null, GraphCredential.CERTIFICATE), null,
                new Secret(certificate.pkcs12Secret()));

        ConnectionTestResult r = probe().test(request);

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.details()).contains("(certificate)");
    }

    @Test
    void wrongSecretShouldBeAnAuthenticationFailureNamingTheSideWithoutTheSecret() {
        String app = app(roles("User.Read.All", "Mail.Read"));
        String wrong = "Wr0ng~secret-the-admin-pasted";

        ConnectionTestResult r = probe().test(request(ConnectionRole.TARGET, app, wrong));

        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).startsWith("Target Microsoft 365 sign-in failed: the client secret of application '"
                + app + "' is wrong (AADSTS7000215)").doesNotContain(wrong);
    }

    @Test
    void missingSecretShouldSayWhichCredentialWithoutTryingAnything() {
        int before = login.tokenRequests();
        ConnectionRequest request = new ConnectionRequest("M365", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, "app", null, GraphCredential.CERTIFICATE), null, null);

        ConnectionTestResult r = probe().test(request);

        assertThat(r.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(r.message()).isEqualTo("Target Microsoft 365 connection is missing the certificate.");
        assertThat(login.tokenRequests()).isEqualTo(before);
    }

    @Test
    void unknownCloudShouldBeAConfigurationFailure() {
        ConnectionRequest request = new ConnectionRequest("M365", ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, "app", "germany", GraphCredential.CLIENT_SECRET), null,
                new Secret(SECRET));

        ConnectionTestResult r = new GraphConnectionProbe().test(request);

        assertThat(r.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(r.message()).isEqualTo("Source Microsoft 365 connection names the unknown cloud 'germany' (known:"
                + " global, us-government, china).");
    }

    @Test
    void graphWhereNothingListensShouldBeRefused() throws Exception {
        String app = app(roles("User.Read.All", "Mail.Read"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port + "/v1.0");
        login.acceptResource("http://127.0.0.1:" + port);
        GraphConnectionProbe probe = new GraphConnectionProbe(s -> login.cloud(nowhere), login.clientSocketFactory());

        ConnectionTestResult r = probe.test(request(ConnectionRole.SOURCE, app, SECRET));

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.REFUSED);
        assertThat(r.message()).startsWith("Source Microsoft 365 tenant " + TENANT + " could not be reached");
    }

    @Test
    void nullRequestShouldBeAnsweredNotThrown() {
        assertThat(probe().test(null).failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
    }

    // --- with the connector's Graph double (its own tokens; the sign-in double hands them out) -------------------

    @Test
    void againstTheGraphDoubleASourceShouldPassAndThenNameTheDeniedMailPermission() {
        try (GraphDouble tenant = new GraphDouble()) {
            tenant.addUser("anna@contoso.example", "Anna");
            String resource = "http://127.0.0.1:" + tenant.base().getPort();
            login.issueForResource(resource, tenant::token);
            String app = app(roles());
            GraphConnectionProbe probe = new GraphConnectionProbe(s -> login.cloud(tenant.base()),
                    login.clientSocketFactory());

            ConnectionTestResult ok = probe.test(request(ConnectionRole.SOURCE, app, SECRET));
            assertThat(ok.ok()).as(ok.message()).isTrue();

            tenant.deny(GraphDouble.MAIL_READ);
            ConnectionTestResult denied = probe.test(request(ConnectionRole.SOURCE, app, SECRET));
            assertThat(denied.ok()).isFalse();
            assertThat(denied.message()).contains("lacks the application permission Mail.Read or Mail.ReadWrite");

            tenant.deny(GraphDouble.USER_READ_ALL);
            ConnectionTestResult both = probe.test(request(ConnectionRole.SOURCE, app, SECRET));
            assertThat(both.message()).contains("lacks the application permission User.Read.All (to list the"
                    + " tenant's mailboxes for matching). Add it");
            assertThat(both.details()).contains("mail access could not be checked");
        }
    }
}
