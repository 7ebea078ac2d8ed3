package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** msal4j's client-credentials sign-in against a loopback HTTPS token endpoint that answers as Entra ID documents. */
class MsalTokenSourceTest {
    static final String TENANT_ID = "8f3b3c1e-5d7a-4c2b-9a61-3f0d2c7b9e11";
    static final String DOMAIN = "contoso.onmicrosoft.com";
    static final String CLIENT = "535fb089-9ff3-47b6-9bfb-4f1264799865";
    static final String SECRET = "qWgdYAmab0YSkuL1qKv5bPX~double";
    static final String GRAPH = "https://graph.microsoft.com/.default";

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static TokenEndpointDouble.KeyMaterial registered;
    static TokenEndpointDouble.KeyMaterial unregistered;

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir.resolve("double"));
        registered = TokenEndpointDouble.keyMaterial(dir, "mailferry-app", "DNS:mailferry.example");
        unregistered = TokenEndpointDouble.keyMaterial(dir, "someone-else", "DNS:other.example");
        login.tenant(TENANT_ID).alias(DOMAIN).app(CLIENT)
                .secret(SECRET)
                .expiredSecret("an-expired-secret-value")
                .certificate(registered.certificate())
                .roles("https://graph.microsoft.com", "User.Read.All", "Mail.ReadWrite");
    }

    @AfterAll
    static void stop() {
        login.close();
    }

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private MsalTokenSource source(String tenant, String client, GraphCredential credential, String secret) {
        return source(tenant, client, credential, secret, Clock.systemUTC());
    }

    private MsalTokenSource source(String tenant, String client, GraphCredential credential, String secret,
                                   Clock clock) {
        return new MsalTokenSource(login.cloud(URI.create("https://graph.microsoft.com/v1.0")),
                new GraphSettings(tenant, client, null, credential), secret == null ? null : new Secret(secret),
                login.clientSocketFactory(), clock);
    }

    @Test
    void clientSecretShouldSignInWithoutAskingAnyOtherEndpoint() throws Exception {
        int before = login.tokenRequests();
        String token = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET).token(GRAPH, false);

        assertThat(login.roles(token, "https://graph.microsoft.com"))
                .containsExactly("Mail.ReadWrite", "User.Read.All");
        assertThat(login.tokenRequests()).isEqualTo(before + 1);
        assertThat(login.otherRequests()).as("no instance discovery, no metadata").isZero();
        assertThat(login.requests().get(login.requests().size() - 1))
                .satisfies(r -> {
                    assertThat(r.credential()).isEqualTo("secret");
                    assertThat(r.clientId()).isEqualTo(CLIENT);
                    assertThat(r.scope()).contains(GRAPH);
                    assertThat(r.status()).isEqualTo(200);
                });
    }

    @Test
    void pemCertificateWithPkcs8KeyShouldSignInWithASignedAssertion() throws Exception {
        String token = source(TENANT_ID, CLIENT, GraphCredential.CERTIFICATE, registered.pem()).token(GRAPH, false);

        assertThat(login.claims(token).path("appid").asText()).isEqualTo(CLIENT);
        assertThat(login.requests().get(login.requests().size() - 1).credential()).isEqualTo("assertion");
    }

    @Test
    void pemCertificateWithOpensslTraditionalKeyShouldSignIn() throws Exception {
        String token = source(TENANT_ID, CLIENT, GraphCredential.CERTIFICATE, registered.pkcs1Pem())
                .token(GRAPH, false);

        assertThat(login.claims(token)).isNotNull();
    }

    @Test
    void pkcs12CertificateWithItsPasswordShouldSignIn() throws Exception {
        String token = source(TENANT_ID, CLIENT, GraphCredential.CERTIFICATE, registered.pkcs12Secret())
                .token(GRAPH, false);

        assertThat(login.claims(token).path("tid").asText()).isEqualTo(TENANT_ID);
    }

    @Test
    void secondCallShouldAnswerFromTheCacheWithoutARequest() throws Exception {
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);
        String first = tokens.token(GRAPH, false);
        int after = login.tokenRequests();

        assertThat(tokens.token(GRAPH, false)).isEqualTo(first);
        assertThat(login.tokenRequests()).isEqualTo(after);
    }

    @Test
    void aTokenWithLessThanFiveMinutesLeftShouldBeRenewed() throws Exception {
        MutableClock clock = new MutableClock();
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET, clock);
        String first = tokens.token(GRAPH, false);
        int after = login.tokenRequests();

        clock.now = clock.now.plus(Duration.ofMinutes(50));
        assertThat(tokens.token(GRAPH, false)).as("ten minutes left").isEqualTo(first);
        assertThat(login.tokenRequests()).isEqualTo(after);

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        String renewed = tokens.token(GRAPH, false);
        assertThat(renewed).as("four minutes left").isNotEqualTo(first);
        assertThat(login.tokenRequests()).isEqualTo(after + 1);
    }

    @Test
    void aShortLivedTokenShouldBeRenewedOnEveryCall() throws Exception {
        try {
            login.expiresIn(200);
            MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);
            tokens.token(GRAPH, false);
            int after = login.tokenRequests();

            tokens.token(GRAPH, false);
            assertThat(login.tokenRequests()).isEqualTo(after + 1);
        } finally {
            login.expiresIn(3599);
        }
    }

    @Test
    void forceRefreshShouldAskAgainAndThenServeTheNewToken() throws Exception {
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);
        String first = tokens.token(GRAPH, false);
        int after = login.tokenRequests();

        String forced = tokens.token(GRAPH, true);
        assertThat(forced).isNotEqualTo(first);
        assertThat(login.tokenRequests()).isEqualTo(after + 1);
        assertThat(tokens.token(GRAPH, false)).isEqualTo(forced);
        assertThat(login.tokenRequests()).isEqualTo(after + 1);
    }

    @Test
    void eachScopeShouldHaveItsOwnToken() throws Exception {
        login.tenant(TENANT_ID).app(CLIENT).roles("https://outlook.office365.com", "IMAP.AccessAsApp");
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);

        String graph = tokens.token(GRAPH, false);
        String exchange = tokens.token("https://outlook.office365.com/.default", false);

        assertThat(login.roles(graph, "https://graph.microsoft.com")).contains("User.Read.All");
        assertThat(login.roles(exchange, "https://outlook.office365.com")).containsExactly("IMAP.AccessAsApp");
    }

    @Test
    void concurrentFirstCallsShouldSignInOnce() throws Exception {
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);
        int before = login.tokenRequests();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return tokens.token(GRAPH, false);
                }));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : results) {
                distinct.add(f.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(login.tokenRequests()).isEqualTo(before + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- failures -------------------------------------------------------------------------------------------------

    @Test
    void unknownTenantShouldSaySoAndNameIt() {
        assertFails(source("fabrikam.onmicrosoft.com", CLIENT, GraphCredential.CLIENT_SECRET, SECRET), SECRET,
                Kind.FATAL, ConnectionFailure.AUTHENTICATION,
                "Microsoft 365 sign-in failed: " + login.authorityBase().getAuthority() + " does not know the tenant"
                        + " 'fabrikam.onmicrosoft.com' (AADSTS90002); check the tenant id or primary domain, and the"
                        + " cloud.");
    }

    @Test
    void unknownApplicationShouldSaySoAndNameTheClientId() {
        assertFails(source(DOMAIN, "00000000-1111-2222-3333-444444444444", GraphCredential.CLIENT_SECRET, SECRET),
                SECRET, Kind.FATAL, ConnectionFailure.AUTHENTICATION,
                "Microsoft 365 sign-in failed: no application with client id '00000000-1111-2222-3333-444444444444' is"
                        + " registered in tenant 'contoso.onmicrosoft.com' (AADSTS700016); check the application"
                        + " (client) id and that the app belongs to this tenant.");
    }

    @Test
    void wrongSecretShouldSaySoWithoutTheSecret() {
        String wrong = "Zx8Q~wrong-secret-typed-by-the-admin";
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, wrong), wrong, Kind.FATAL,
                ConnectionFailure.AUTHENTICATION,
                "Microsoft 365 sign-in failed: the client secret of application '" + CLIENT + "' is wrong"
                        + " (AADSTS7000215); copy the secret's Value (not its Secret ID) from the app registration's"
                        + " Certificates & secrets.");
    }

    @Test
    void expiredSecretShouldSaySo() {
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, "an-expired-secret-value"),
                "an-expired-secret-value", Kind.FATAL, ConnectionFailure.AUTHENTICATION,
                "Microsoft 365 sign-in failed: the client secret of application '" + CLIENT + "' has expired"
                        + " (AADSTS7000222); create a new one in the app registration's Certificates & secrets.");
    }

    @Test
    void unregisteredCertificateShouldSaySo() {
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CERTIFICATE, unregistered.pem()), unregistered.pem(),
                Kind.FATAL, ConnectionFailure.AUTHENTICATION,
                "Microsoft 365 sign-in failed: the certificate is not registered on application '" + CLIENT + "'"
                        + " (AADSTS700027); upload its public part (.cer or .pem) to the app registration's"
                        + " Certificates & secrets.");
    }

    @Test
    void scopeWithoutDefaultShouldBeRefusedNamingTheScope() {
        MsalTokenSource tokens = source(DOMAIN, CLIENT, GraphCredential.CLIENT_SECRET, SECRET);
        assertThatThrownBy(() -> tokens.token("https://graph.microsoft.com/User.Read.All", false))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(e.getMessage()).startsWith("Microsoft 365 sign-in refused the scope"
                            + " https://graph.microsoft.com/User.Read.All (AADSTS1002012): AADSTS1002012: The provided"
                            + " value for scope").doesNotContain("Trace ID");
                });
    }

    @Test
    void authorityWhereNothingListensShouldBeAConnectionFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GraphCloud nowhere = new GraphCloud("nowhere", URI.create("https://127.0.0.1:" + port + "/"),
                URI.create("https://graph.microsoft.com/v1.0"), "outlook.office365.com", 993);
        MsalTokenSource tokens = new MsalTokenSource(nowhere, new GraphSettings(DOMAIN, CLIENT), new Secret(SECRET),
                login.clientSocketFactory());

        assertFails(tokens, SECRET, Kind.CONNECTION, ConnectionFailure.REFUSED, "Microsoft 365 sign-in could not"
                + " reach 127.0.0.1:" + port + ": the connection was refused or the network is unreachable.");
    }

    @Test
    void authorityWhoseNameDoesNotResolveShouldSaySo() {
        GraphCloud nowhere = new GraphCloud("nowhere", URI.create("https://login.mailferry-test.invalid/"),
                URI.create("https://graph.microsoft.com/v1.0"), "outlook.office365.com", 993);
        MsalTokenSource tokens = new MsalTokenSource(nowhere, new GraphSettings(DOMAIN, CLIENT), new Secret(SECRET));

        assertFails(tokens, SECRET, Kind.CONNECTION, ConnectionFailure.DNS, "Microsoft 365 sign-in could not reach"
                + " login.mailferry-test.invalid: the host name does not resolve (check DNS and the proxy).");
    }

    @Test
    void authorityWithAnUntrustedCertificateShouldSaySo() {
        MsalTokenSource tokens = new MsalTokenSource(login.cloud(URI.create("https://graph.microsoft.com/v1.0")),
                new GraphSettings(DOMAIN, CLIENT), new Secret(SECRET)); // the JVM's trust store: the double is unknown

        assertThatThrownBy(() -> tokens.token(GRAPH, false)).isInstanceOfSatisfying(
                MsalTokenSource.SignInException.class, e -> {
                    assertThat(e.failure()).as(e.getMessage()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
                    assertThat(e.getMessage()).contains("TLS certificate is not trusted");
                });
    }

    @Test
    void wrongPkcs12PasswordShouldSaySoBeforeAnyRequest() {
        String secret = MsalTokenSource.PKCS12_PREFIX + java.util.Base64.getEncoder()
                .encodeToString(registered.pkcs12()) + "\nnot-the-password";
        int before = login.tokenRequests();
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CERTIFICATE, secret), secret, Kind.FATAL,
                ConnectionFailure.CONFIGURATION,
                "Microsoft 365 sign-in cannot open the certificate's PKCS#12 (.pfx) file: the password is wrong.");
        assertThat(login.tokenRequests()).isEqualTo(before);
    }

    @Test
    void keyOfAnotherCertificateShouldBeRefusedBeforeAnyRequest() {
        String mixed = registered.certificatePem() + unregistered.keyPem();
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CERTIFICATE, mixed), mixed, Kind.FATAL,
                ConnectionFailure.CONFIGURATION,
                "Microsoft 365 sign-in cannot use the certificate: the private key does not belong to it.");
    }

    @Test
    void certificateWithoutKeyShouldSayWhatIsMissing() {
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CERTIFICATE, registered.certificatePem()),
                registered.certificatePem(), Kind.FATAL, ConnectionFailure.CONFIGURATION,
                "Microsoft 365 sign-in cannot use the certificate: the PEM text holds no private key (give the"
                        + " certificate and its key in one file, or a PKCS#12 (.pfx) file).");
    }

    @Test
    void missingSecretShouldSayWhichCredentialIsMissing() {
        assertFails(source(DOMAIN, CLIENT, GraphCredential.CERTIFICATE, null), "unused", Kind.FATAL,
                ConnectionFailure.CONFIGURATION,
                "Microsoft 365 sign-in needs the application's certificate, and none is stored.");
    }

    /** The failure, its kind and category, and no message in its whole chain holding the secret or a line of it. */
    private static void assertFails(MsalTokenSource tokens, String secret, Kind kind, ConnectionFailure failure,
                                    String sentence) {
        assertThatThrownBy(() -> tokens.token(GRAPH, false)).isInstanceOfSatisfying(
                MsalTokenSource.SignInException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(sentence);
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.failure()).isEqualTo(failure);
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        String message = String.valueOf(t.getMessage());
                        assertThat(message).doesNotContain(secret);
                        for (String line : secret.split("\n")) {
                            if (line.length() > 8) {
                                assertThat(message).doesNotContain(line);
                            }
                        }
                    }
                });
    }
}
