package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import org.junit.jupiter.api.Test;

class ImapConnectionProbeTest {
    private final ImapConnectionProbe probe = new ImapConnectionProbe();

    private static ConnectionRequest request(ImapSettings s, String password) {
        return new ConnectionRequest("t", ConnectionRole.TARGET, ConnectionKind.IMAP, s, null, null,
                Secret.of(password));
    }

    @Test
    void testShouldReportMissingSettingsAsConfigurationWithoutConnecting() {
        ConnectionTestResult noHost = probe.test(request(
                new ImapSettings(" ", 993, ImapSecurity.TLS, ImapAuthMode.PASSWORD, "u", null, null), "p"));
        ConnectionTestResult noPassword = probe.test(request(
                new ImapSettings("h", 993, ImapSecurity.TLS, ImapAuthMode.PASSWORD, "u", null, null), null));
        assertThat(noHost.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(noHost.message()).isEqualTo("Target IMAP connection is missing the server host name.");
        assertThat(noPassword.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(noPassword.message()).contains("password");
    }

    @Test
    void testShouldReportAnInvalidTrustedCertificateAsConfiguration() {
        ConnectionTestResult r = probe.test(request(new ImapSettings("127.0.0.1", 1, ImapSecurity.TLS,
                ImapAuthMode.PASSWORD, "u", null, "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"),
                "secret-pw"));
        assertThat(r.failure()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(r.message()).doesNotContain("secret-pw");
    }

    @Test
    void testShouldReportMissingStartTlsAsTlsHandshake() {
        // GreenMail's plain IMAP does not offer STARTTLS; we must refuse to log in in plain text
        var gm = GreenMailFixtures.server();
        gm.setUser("starttls@example.com", "starttls", "pw");
        ConnectionTestResult r = probe.test(request(new ImapSettings("127.0.0.1", gm.getImap().getPort(),
                ImapSecurity.STARTTLS, ImapAuthMode.PASSWORD, "starttls", null, null), "pw"));
        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_HANDSHAKE);
        assertThat(r.message()).contains("does not offer STARTTLS");
    }
}
