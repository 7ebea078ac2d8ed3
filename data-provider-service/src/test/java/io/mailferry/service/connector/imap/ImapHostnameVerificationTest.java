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
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trusting a certificate explicitly trusts it for the names it carries only: the host name check stays on. The same
 * trusted-certificate setup connects when the certificate names 127.0.0.1 and is refused when it names another host.
 */
class ImapHostnameVerificationTest {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

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
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path p12 = dir.resolve("server.p12");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=mailferry-test",
                "-addext", "subjectAltName=" + subjectAltName, "-keyout", key.toString(), "-out", cert.toString());
        openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out", p12.toString(),
                "-passout", "pass:" + new String(STORE_PASSWORD));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        try (EchoingImapServer server = new EchoingImapServer(false, socket)) {
            ImapSettings settings = new ImapSettings("127.0.0.1", server.port(), ImapSecurity.TLS,
                    ImapAuthMode.PASSWORD, "anna", null, Files.readString(cert));
            return new ImapConnectionProbe().test(new ConnectionRequest("tls", ConnectionRole.SOURCE,
                    ConnectionKind.IMAP, settings, null, null, new Secret("pw-never-sent")));
        }
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
