package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.api.Health;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.FakeConnectionProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real service on a free port, through the real java.net.http client. */
class ServiceApiIT {
    private static final String PASSWORD = "S3cret-Password-That-Must-Not-Leak";

    @TempDir
    Path dataDir;
    final FakeConnectionProbe probe = new FakeConnectionProbe(PASSWORD);
    RunningService service;
    ApiClient api;

    void start() {
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, List.of(probe), false));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    static ConnectionRequest imapRequest(Secret secret) {
        return new ConnectionRequest("Old Dovecot", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("127.0.0.1", 1143, ImapSecurity.NONE, ImapAuthMode.MASTER_USER, "admin", "*", null),
                null, null, secret);
    }

    @Test
    void healthShouldNeedTheRightToken() throws Exception {
        start();
        Answer ok = api.get("/api/v1/health");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.as(Health.class).status()).isEqualTo("ok");
        assertThat(ok.as(Health.class).dataDir()).isEqualTo(dataDir.toAbsolutePath().toString());

        for (ApiClient client : List.of(new ApiClient(service.baseUrl(), null),
                new ApiClient(service.baseUrl(), service.token().replace(service.token().charAt(0), 'x') + "0"),
                new ApiClient(service.baseUrl(), service.token().substring(1)))) {
            Answer refused = client.get("/api/v1/health");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.as(ApiProblem.class).code()).isEqualTo("unauthorized");
            assertThat(client.get("/api/v1/connections").status()).isEqualTo(401);
            assertThat(client.get("/no/such/path").status()).isEqualTo(401);
        }
        assertThat(rawStatus("bearer " + service.token())).as("the scheme name is case-insensitive").isEqualTo(200);
        assertThat(rawStatus("Basic " + service.token())).isEqualTo(401);
        assertThat(rawStatus(service.token())).as("the token without a scheme").isEqualTo(401);
        assertThat(rawStatus("Bearer " + service.token().toUpperCase(java.util.Locale.ROOT)))
                .as("the token itself is case-sensitive").isEqualTo(401);
    }

    private int rawStatus(String authorization) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                service.baseUrl().resolve("/api/v1/health")).header("Authorization", authorization).build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void dashboardThrottlingShouldAnswerTodaysSumsFromMidnight() throws Exception {
        start();
        Answer answer = api.get("/api/v1/dashboard/throttling");

        assertThat(answer.status()).isEqualTo(200);
        io.mailferry.model.api.ThrottlingSummary t = answer.as(io.mailferry.model.api.ThrottlingSummary.class);
        assertThat(t.todayMillis()).isZero();
        assertThat(t.runningMailboxes()).isZero();
        assertThat(t.since().atZone(java.time.ZoneId.systemDefault()).toLocalTime())
                .as("midnight in the service's time zone").isEqualTo(java.time.LocalTime.MIDNIGHT);
        assertThat(t.since()).isBetween(java.time.Instant.now().minus(java.time.Duration.ofDays(1)),
                java.time.Instant.now());
    }

    @Test
    void serviceShouldWriteUrlAndPrivateTokenAndRemoveTheUrlOnClose() throws Exception {
        start();
        Path url = dataDir.resolve("service.url");
        Path token = dataDir.resolve("api-token");
        assertThat(Files.readString(url).strip()).isEqualTo(service.baseUrl().toString()).startsWith("http://127.0.0.1:");
        assertThat(Files.readString(token).strip()).isEqualTo(service.token()).hasSize(64);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        service.close();
        assertThat(url).doesNotExist();
        String firstToken = service.token();
        start();
        assertThat(service.token()).isEqualTo(firstToken);
    }

    @Test
    void aSecondServiceOnTheSameDataDirectoryShouldBeRefused() {
        start();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ServiceMain.start(new ServiceConfig(dataDir, 0, List.of(), false)))
                .hasMessageContaining("already");
    }

    @Test
    void connectionShouldSurviveARestartWithItsPasswordUnreadable() throws Exception {
        start();
        Answer created = api.send("POST", "/api/v1/connections", imapRequest(new Secret(PASSWORD)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD);
        Connection connection = created.as(Connection.class);
        assertThat(connection.hasSecret()).isTrue();

        Answer list = api.get("/api/v1/connections");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(PASSWORD);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).has("secret")).isFalse();

        service.close();
        start();

        Answer again = api.get("/api/v1/connections/" + connection.id());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.as(Connection.class).imap()).isEqualTo(connection.imap());
        assertThat(api.send("POST", "/api/v1/connections/" + connection.id() + "/test", null)
                .as(ConnectionTestResult.class).ok()).as("the stored password still decrypts").isTrue();
        service.close();
        service = null;

        StringBuilder raw = new StringBuilder();
        try (var files = Files.list(dataDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mailferry.db")).toList()) {
                raw.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.toString()).contains("Old Dovecot").doesNotContain(PASSWORD);
    }

    @Test
    void updateWithoutSecretShouldKeepItAndDeleteShouldRemove() {
        start();
        Connection c = api.send("POST", "/api/v1/connections", imapRequest(new Secret(PASSWORD))).as(Connection.class);
        ConnectionRequest renamed = new ConnectionRequest("Renamed", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                c.imap(), null, null, null);
        Answer updated = api.send("PUT", "/api/v1/connections/" + c.id(), renamed);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.as(Connection.class).name()).isEqualTo("Renamed");
        assertThat(updated.as(Connection.class).hasSecret()).isTrue();
        ConnectionTestResult test = api.send("POST", "/api/v1/connections/" + c.id() + "/test", null)
                .as(ConnectionTestResult.class);
        assertThat(test.ok()).isTrue();
        assertThat(api.get("/api/v1/connections/" + c.id()).as(Connection.class).lastTest()).isEqualTo(test);

        assertThat(api.send("DELETE", "/api/v1/connections/" + c.id(), null).status()).isEqualTo(204);
        Answer gone = api.get("/api/v1/connections/" + c.id());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.as(ApiProblem.class).code()).isEqualTo("connection_not_found");
        assertThat(api.send("DELETE", "/api/v1/connections/" + c.id(), null).status()).isEqualTo(404);
    }

    @Test
    void invalidRequestsShouldAnswerProblemJsonWithStableCodes() {
        start();
        ConnectionRequest bad = new ConnectionRequest("x", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("", 0, null, null, null, null, null), null, null, null);
        Answer invalid = api.send("POST", "/api/v1/connections", bad);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        ApiProblem problem = invalid.as(ApiProblem.class);
        assertThat(problem.code()).isEqualTo("validation_failed");
        assertThat(problem.type()).isEqualTo("urn:mailferry:problem:validation_failed");
        assertThat(problem.detail()).contains("needs a host name").contains("between 1 and 65535");

        Answer malformed = api.send("POST", "/api/v1/connections", "{\"name\": \"" + PASSWORD);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.as(ApiProblem.class).code()).isEqualTo("malformed_request");
        assertThat(malformed.body()).doesNotContain(PASSWORD);

        Answer wrongMethod = api.send("PATCH", "/api/v1/connections", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.as(ApiProblem.class).code()).isEqualTo("method_not_allowed");

        Answer unknown = api.get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.as(ApiProblem.class).code()).isEqualTo("not_found");
    }

    @Test
    void moveModeWithDeletionSyncShouldBeRefusedWithAPlainSentence() {
        start();
        Connection source = api.send("POST", "/api/v1/connections", imapRequest(new Secret(PASSWORD)))
                .as(Connection.class);
        Connection target = api.send("POST", "/api/v1/connections", new ConnectionRequest("New Dovecot",
                ConnectionRole.TARGET, ConnectionKind.IMAP, new ImapSettings("127.0.0.1", 2143, ImapSecurity.NONE,
                        ImapAuthMode.MASTER_USER, "admin", "*", null), null, null, new Secret(PASSWORD)))
                .as(Connection.class);
        JobOptions both = new JobOptions(null, null, null, null, null, null, true, null, null, null, true);

        Answer refused = api.send("POST", "/api/v1/jobs", new JobRequest("Both", source.id(), target.id(), both,
                List.of(MailboxPairRequest.of("anna@old", "anna@new"))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.as(ApiProblem.class).code()).isEqualTo("validation_failed");
        assertThat(refused.as(ApiProblem.class).detail()).contains("cannot be combined with deletion sync")
                .doesNotContain("Exception");
        assertThat(api.get("/api/v1/jobs").as(Job[].class)).isEmpty();
    }

    @Test
    void testEndpointsShouldUseTheProbe() {
        start();
        Answer unsaved = api.send("POST", "/api/v1/connections/test", imapRequest(new Secret("wrong")));
        assertThat(unsaved.status()).isEqualTo(200);
        ConnectionTestResult result = unsaved.as(ConnectionTestResult.class);
        assertThat(result.ok()).isFalse();
        assertThat(result.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(probe.tested).hasSize(1);

        Connection saved = api.send("POST", "/api/v1/connections", imapRequest(new Secret(PASSWORD)))
                .as(Connection.class);
        ConnectionRequest otherPortNoSecret = new ConnectionRequest("Old Dovecot", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, new ImapSettings("127.0.0.1", 2143, ImapSecurity.NONE, ImapAuthMode.MASTER_USER,
                        "admin", "*", null), null, null, null);
        Answer edited = api.send("POST", "/api/v1/connections/" + saved.id() + "/test", otherPortNoSecret);
        assertThat(edited.as(ConnectionTestResult.class).ok()).as("the stored secret was used").isTrue();
        assertThat(probe.tested.get(probe.tested.size() - 1).imap().port()).isEqualTo(2143);
        assertThat(api.get("/api/v1/connections/" + saved.id()).as(Connection.class).lastTest())
                .as("a test of unsaved settings is not stored").isNull();
        ConnectionTestResult stored = api.send("POST", "/api/v1/connections/" + saved.id() + "/test", null)
                .as(ConnectionTestResult.class);
        assertThat(api.get("/api/v1/connections/" + saved.id()).as(Connection.class).lastTest()).isEqualTo(stored);

        JsonNode missing = api.send("POST", "/api/v1/connections/nope/test", null).json();
        assertThat(missing.get("code").asText()).isEqualTo("connection_not_found");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
    }
}
