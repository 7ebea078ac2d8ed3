package io.mailferry.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.service.app.AppException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP API on Jetty (ADR 0013, which replaced the JDK's server of ADR 0001 so that requests refused before
 * routing, such as a malformed URL, get a problem document too), bound to 127.0.0.1 only. Requests addressed to
 * another host name (DNS rebinding) or sent cross-origin by a browser are refused first ({@link LocalOrigin}). Every
 * request must carry {@code Authorization: Bearer <token>}, compared in constant time; anything else is 401 before
 * routing, so unauthenticated callers learn nothing about the routes. Requests are handed from Jetty's threads to a
 * bounded pool of workers of our own, whose queue holds requests beyond it (503 {@code service_busy} when even that is
 * full); health is answered on Jetty's thread at once, so it never waits behind slow requests (ADR 0014). Request
 * bodies are never logged: they may hold passwords.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Upper bound of a request body (CSV imports of many thousand pairs stay far below). */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** Jetty's threads: acceptor, selector, and handing requests over (health is answered on them). */
    private static final int THREADS = 16;
    /** Threads that run the routes: more than the cores, as requests also wait for the disk. */
    static final int WORKERS = 8;
    /** Requests waiting for a worker before the service answers 503. */
    private static final int QUEUE = 1024;

    private final Server server;
    private final ServerConnector connector;
    private final Router router;
    private final ObjectMapper json;
    private final byte[] expectedAuthorization;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LocalOrigin origin = new LocalOrigin(this::port);
    private final ThreadPoolExecutor workers = workers();

    private ApiServer(Server server, ServerConnector connector, Router router, ObjectMapper json, String token) {
        this.server = server;
        this.connector = connector;
        this.router = router;
        this.json = json;
        this.expectedAuthorization = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Binds 127.0.0.1:{@code port} ({@code 0} = any free port), registers every route group, and starts serving.
     *
     * @throws IOException when the port cannot be bound
     */
    public static ApiServer start(int port, String token, ObjectMapper json, List<Routes> routeGroups)
            throws IOException {
        if (token == null || token.length() < 32) {
            throw new IllegalArgumentException("The API token must be at least 32 characters");
        }
        Router router = new Router();
        routeGroups.forEach(group -> group.register(router));
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2, 60_000);
        threads.setName("api");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        jetty.setErrorHandler(new ProblemErrorPage(json));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setAcceptQueueSize(64);
        jetty.addConnector(connector);
        ApiServer api = new ApiServer(jetty, connector, router, json, token);
        jetty.setHandler(api.new Entry());
        try {
            jetty.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("The API could not listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        log.info("API listening on {}", api.baseUrl());
        return api;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** e.g. {@code http://127.0.0.1:52731} (no trailing slash). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Gives running requests up to a second to finish, then stops the server and the pool. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("The API did not stop cleanly: {}", e.getMessage());
        }
        workers.shutdownNow();
        log.info("API stopped");
    }

    /** Requests handed over and waiting for a worker now (tests wait for a full queue before probing health). */
    int waiting() {
        return workers.getQueue().size();
    }

    private static ThreadPoolExecutor workers() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "api-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Every request arrives on one of Jetty's threads: health is answered there (cheap, no lock, no database), the rest
     * is handed to a worker, so that however long routes take, Jetty's threads stay free for health.
     */
    private final class Entry extends Handler.Abstract {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                Callback callback) {
            inFlight.incrementAndGet();
            if ("GET".equals(request.getMethod()) && HealthRoutes.PATH.equals(request.getHttpURI().getPath())) {
                run(request, response, callback);
                return true;
            }
            try {
                workers.execute(() -> run(request, response, callback));
            } catch (RejectedExecutionException e) {
                log.warn("{} {} refused: {} requests are waiting already", request.getMethod(),
                        request.getHttpURI().getPath(), QUEUE);
                run(request, response, callback, Response.problem(ApiProblem.of(503, "service_busy",
                        "Service busy", "The service has too many requests waiting; try again in a moment.")));
            }
            return true;
        }
    }

    private void run(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
            Callback callback) {
        run(request, response, callback, null);
    }

    /** Serves the request (or sends {@code ready} when not null) and completes it. */
    private void run(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
            Callback callback, Response ready) {
        try {
            if (ready == null) {
                serve(request, response);
            } else {
                render(response, ready);
            }
            callback.succeeded();
        } catch (Exception e) {
            callback.failed(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serve(org.eclipse.jetty.server.Request ex, org.eclipse.jetty.server.Response out) throws Exception {
        long start = System.nanoTime();
        String method = ex.getMethod();
        String path = ex.getHttpURI().getPath();
        Response response;
        try {
            response = answer(ex, method, path);
        } catch (ProblemException e) {
            response = e.response();
        } catch (AppException e) {
            response = Response.problem(ApiProblem.of(status(e.kind()), e.code(), title(e.kind()), e.getMessage()));
        } catch (Exception e) {
            log.error("{} {} failed", method, path, e);
            response = Response.problem(ApiProblem.of(500, "internal_error", "Internal error",
                    "The service failed unexpectedly; its log in the data directory has the details."));
        }
        try {
            render(out, response);
        } catch (IOException e) {
            log.debug("{} {}: client went away: {}", method, path, e.getMessage());
        } finally {
            log.debug("{} {} -> {} in {} ms", method, path, response.status(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Response answer(org.eclipse.jetty.server.Request ex, String method, String path) throws Exception {
        HttpFields headers = ex.getHeaders();
        origin.check(headers.get("Host"), headers.get("Origin"), headers.get("Sec-Fetch-Site"));
        if (!authorized(headers.get("Authorization"))) {
            log.info("{} {} refused: missing or wrong bearer token", method, path);
            throw new ProblemException(ApiProblem.of(401, "unauthorized", "Unauthorized",
                    "This request needs the service's bearer token (from the api-token file in its data directory)."),
                    java.util.Map.of("WWW-Authenticate", "Bearer realm=\"mailferry\""));
        }
        Router.Match match = router.find(method, path);
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(ex)) {
            body = readBody(in);
        } catch (org.eclipse.jetty.io.EofException | org.eclipse.jetty.http.BadMessageException e) {
            // a body cut short or framed wrongly (a bad chunk size): the client's fault, not the service's
            throw new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request",
                    "The request body ended early or is not framed as its headers say."));
        }
        Request request = new Request(method, path, match.params(), ex.getHttpURI().getQuery(),
                headers.get("Content-Type"), body, json);
        return match.handler().handle(request);
    }

    /** "Bearer TOKEN"; the scheme name is case-insensitive (RFC 9110, 11.1), the token is not. */
    private boolean authorized(String header) {
        String value = header == null ? "" : header.strip();
        int space = value.indexOf(' ');
        boolean bearer = space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer");
        byte[] given = bearer ? value.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        return MessageDigest.isEqual(expectedAuthorization, given) && bearer;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ProblemException(ApiProblem.of(413, "payload_too_large", "Payload too large",
                    "The request body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB."));
        }
        return body;
    }

    private void render(org.eclipse.jetty.server.Response out, Response response) throws IOException {
        HttpFields.Mutable headers = out.getHeaders();
        response.headers().forEach(headers::put);
        if (response.body() instanceof Response.Streamed streamed) {
            headers.put("Content-Type", withCharset(response.contentType()));
            headers.put("Cache-Control", "no-store");
            out.setStatus(response.status());
            try (OutputStream body = Content.Sink.asOutputStream(out);
                    JsonGenerator generator = json.getFactory().createGenerator(body)) {
                streamed.write(generator);
            }
            return;
        }
        byte[] bytes = bytes(response);
        if (response.contentType() != null && bytes != null) {
            headers.put("Content-Type", withCharset(response.contentType()));
        }
        headers.put("Cache-Control", "no-store");
        out.setStatus(response.status());
        boolean empty = bytes == null || response.status() == 204;
        if (!empty) {
            headers.put("Content-Length", Long.toString(bytes.length));
        }
        FutureCallback written = new FutureCallback();
        out.write(true, empty ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), written);
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while answering", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private byte[] bytes(Response response) throws IOException {
        Object body = response.body();
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof String text && !response.contentType().contains("json")) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(body);
    }

    private static String withCharset(String contentType) {
        return contentType.contains("charset") ? contentType : contentType + "; charset=utf-8";
    }

    private static int status(AppException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case UPSTREAM -> 502;
        };
    }

    private static String title(AppException.Kind kind) {
        return switch (kind) {
            case INVALID -> "Validation failed";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNPROCESSABLE -> "Unprocessable request";
            case UPSTREAM -> "Bad gateway";
        };
    }
}
