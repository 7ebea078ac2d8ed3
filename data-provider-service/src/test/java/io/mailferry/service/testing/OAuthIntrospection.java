package io.mailferry.service.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An RFC 7662 token introspection endpoint on plain loopback HTTP for {@link DovecotServer#startWithOAuth}: Dovecot
 * POSTs {@code token=...} to {@code /introspect}; a token {@code accepts} is answered
 * {@code {"active":true,"username":"app"}}, any other {@code {"active":false,"username":"-"}} (a username is always
 * there: without one Dovecot reports a temporary failure instead of a refused login). Thread-safe. It stands for
 * Exchange Online's check of an app-only access token at IMAP login (SASL XOAUTH2, scope
 * {@code https://outlook.office365.com/.default}, role IMAP.AccessAsApp:
 * learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth).
 */
public final class OAuthIntrospection implements AutoCloseable {
    private final HttpServer server;
    private final Predicate<String> accepts;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private OAuthIntrospection(Predicate<String> accepts) throws IOException {
        this.accepts = accepts;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/introspect", this::handle);
        server.start();
    }

    /** Starts an endpoint that calls active exactly the tokens {@code accepts} accepts. */
    public static OAuthIntrospection start(Predicate<String> accepts) throws IOException {
        return new OAuthIntrospection(accepts);
    }

    /** The URL to give Dovecot's oauth2 passdb. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect";
    }

    public int accepted() {
        return accepted.get();
    }

    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String token = null;
            for (String pair : body.split("&")) {
                if (pair.startsWith("token=")) {
                    token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
            boolean active = token != null && !token.isEmpty() && accepts.test(token);
            (active ? accepted : refused).incrementAndGet();
            byte[] answer = (active ? "{\"active\":true,\"username\":\"app\"}"
                    : "{\"active\":false,\"username\":\"-\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
