package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.tls.TrustedCertificates;
import io.mailferry.service.demo.DemoServers;
import io.mailferry.service.demo.TlsRelay;
import io.mailferry.service.demo.TrainingCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's training reaches a demo server over TLS, so that the archive holds a TLS session's classes. */
class ArchiveTrainingTlsTest {
    @Test
    void theRelayShouldSpeakTlsWithTheTrainingsOwnCertificateTrustedAsAnAdminWould(@TempDir Path dir) throws Exception {
        TrainingCertificate certificate = TrainingCertificate.make(dir).orElseThrow(() ->
                new AssertionError("this JDK has a keytool: the certificate must be made"));
        try (DemoServers servers = DemoServers.start();
                TlsRelay relay = TlsRelay.start(certificate.keys(), certificate.password(), servers.sourcePort());
                SSLSocket socket = (SSLSocket) TrustedCertificates.socketFactory(
                        Files.readString(certificate.pem())).createSocket("127.0.0.1", relay.port())) {
            socket.startHandshake();
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(socket.getSession().getProtocol()).startsWith("TLS");
            assertThat(greeting).as("the demo server's IMAP greeting, through the relay").startsWith("* OK");
        }
    }

    @Test
    void theTrainingsTlsPassShouldRunToItsReport(@TempDir Path dir) throws Exception {
        try (DemoServers servers = DemoServers.start()) {
            assertThat(ArchiveTrainingCommand.tlsPass(servers, dir)).isTrue();
        }
        assertThat(dir.resolve("data-tls").resolve(io.mailferry.service.ServiceMain.DATABASE_FILE)).as("the TLS pass's own data directory")
                .exists();
    }
}
