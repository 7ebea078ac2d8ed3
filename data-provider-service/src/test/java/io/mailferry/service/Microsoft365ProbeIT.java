package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.OAuthIntrospection;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Test connection" of a Microsoft 365 target through {@link Microsoft365Probe}: the Graph checks against the
 * {@link GraphDouble}, then a real XOAUTH2 login at "Exchange Online IMAP" — a Dovecot checking each token at an
 * introspection endpoint — as a mailbox of the directory, with the app's Exchange token from the sign-in double. An app
 * whose token carries IMAP.AccessAsApp but that Exchange does not let in (no service principal, no FullAccess) is
 * told the PowerShell commands; one without IMAP.AccessAsApp is told to consent it.
 */
class Microsoft365ProbeIT {
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "11111111-2222-4333-8444-555555555555";
    private static final String NO_SERVICE_PRINCIPAL = "77777777-2222-4333-8444-555555555555";
    private static final String NO_IMAP_CLIENT = "66666666-2222-4333-8444-555555555555";
    private static final String SECRET = "Xy7~probe-app-secret";
    private static final String EXCHANGE = "https://127.0.0.1";

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static GraphDouble graph;
    static OAuthIntrospection introspection;
    static DovecotServer exchange;
    static String mailbox;
    /** Apps Exchange Online does not know (New-ServicePrincipal not run, or no FullAccess). */
    static final Set<String> unknownToExchange = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir);
        login.acceptResource(EXCHANGE);
        TokenEndpointDouble.Tenant tenant = login.tenant("3e2d1c0b-0000-4000-8000-00000000e365").alias(TENANT);
        tenant.app(CLIENT).secret(SECRET).roles(EXCHANGE, "IMAP.AccessAsApp");
        tenant.app(NO_SERVICE_PRINCIPAL).secret(SECRET).roles(EXCHANGE, "IMAP.AccessAsApp");
        tenant.app(NO_IMAP_CLIENT).secret(SECRET);
        unknownToExchange.add(NO_SERVICE_PRINCIPAL);
        introspection = OAuthIntrospection.start(token -> {
            Set<String> roles = login.roles(token, EXCHANGE);
            return roles != null && roles.contains("IMAP.AccessAsApp")
                    && !unknownToExchange.contains(login.claims(token).path("appid").asText());
        });
        exchange = DovecotServer.startWithOAuth(introspection.url());
        mailbox = exchange.newUser();
        graph = new GraphDouble();
        graph.addUser(mailbox, "Anna Example");
        login.issueForResource("http://127.0.0.1:" + graph.base().getPort(), graph::token);
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
        if (introspection != null) {
            introspection.close();
        }
        if (graph != null) {
            graph.close();
        }
        if (login != null) {
            login.close();
        }
    }

    private static ConnectionTestResult test(ConnectionRole role, String clientId) {
        GraphCloud cloud = new GraphCloud("double", login.authorityBase(), graph.base(), "127.0.0.1",
                exchange.imapsPort());
        Microsoft365Probe probe = new Microsoft365Probe(s -> cloud, login.clientSocketFactory(),
                exchange.certificatePem());
        return probe.test(new ConnectionRequest("Contoso", role, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, clientId, null, GraphCredential.CLIENT_SECRET), null, new Secret(SECRET)));
    }

    @Test
    void aTargetShouldLogInToExchangeOnlineImapAsAMailboxOfTheDirectory() {
        int before = introspection.accepted();
        ConnectionTestResult result = test(ConnectionRole.TARGET, CLIENT);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.details()).contains("logged in to Exchange Online IMAP (127.0.0.1:" + exchange.imapsPort()
                + ") with XOAUTH2 as mailbox " + mailbox);
        assertThat(introspection.accepted()).isGreaterThan(before);
    }

    @Test
    void aSourceShouldNotTryImap() {
        int before = introspection.accepted() + introspection.refused();
        ConnectionTestResult result = test(ConnectionRole.SOURCE, NO_IMAP_CLIENT);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(introspection.accepted() + introspection.refused()).isEqualTo(before);
    }

    @Test
    void anAppExchangeDoesNotKnowShouldBeToldTheServicePrincipalAndFullAccessCommands() {
        ConnectionTestResult result = test(ConnectionRole.TARGET, NO_SERVICE_PRINCIPAL);
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(result.message())
                .contains("refused application " + NO_SERVICE_PRINCIPAL + " for mailbox " + mailbox)
                .contains("IMAP.AccessAsApp")
                .contains("New-ServicePrincipal -AppId " + NO_SERVICE_PRINCIPAL + " -ObjectId")
                .contains("Add-MailboxPermission -Identity " + mailbox + " -User <service principal id>"
                        + " -AccessRights FullAccess")
                .doesNotContain(SECRET)
                .doesNotContain("eyJ");
    }

    @Test
    void anAppWhoseTokenLacksImapAccessShouldBeToldToConsentIt() {
        int before = introspection.accepted() + introspection.refused();
        ConnectionTestResult result = test(ConnectionRole.TARGET, NO_IMAP_CLIENT);
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(result.message()).contains("IMAP.AccessAsApp on Office 365 Exchange Online")
                .contains("adminconsent").doesNotContain(SECRET);
        assertThat(introspection.accepted() + introspection.refused()).as("no IMAP login tried").isEqualTo(before);
    }
}
