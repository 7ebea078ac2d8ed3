package io.mailferry.service.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A gateway in front of a test double (a reverse proxy or load balancer before Exchange or Graph): {@code fault} is
 * asked per request (method and URI, body as text); null relays it. Otherwise the request is relayed first — the
 * server carries it out — and the client gets that status instead of the server's answer (a gateway that gave up
 * waiting), or no answer at all (-1: the connection closed); -2 closes the connection without relaying; -3 answers 504
 * at once and relays the request {@code lateMillis} later (a backend that finishes after its gateway gave up).
 * {@code rewrite} may change a relayed answer's body.
 */
public final class GatewayRelay implements AutoCloseable {
    private static final Set<String> SKIP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    public volatile BiFunction<String, String, Integer> fault = (m, b) -> null;
    public volatile long lateMillis = 1500;
    public volatile BiFunction<String, byte[], byte[]> rewrite = (m, b) -> b;
    public final List<String> faulted = new CopyOnWriteArrayList<>();

    public GatewayRelay(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The same path and query as {@code u}, on this relay. */
    public URI front(URI u) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            URI u = ex.getRequestURI();
            URI to = URI.create(upstream.getScheme() + "://" + upstream.getHost() + ":" + upstream.getPort()
                    + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
            HttpRequest.Builder b = HttpRequest.newBuilder(to);
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!SKIP.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            Integer f = fault.apply(ex.getRequestMethod() + " " + u, new String(body, StandardCharsets.UTF_8));
            if (f != null && f == -3) {
                // a gateway that gives up at once while the backend carries the request out a moment later
                HttpRequest later = b.build();
                new Thread(() -> {
                    try {
                        Thread.sleep(lateMillis);
                        HttpResponse<byte[]> r = client.send(later, HttpResponse.BodyHandlers.ofByteArray());
                        faulted.add("late relay carried out: " + r.statusCode());
                    } catch (Exception e) {
                        faulted.add("late relay failed: " + e);
                    }
                }).start();
                faulted.add(ex.getRequestMethod() + " " + u + " -> client 504 now, relayed in " + lateMillis + " ms");
                ex.sendResponseHeaders(504, -1);
                return;
            }
            if (f != null && f == -2) {
                faulted.add(ex.getRequestMethod() + " " + u + " -> not relayed, connection closed");
                return;
            }
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (f != null) {
                faulted.add(ex.getRequestMethod() + " " + u + " -> upstream " + r.statusCode() + ", client " + f);
                if (f < 0) {
                    return; // connection closed without an answer
                }
                byte[] page = "<html><body>504 Gateway Time-out</body></html>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(f, page.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(page);
                }
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!SKIP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] out = rewrite.apply(ex.getRequestMethod() + " " + u, r.body());
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
