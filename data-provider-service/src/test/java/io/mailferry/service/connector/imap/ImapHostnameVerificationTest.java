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
import io.mailferry.service.testing.SelfSignedTls;
import java.net.InetAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trusting a certificate explicitly trusts it for the names it carries only: the host name check stays on. The same
 * trusted-certificate setup connects when the certificate names 127.0.0.1 and is refused when it names another host.
 */
class ImapHostnameVerificationTest {
    @TempDir
    Path dir;

    @Test
    void trustedCertificateForThisAddressShouldPassTlsAndReachTheLogin() throws Exception {
        ConnectionTestResult r = probeServerWithCertificateFor("IP:127.0.0.1");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.AUTHENTICATION);
    }

    @Test
    void trustedCertificateForAnotherHostShouldBeRefusedBeforeTheLogin() throws Exception {
        ConnectionTestResult r = probeServerWithCertificateFor("DNS:imap.elsewhere.example");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
        assertThat(r.message()).contains("not trusted").doesNotContain("pw-never-sent");
    }

    private ConnectionTestResult probeServerWithCertificateFor(String subjectAltName) throws Exception {
        SelfSignedTls tls = SelfSignedTls.make(dir, subjectAltName);
        SSLServerSocket socket = (SSLServerSocket) tls.server().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        try (EchoingImapServer server = new EchoingImapServer(false, socket)) {
            ImapSettings settings = new ImapSettings("127.0.0.1", server.port(), ImapSecurity.TLS,
                    ImapAuthMode.PASSWORD, "anna", null, tls.pem());
            return new ImapConnectionProbe().test(new ConnectionRequest("tls", ConnectionRole.SOURCE,
                    ConnectionKind.IMAP, settings, null, null, new Secret("pw-never-sent")));
        }
    }
}
