package io.mailferry.admin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a loopback test double serving the JSON shapes docs/api.md documents. */
class HttpServiceClientTest {

    @TempDir
    Path dataDir;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"Bearer t0ken".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                answer(ex, 401, "application/problem+json", "{\"type\":\"urn:mailferry:problem:unauthorized\","
                        + "\"title\":\"Unauthorized\",\"status\":401,\"code\":\"unauthorized\"}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/api/v1/health" -> answer(ex, 200, "application/json", "{\"status\":\"ok\",\"version\":\"0.1.0\","
                        + "\"startedAt\":\"2025-05-01T08:00:00Z\",\"dataDir\":\"/d\",\"runningJobs\":2,\"future\":1}");
                case "/api/v1/connections/test" -> answer(ex, 200, "application/json", "{\"ok\":false,"
                        + "\"failure\":\"AUTHENTICATION\",\"message\":\"Source IMAP server h:993 rejected the password of anna.\","
                        + "\"testedAt\":\"2025-05-01T08:00:00Z\",\"millis\":12}");
                case "/api/v1/connections/gone" -> answer(ex, 404, "application/problem+json",
                        "{\"type\":\"urn:mailferry:problem:connection_not_found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"code\":\"connection_not_found\",\"detail\":\"There is no connection gone.\"}");
                case "/api/v1/jobs/j%201/report", "/api/v1/jobs/j 1/report" -> answer(ex, 200, "text/html", "<h1>r</h1>");
                case "/api/v1/connections/slow365/directory", "/api/v1/jobs/slow" -> {
                    try {
                        Thread.sleep(1_500); // a tenant's directory read under throttling: longer than a call may take
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answer(ex, 200, "application/json", path.endsWith("directory")
                            ? "[{\"address\":\"anna@contoso.example\",\"kind\":\"user\"}]" : "{\"id\":\"slow\"}");
                }
                case "/api/v1/connections/t365/directory" -> answer(ex, 200, "application/json",
                        "[{\"address\":\"anna@contoso.example\",\"displayName\":\"Anna Lee\",\"kind\":\"user\"},"
                                + "{\"address\":\"sales@contoso.example\",\"displayName\":\"Sales\",\"kind\":\"shared\"}]");
                case "/api/v1/connections/imap1/directory" -> answer(ex, 422, "application/problem+json",
                        "{\"type\":\"urn:mailferry:problem:connection_without_directory\",\"title\":\"No directory\","
                                + "\"status\":422,\"code\":\"connection_without_directory\",\"detail\":\"An IMAP "
                                + "connection has no directory: paste or import the mailbox addresses.\"}");
                case "/api/v1/dashboard/throttling" -> answer(ex, 200, "application/json", "{\"runningMillis\":65000,"
                        + "\"runningMailboxes\":1,\"todayMillis\":250000,\"todayMailboxes\":3,"
                        + "\"since\":\"2025-05-01T00:00:00Z\"}");
                case "/api/v1/settings/alerts" -> answer(ex, 200, "application/json", "{\"host\":\"smtp.example.com\","
                        + "\"port\":587,\"security\":\"STARTTLS\",\"user\":\"alerts\",\"hasPassword\":true,"
                        + "\"from\":\"mailferry@example.com\",\"recipients\":[\"admin@example.com\"],"
                        + "\"periodMinutes\":60,\"stalledAfterMinutes\":30,\"diskFreeMegabytes\":1024,"
                        + "\"licenseDaysBefore\":7}");
                case "/api/v1/jobs/big/pairs" -> {
                    // two pages of one pair each, as a service with X-Total-Count pages a job of many mailboxes
                    int offset = Integer.parseInt(ex.getRequestURI().getQuery().replaceAll(".*offset=(\\d+).*", "$1"));
                    ex.getResponseHeaders().add("X-Total-Count", "2");
                    answer(ex, 200, "application/json", "[{\"id\":\"p" + offset + "\",\"jobId\":\"big\","
                            + "\"sourceMailbox\":\"s" + offset + "@old\",\"targetMailbox\":\"t" + offset + "@new\"}]");
                }
                case "/api/v1/jobs/j1/passes" -> answer(ex, 200, "application/json", "[{\"id\":2,\"jobId\":\"j1\","
                        + "\"pairId\":\"p1\",\"sourceMailbox\":\"anna@old\",\"targetMailbox\":\"anna@new\","
                        + "\"kind\":\"DELTA\",\"state\":\"COMPLETED\",\"endedAt\":\"2025-05-01T08:00:00Z\","
                        + "\"itemsCopied\":1,\"verified\":true,\"verdict\":\"All 6 source items are on the target.\"}]");
                default -> answer(ex, 500, "text/plain", "boom");
            }
        });
        server.start();
        Files.writeString(dataDir.resolve("service.url"), "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
        Files.writeString(dataDir.resolve("api-token"), "t0ken\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private HttpServiceClient client() {
        return new HttpServiceClient(new ServiceLocator(dataDir));
    }

    @Test
    void healthShouldSendTheTokenAndTolerateNewFields() {
        HttpServiceClient client = client();
        assertThat(client.health().runningJobs()).isEqualTo(2);
        assertThat(seen).singleElement().asString().startsWith("GET /api/v1/health Bearer t0ken");
        assertThat(client.baseUrl()).contains("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aProblemShouldBecomeAServiceExceptionWithItsDetail() {
        assertThatThrownBy(() -> client().deleteConnection("gone"))
                .isInstanceOf(ServiceException.class)
                .hasMessage("There is no connection gone.")
                .satisfies(e -> assertThat(((ServiceException) e).code()).isEqualTo("connection_not_found"));
    }

    @Test
    void anAnswerWithoutProblemBodyShouldStillBeAPlainSentence() {
        assertThatThrownBy(() -> client().jobs()).hasMessage("The service refused the request (HTTP 500).");
    }

    @Test
    void testOfUnsavedSettingsShouldPostThemWithTheSecretAndReturnTheServicesWords() {
        ConnectionTestResult r = client().testConnection(new ConnectionRequest("Old", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, new ImapSettings("h", 993, null, null, "anna", null, null), null, null,
                new Secret("pw")));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("Source IMAP server h:993 rejected the password of anna.");
        assertThat(seen.get(0)).contains("POST /api/v1/connections/test").contains("\"secret\":\"pw\"");
    }

    @Test
    void directoryShouldGetTheConnectionsMailboxes() {
        assertThat(client().directory("t365")).containsExactly(
                new DirectoryMailbox("anna@contoso.example", "Anna Lee", "user"),
                new DirectoryMailbox("sales@contoso.example", "Sales", "shared"));
        assertThat(seen.get(0)).startsWith("GET /api/v1/connections/t365/directory Bearer t0ken");
    }

    @Test
    void aConnectionWithoutDirectoryShouldBeRefusedWithTheServicesSentence() {
        assertThatThrownBy(() -> client().directory("imap1"))
                .isInstanceOf(ServiceException.class)
                .hasMessage("An IMAP connection has no directory: paste or import the mailbox addresses.")
                .satisfies(e -> assertThat(((ServiceException) e).status()).isEqualTo(422));
    }

    @Test
    void throttlingShouldReadTheDashboardsSums() {
        assertThat(client().throttling()).isEqualTo(new io.mailferry.model.api.ThrottlingSummary(65_000, 1, 250_000, 3,
                java.time.Instant.parse("2025-05-01T00:00:00Z")));
        assertThat(seen.get(0)).startsWith("GET /api/v1/dashboard/throttling Bearer t0ken");
    }

    @Test
    void alertSettingsShouldBeWrittenWithThePasswordAndReadWithoutIt() {
        var saved = client().saveAlertSettings(new io.mailferry.model.alert.AlertSettingsRequest("smtp.example.com", 0,
                null, "alerts", new Secret("smtp-pw"), null, "mailferry@example.com", List.of("admin@example.com"),
                0, 0, 0, 0));

        assertThat(saved.hasPassword()).isTrue();
        assertThat(saved.recipients()).containsExactly("admin@example.com");
        assertThat(seen.get(0)).startsWith("PUT /api/v1/settings/alerts Bearer t0ken").contains("\"password\":\"smtp-pw\"");
    }

    @Test
    void passesShouldAskForTheNewestOfAJob() {
        assertThat(client().passes("j1", 50)).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(io.mailferry.model.job.RunKind.DELTA);
            assertThat(p.itemsCopied()).isEqualTo(1);
        });
        assertThat(seen.get(0)).startsWith("GET /api/v1/jobs/j1/passes?limit=50 Bearer t0ken");
    }

    @Test
    void pathSegmentsShouldBeEncoded() {
        assertThat(client().jobReportText("j 1", ReportFormat.HTML)).isEqualTo("<h1>r</h1>");
        assertThat(seen.get(0)).contains("format=html");
    }

    @Test
    void aWrongTokenShouldBeReportedPlainly() throws IOException {
        Files.writeString(dataDir.resolve("api-token"), "old");
        assertThatThrownBy(() -> client().health()).hasMessage("Unauthorized.");
    }

    @Test
    void noServiceUrlShouldMeanNotRunning() throws IOException {
        Files.delete(dataDir.resolve("service.url"));
        assertThatThrownBy(() -> client().health())
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("The Mailferry service is not running (no ")
                .satisfies(e -> assertThat(((ServiceException) e).serviceDown()).isTrue());
    }

    /**
     * A call the service answers only after reaching remote servers (a directory of a throttled tenant) may take
     * longer than an ordinary call: it is not taken for a service that does not answer.
     */
    @Test
    void aSlowDirectoryShouldArriveWhereAnOrdinaryCallThatSlowIsTakenForNoAnswer() {
        HttpServiceClient client = new HttpServiceClient(new ServiceLocator(dataDir), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(30));

        assertThat(client.directory("slow365")).extracting(DirectoryMailbox::address)
                .containsExactly("anna@contoso.example");
        assertThatThrownBy(() -> client.job("slow")).hasMessageStartingWith("The Mailferry service does not answer");
    }

    @Test
    void aStoppedServiceShouldMeanNotRunningAndBeFoundAgainAfterARestart() throws IOException {
        HttpServiceClient client = client();
        client.health();
        server.stop(0);
        assertThatThrownBy(client::health).hasMessageStartingWith("The Mailferry service does not answer at");
        start();
        assertThat(client.health().status()).isEqualTo("ok");
    }

    @Test
    void pairsShouldBeReadPageByPageTellingHowFarAfterEachPage() throws IOException {
        List<String> told = new java.util.ArrayList<>();

        List<io.mailferry.model.mailbox.MailboxPair> all = client().pairs("big", (done, total) ->
                told.add(done + "/" + total));

        assertThat(all).extracting(io.mailferry.model.mailbox.MailboxPair::id).containsExactly("p0", "p1");
        assertThat(told).containsExactly("1/2");
    }
}
