package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The CLI's client names a service that hangs up in plain words, never with the JDK's (often null) message. */
class ServiceClientTest {
    @Test
    void aServiceThatHangsUpShouldBeNamedInPlainWords() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                // every connection (java.net.http tries an idempotent request twice): read its start, answer nothing
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getInputStream().read();
                    } catch (java.io.IOException ignored) {
                        // closed at the end of the test
                    }
                }
            });
            hangUp.start();
            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
            ServiceClient client = ServiceClient.of(base, "t".repeat(40));

            assertThatThrownBy(() -> client.send("GET", "/api/v1/jobs", null, String.class))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ServiceClient.FAILED);
                        assertThat(e.getMessage()).isEqualTo("The connection to the Mailferry service at " + base
                                + " broke off before it answered; check that the service still runs and try again.");
                    });
        }
    }
}
