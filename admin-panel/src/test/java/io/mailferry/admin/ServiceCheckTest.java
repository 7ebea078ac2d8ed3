package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mailferry.admin.client.HttpServiceClient;
import io.mailferry.admin.client.ServiceLocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry-panel --check-service} against a loopback service double answering health as docs/api.md shows. */
class ServiceCheckTest {
    @TempDir
    Path dataDir;
    private HttpServer server;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(String token) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/health", ex -> {
            boolean ok = ("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "{\"status\":\"ok\",\"version\":\"0.1.0\",\"startedAt\":\"2025-05-01T08:00:00Z\","
                    + "\"dataDir\":\"/d\",\"runningJobs\":2,\"store\":\"writable\"}"
                    : "{\"type\":\"urn:mailferry:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"code\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", ok ? "application/json" : "application/problem+json");
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        Files.writeString(dataDir.resolve("service.url"), "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
    }

    private int check() {
        return ServiceCheck.run(new HttpServiceClient(new ServiceLocator(dataDir)), dataDir,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunningServiceShouldBeFoundWithItsTokenAndNamed() throws IOException {
        serve("t0ken");
        Files.writeString(dataDir.resolve("api-token"), "t0ken\n");

        assertThat(check()).isZero();
        assertThat(printed()).contains("0.1.0", "http://127.0.0.1:" + server.getAddress().getPort(), "ok",
                "store writable", "2 job(s) running", dataDir.toString());
    }

    @Test
    void noServiceShouldBeOneSentenceAndExitOne() {
        assertThat(check()).isEqualTo(1);
        assertThat(printed()).contains("not running", dataDir.toString()).doesNotContain("Exception");
    }

    @Test
    void aWrongTokenShouldNotPassForAFoundService() throws IOException {
        serve("t0ken");
        Files.writeString(dataDir.resolve("api-token"), "stale\n");

        assertThat(check()).isEqualTo(1);
        assertThat(printed()).doesNotContain("Exception").doesNotContain("stale");
    }

    @Test
    void theOptionShouldBeRecognisedAmongOthers() {
        assertThat(ServiceCheck.asked(List.of("--data-dir", "/x", "--check-service"))).isTrue();
        assertThat(ServiceCheck.asked(List.of("--data-dir", "/x"))).isFalse();
    }
}
