package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Test connection" and the directory against the EWS double: the address book through ResolveNames
 * (learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames-operation, at most 100 candidates
 * per answer), one mailbox opened by impersonation (GetFolder of its inbox, getfolder-operation), and each failure
 * named: the password (HTTP 401), the ApplicationImpersonation role (ErrorImpersonateUserDenied), the URL (HTTP 404,
 * a host that does not resolve), the certificate (a self-signed one, untrusted until the connection trusts it).
 */
class EwsConnectionProbeTest {
    private final EwsDouble ews = new EwsDouble(EwsFixture.ACCOUNT, EwsFixture.PASSWORD);
    private final EwsConnectionProbe probe = new EwsConnectionProbe();

    @AfterEach
    void stop() {
        ews.close();
    }

    private ConnectionRequest request(String url, String password) {
        return new ConnectionRequest("Exchange 2019", ConnectionRole.SOURCE, ConnectionKind.EXCHANGE, null, null,
                new EwsSettings(url, EwsFixture.ACCOUNT, true, null, null, EwsAuthMode.BASIC, null),
                new Secret(password));
    }

    @Test
    void aWorkingConnectionShouldSignInAndOpenOneMailboxByImpersonation() {
        ews.addMailbox("anna@contoso.example", "Anna");
        ews.addMailbox("ben@contoso.example", "Ben");
        ConnectionTestResult r = probe.test(request(ews.url().toString(), EwsFixture.PASSWORD));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).contains("sees 2 mailboxes").contains("opened anna@contoso.example by impersonation");
        assertThat(ews.seen()).anyMatch(s -> "GetFolder".equals(s.operation())
                && "anna@contoso.example".equals(s.impersonated()));
    }

    @Test
    void aWrongPasswordShouldBeAnAuthenticationFailure() {
        ews.addMailbox("anna@contoso.example", "Anna");
        ConnectionTestResult r = probe.test(request(ews.url().toString(), "wrong-password"));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).startsWith("Source").contains("user name or password").doesNotContain("wrong-password");
    }

    @Test
    void aMissingImpersonationRoleShouldBeNamed() {
        ews.addMailbox("anna@contoso.example", "Anna");
        ews.denyImpersonation("anna@contoso.example");
        ConnectionTestResult r = probe.test(request(ews.url().toString(), EwsFixture.PASSWORD));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).startsWith("Source Exchange mailbox anna@contoso.example")
                .contains("may not impersonate").contains("ApplicationImpersonation").doesNotContain("Exception");
    }

    @Test
    void aWrongUrlShouldBeNamed() {
        String wrongPath = ews.url().toString().replace("/EWS/Exchange.asmx", "/owa/");
        ConnectionTestResult r = probe.test(request(wrongPath, EwsFixture.PASSWORD));
        assertThat(r.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(r.message()).contains("no EWS at this URL");
        ConnectionTestResult unknown = probe.test(request("https://mail.does-not-exist.invalid/EWS/Exchange.asmx",
                EwsFixture.PASSWORD));
        assertThat(unknown.failure()).isEqualTo(ConnectionFailure.DNS);
        assertThat(unknown.message()).contains("does not resolve");
    }

    @Test
    void anUntrustedCertificateShouldBeNamedAndAnExplicitlyTrustedOneAccepted(@TempDir Path dir) throws Exception {
        TokenEndpointDouble.KeyMaterial key = TokenEndpointDouble.keyMaterial(dir, "exchange", "IP:127.0.0.1");
        try (EwsDouble secure = new EwsDouble(EwsFixture.ACCOUNT, EwsFixture.PASSWORD, key.serverContext())) {
            secure.addMailbox("anna@contoso.example", "Anna");
            ConnectionTestResult untrusted = probe.test(request(secure.url().toString(), EwsFixture.PASSWORD));
            assertThat(untrusted.failure()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
            assertThat(untrusted.message()).contains("certificate that is not trusted").contains("trust this one");
            ConnectionTestResult trusted = probe.test(new ConnectionRequest("Exchange", ConnectionRole.SOURCE,
                    ConnectionKind.EXCHANGE, null, null, new EwsSettings(secure.url().toString(), EwsFixture.ACCOUNT,
                    true, key.certificatePem(), null, EwsAuthMode.BASIC, null), new Secret(EwsFixture.PASSWORD)));
            assertThat(trusted.ok()).as(trusted.message()).isTrue();
        }
    }

    @Test
    void theDirectoryShouldSweepPastTheHundredCandidatesOfOneAnswer() throws Exception {
        for (int i = 0; i < 130; i++) {
            ews.addMailbox(String.format("%s%03d@contoso.example", i % 2 == 0 ? "a" : "b", i), "User " + i);
        }
        EwsDirectory directory = new EwsDirectory(new EwsEndpoint(new EwsSettings(ews.url().toString(),
                EwsFixture.ACCOUNT, true, null), new Secret(EwsFixture.PASSWORD)));
        List<DirectoryMailbox> all = directory.mailboxes();
        assertThat(all).hasSize(130).extracting(DirectoryMailbox::address).doesNotHaveDuplicates()
                .contains("a000@contoso.example", "b129@contoso.example");
        assertThat(all.get(0).displayName()).isEqualTo("User 0");
    }
}
