package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GraphHttp} against the Graph double: tokens, throttling, permissions, paging, its host rule and its cap. */
class GraphHttpTest {
    private static final String MAILBOX = "anna@contoso.example";
    private static final String WHO = "Source Microsoft 365 mailbox " + MAILBOX;
    private static final GraphHttp.Call CALL = new GraphHttp.Call("listing its folders", GraphHttp.MAIL_READ,
            "folder \"INBOX\"");
    private static final String INBOX = "/users/" + MAILBOX + "/mailFolders/inbox?$select=id";

    private GraphDouble graph;

    @BeforeEach
    void start() {
        graph = new GraphDouble();
        graph.addUser(MAILBOX, "Anna");
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphHttp http(TokenSource tokens, int cap) {
        return new GraphHttp(GraphClients.of(graph.cloud()), graph.cloud(), tokens, WHO, cap);
    }

    private GraphHttp http() {
        return http((scope, force) -> graph.token(), 4);
    }

    private MailboxException failure(GraphHttp http, String path) {
        try {
            http.get(path, CALL);
        } catch (MailboxException e) {
            assertThat(e.getMessage()).doesNotContain(graph.token()).doesNotContain("Exception");
            return e;
        }
        throw new AssertionError("no failure for " + path);
    }

    @Test
    void aThrottledRequestShouldFailThrottledWithTheServersWait() throws Exception {
        GraphHttp http = http();
        graph.throttle(1, 7);

        MailboxException e = failure(http, INBOX);

        assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.getMessage()).isEqualTo(WHO + " asks to slow down while listing its folders (HTTP 429, retry "
                + "after 7 s) (ApplicationThrottled: Application is over its MailboxConcurrency limit.).");
        assertThat(http.get(INBOX, CALL).path("id").asText()).isEqualTo(graph.folderId(MAILBOX, List.of("INBOX")));
    }

    @Test
    void a401ShouldAskOnceForAFreshTokenAndSucceed() throws Exception {
        AtomicInteger forced = new AtomicInteger();
        List<String> scopes = new ArrayList<>();
        GraphHttp http = http((scope, force) -> {
            scopes.add(scope);
            if (force) {
                forced.incrementAndGet();
                return graph.token();
            }
            return "cached-but-expired-token";
        }, 4);

        JsonNode inbox = http.get(INBOX, CALL);

        assertThat(inbox.path("id").asText()).isNotEmpty();
        assertThat(forced).hasValue(1);
        assertThat(scopes).containsOnly(graph.cloud().graphScope());
        assertThat(graph.count(r -> r.status() == 401)).isEqualTo(1);
    }

    @Test
    void aTokenRefusedEvenFreshShouldFailFatalWithoutTheToken() {
        String stale = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InN0YWxl";
        AtomicInteger asked = new AtomicInteger();
        GraphHttp http = http((scope, force) -> {
            asked.incrementAndGet();
            return stale;
        }, 4);

        MailboxException e = failure(http, INBOX);

        assertThat(e.kind()).isEqualTo(Kind.FATAL);
        assertThat(e.getMessage()).startsWith("Microsoft 365 refused the app's token")
                .contains("source Microsoft 365 mailbox " + MAILBOX).doesNotContain(stale);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aTokenThatExpiresMidwayShouldBeRenewedTransparently() throws Exception {
        String[] cached = {graph.token()};
        GraphHttp http = http((scope, force) -> force ? (cached[0] = graph.token()) : cached[0], 4);
        http.get(INBOX, CALL);
        graph.expireToken();

        assertThat(http.get(INBOX, CALL).path("id").asText()).isNotEmpty();
        assertThat(cached[0]).isEqualTo(graph.token());
    }

    @Test
    void a403ShouldNameThePermissionAndAdminConsent() {
        graph.deny(GraphDouble.MAIL_READ);

        MailboxException e = failure(http(), INBOX);

        assertThat(e.kind()).isEqualTo(Kind.FATAL);
        assertThat(e.getMessage()).startsWith(WHO + " was denied listing its folders (ErrorAccessDenied")
                .contains("application permission Mail.Read", "which an admin must grant with admin consent");
    }

    @Test
    void aSpoolThatRunsOutOfSpaceShouldBeDiskTroubleNamingTheTemporaryDirectory() {
        GraphHttp http = http();
        try {
            http.stream(INBOX, CALL, body -> {
                throw new java.io.IOException("No space left on device");
            });
            throw new AssertionError("no failure");
        } catch (MailboxException e) {
            assertThat(e.kind()).isEqualTo(Kind.FATAL);
            assertThat(e.getMessage()).isEqualTo("Mailferry could not write to its temporary directory "
                    + System.getProperty("java.io.tmpdir") + ": the disk is full. Free some space and run the pass"
                    + " again; what was copied is kept and is not copied twice.");
            assertThat(io.mailferry.service.engine.port.FailureText.isDiskTrouble(e.getMessage())).isTrue();
        }
    }

    @Test
    void a404ShouldBeAnItemFailureSayingItNoLongerExists() {
        MailboxException e = failure(http(), "/users/" + MAILBOX + "/mailFolders/AAMkGone=?$select=id");

        assertThat(e).isInstanceOf(GraphHttp.NotFound.class);
        assertThat(e.kind()).isEqualTo(Kind.ITEM);
        assertThat(e.getMessage()).isEqualTo(WHO + ": folder \"INBOX\" no longer exists (listing its folders).");
    }

    @Test
    void nextLinksShouldBeFollowedOnlyToGraphsOwnHost() throws Exception {
        HttpServer trap = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> stolen = new java.util.concurrent.CopyOnWriteArrayList<>();
        trap.createContext("/", ex -> {
            stolen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        trap.start();
        try {
            graph.pageCap(2);
            GraphHttp http = http();
            String folders = "/users/" + MAILBOX + "/mailFolders?$top=2";
            assertThat(http.getAll(folders, CALL)).hasSize(GraphDouble.ENGLISH.size());

            graph.linkBase(URI.create("http://127.0.0.1:" + trap.getAddress().getPort() + "/v1.0"));
            MailboxException e = failureOfAll(http, folders);

            assertThat(e.kind()).isEqualTo(Kind.FATAL);
            assertThat(e.getMessage()).contains("next-page link to another host (127.0.0.1)", "not followed");
            assertThat(stolen).isEmpty();
            assertThat(http.isGraphLink("http://localhost:" + graph.base().getPort() + "/v1.0/users")).isFalse();
            assertThat(http.isGraphLink("https://127.0.0.1:" + graph.base().getPort() + "/v1.0/users")).isFalse();
            assertThat(http.isGraphLink(graph.base() + "/users?$deltatoken=x")).isTrue();
            assertThat(http.isGraphLink("no-such-token")).isFalse();
        } finally {
            trap.stop(0);
        }
    }

    private MailboxException failureOfAll(GraphHttp http, String path) {
        try {
            http.getAll(path, CALL);
        } catch (MailboxException e) {
            assertThat(e.getMessage()).doesNotContain(graph.token());
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void requestsOfOneMailboxShouldNeverExceedTheCap() throws Exception {
        GraphHttp http = http((scope, force) -> graph.token(), 2);
        // the first requests wait in the double until two are in flight: the client's concurrency is shown by
        // construction; the latency gives an uncapped client the chance to send more than two meanwhile
        graph.holdUntilInFlight(MAILBOX, 2, Duration.ofSeconds(20));
        graph.latency(100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> http.get(INBOX, CALL)));
            }
            for (Future<JsonNode> f : answers) {
                assertThat(f.get(30, TimeUnit.SECONDS).path("id").asText()).isNotEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(graph.maxInFlight(MAILBOX)).isEqualTo(2);
    }

    /**
     * A download gone quiet ends as a dropped connection ({@link StalledBodies}), and the requests after it go over a
     * new HTTP client: over HTTP/2 the old one would send them over the same silent connection and each would wait out
     * its timeout. Requests that answer keep the client (and its connections).
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aDownloadGoneQuietShouldSendTheRequestsAfterItOverANewClient() throws Exception {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        GraphClients clients = new GraphClients(() -> {
            made.incrementAndGet();
            return GraphHttp.newClient(graph.cloud());
        });
        GraphHttp http = new GraphHttp(clients, graph.cloud(), (scope, force) -> graph.token(), WHO, 4);
        String id = graph.seed(MAILBOX, List.of("Inbox"), ("Subject: quiet\r\nMessage-ID: <q@example.com>\r\n\r\n"
                + "x".repeat(200_000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                io.mailferry.service.engine.port.ItemState.NONE, null);
        String value = "/users/" + MAILBOX + "/messages/" + id + "/$value";
        http.get(INBOX, CALL);
        http.stream(value, CALL, in -> in.readAllBytes().length);
        assertThat(made).as("answered requests keep their client").hasValue(1);
        java.net.http.HttpClient before = clients.current();

        Duration limit = StalledBodies.limit;
        StalledBodies.limit = Duration.ofSeconds(1);
        try {
            graph.stallOnce("quiet");
            assertThatThrownBy(() -> http.stream(value, CALL, in -> in.readAllBytes().length))
                    .isInstanceOfSatisfying(MailboxException.class, e -> assertThat(e.kind())
                            .isEqualTo(Kind.CONNECTION));
        } finally {
            StalledBodies.limit = limit;
        }
        assertThat(made).hasValue(2);
        assertThat(clients.current()).isNotSameAs(before);
        int read = http.stream(value, CALL, in -> in.readAllBytes().length);
        assertThat(read).isGreaterThan(200_000);
        assertThat(made).hasValue(2);
    }

    @Test
    void anUnreachableGraphShouldBeAConnectionFailureInPlainWords() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GraphCloud nowhere = new GraphCloud("nowhere", URI.create("https://login.invalid/"),
                URI.create("http://127.0.0.1:" + port + "/v1.0"), "127.0.0.1", 993);
        GraphHttp http = new GraphHttp(GraphClients.of(nowhere), nowhere, (s, f) -> "secret-token-value", WHO, 4);

        assertThatThrownBy(() -> http.get(INBOX, CALL)).isInstanceOfSatisfying(MailboxException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).isEqualTo(WHO + " could not be reached (connection refused or network "
                    + "unreachable) while listing its folders.");
        });
    }

    @Test
    void batchesShouldAnswerInRequestOrderAndCarryInnerThrottling() throws Exception {
        GraphHttp http = http();
        graph.throttleInBatch(1, 5);
        List<String> paths = List.of(INBOX, "/users/" + MAILBOX + "/mailFolders/sentitems?$select=id",
                "/users/" + MAILBOX + "/mailFolders/AAMkGone=?$select=id");

        List<GraphHttp.BatchResponse> r = http.batchGet(paths, CALL);

        assertThat(r).extracting(GraphHttp.BatchResponse::status).containsExactly(429, 200, 404);
        assertThat(r.get(0).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        MailboxException throttled = http.failure(r.get(0), CALL);
        assertThat(throttled.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.get(1).body().path("id").asText())
                .isEqualTo(graph.folderId(MAILBOX, List.of("Sent Items")));
        assertThat(graph.requests()).filteredOn(GraphDouble.Seen::inBatch).hasSize(3)
                .allMatch(GraphDouble.Seen::immutableId);
    }

    @Test
    void valuesShouldBeEncodedForPathsAndQueries() {
        assertThat(GraphHttp.segment("anna+tag@contoso.example")).isEqualTo("anna%2Btag@contoso.example");
        assertThat(GraphHttp.segment("AAMk/x y=")).isEqualTo("AAMk%2Fx%20y=");
        assertThat(GraphHttp.query("id eq 'Integer 0x0E08'")).isEqualTo("id%20eq%20'Integer%200x0E08'");
        assertThat(GraphHttp.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(GraphHttp.retryAfter("soon")).isNull();
        assertThat(GraphHttp.retryAfter(null)).isNull();
    }
}
