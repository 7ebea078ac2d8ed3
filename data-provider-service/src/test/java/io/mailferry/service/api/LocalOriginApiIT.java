package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service refuses what a hostile web page could send it (a rebound DNS name, a cross-origin request) and
 * answers a malformed URL with a problem document, over raw HTTP/1.1 since java.net.http will not send a foreign Host.
 */
class LocalOriginApiIT {
    @TempDir
    Path dataDir;
    RunningService service;

    @BeforeEach
    void start() {
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, List.of(), false));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aForeignHostNameShouldBeRefusedEvenWithTheToken() throws Exception {
        String reply = send("GET", "/api/v1/health", "Host: rebinding.attacker.example:" + port());
        assertThat(status(reply)).isEqualTo(421);
        assertThat(reply).contains("application/problem+json").contains("\"code\":\"wrong_host\"")
                .contains("rebinding.attacker.example");
        assertThat(status(send("GET", "/api/v1/health", "Host: 127.0.0.1:" + (port() + 1)))).isEqualTo(421);
    }

    @Test
    void loopbackHostNamesShouldBeServed() throws Exception {
        for (String host : List.of("127.0.0.1:" + port(), "localhost:" + port(), "LOCALHOST:" + port())) {
            assertThat(status(send("GET", "/api/v1/health", "Host: " + host))).as(host).isEqualTo(200);
        }
    }

    @Test
    void aCrossOriginBrowserRequestShouldBeRefused() throws Exception {
        String host = "Host: 127.0.0.1:" + port();
        String reply = send("POST", "/api/v1/jobs", host, "Origin: https://attacker.example");
        assertThat(status(reply)).isEqualTo(403);
        assertThat(reply).contains("\"code\":\"cross_origin\"");
        assertThat(status(send("GET", "/api/v1/health", host, "Origin: null"))).isEqualTo(403);
        assertThat(status(send("GET", "/api/v1/health", host, "Sec-Fetch-Site: cross-site"))).isEqualTo(403);
        assertThat(status(send("GET", "/api/v1/health", host, "Origin: http://127.0.0.1:" + port())))
                .as("the service's own origin").isEqualTo(200);
    }

    @Test
    void aMalformedPercentEscapeShouldBeABadRequestProblem() throws Exception {
        for (String path : List.of("/api/v1/jobs/%zz", "/api/v1/jobs/%", "/api/v1/jobs/a%2", "/api/v1/jobs?offset=%zz",
                "/api/v1/health?x=%G1", "/api/v1/jobs?%zz=1")) {
            String reply = send("GET", path, "Host: 127.0.0.1:" + port());
            assertThat(status(reply)).as(path).isEqualTo(400);
            assertThat(reply).as(path).contains("application/problem+json")
                    .contains("\"code\":\"malformed_request\"").doesNotContain("Exception").doesNotContain("Jetty");
        }
        String longHeader = "X-Filler: " + "a".repeat(64 * 1024);
        String reply = send("GET", "/api/v1/health", "Host: 127.0.0.1:" + port(), longHeader);
        assertThat(status(reply)).isBetween(400, 431);
        assertThat(reply).contains("application/problem+json").doesNotContain("Exception");
    }

    @Test
    void healthShouldSayTheStoreIsWritable() throws Exception {
        assertThat(send("GET", "/api/v1/health", "Host: 127.0.0.1:" + port()))
                .contains("\"status\":\"ok\"").contains("\"store\":\"writable\"");
    }

    private int port() {
        return service.baseUrl().getPort();
    }

    private String send(String method, String path, String... headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Authorization: Bearer ").append(service.token()).append("\r\n");
            req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static int status(String reply) {
        return Integer.parseInt(reply.substring(9, 12));
    }
}
