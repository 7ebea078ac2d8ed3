package io.mailferry.admin.google;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Google's OAuth 2.0 endpoints for installed apps, on plain loopback HTTP (test code only), as
 * developers.google.com/identity/protocols/oauth2/native-app describes them:
 * <ul>
 * <li>the authorization endpoint: a GET with {@code client_id}, {@code redirect_uri} (a loopback address),
 *     {@code response_type=code}, {@code scope}, {@code state}, {@code code_challenge} and
 *     {@code code_challenge_method=S256}; after the account's consent (which the test decides: {@link #deny}) the
 *     browser is sent to {@code redirect_uri?code=…&state=…}, or {@code ?error=access_denied&state=…};</li>
 * <li>the token endpoint: a POST of {@code grant_type=authorization_code} with {@code code}, {@code client_id},
 *     {@code client_secret}, {@code redirect_uri} and {@code code_verifier}, whose SHA-256 must be the challenge; the
 *     answer {@code {"access_token", "expires_in", "refresh_token", "scope", "token_type"}}, or 400
 *     {@code invalid_grant} (a code used twice, a wrong verifier), 401 {@code invalid_client}.</li>
 * </ul>
 * {@link #browse} plays the browser: it opens the sign-in page and follows Google's redirect to the loopback.
 */
public final class GoogleSignInDouble implements AutoCloseable {
    public static final String CLIENT_ID = "1234-desktop.apps.googleusercontent.com";
    public static final String CLIENT_SECRET = "GOCSPX-desktop-secret";

    /** What the authorization endpoint was asked. */
    public record Authorization(String clientId, String redirectUri, String scope, String challengeMethod,
            String loginHint, String accessType) {
    }

    private record Code(String challenge, String redirectUri) {
    }

    private final HttpServer server;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> refreshTokens = new CopyOnWriteArrayList<>();
    private volatile boolean deny;

    public GoogleSignInDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/o/oauth2/auth", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    public GoogleConsent.Endpoints endpoints() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new GoogleConsent.Endpoints(URI.create(base + "/o/oauth2/auth"), URI.create(base + "/token"));
    }

    /** From now on the account refuses its consent in Google's page. */
    public void deny(boolean refuse) {
        deny = refuse;
    }

    public List<Authorization> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The refresh tokens issued, in order. */
    public List<String> refreshTokens() {
        return List.copyOf(refreshTokens);
    }

    /** The browser: opens Google's sign-in page and follows its redirect; returns the loopback's page. */
    public static HttpResponse<String> browse(URI page) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return browser.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
            String redirect = q.get("redirect_uri");
            authorizations.add(new Authorization(q.get("client_id"), redirect, q.get("scope"),
                    q.get("code_challenge_method"), q.get("login_hint"), q.get("access_type")));
            if (!CLIENT_ID.equals(q.get("client_id")) || redirect == null
                    || !redirect.startsWith("http://127.0.0.1:") || !"code".equals(q.get("response_type"))
                    || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
                answer(exchange, 400, "text/plain", "Error 400: invalid_request");
                return;
            }
            String back;
            if (deny) {
                back = redirect + "?error=access_denied&state=" + enc(q.get("state"));
            } else {
                String code = "4/0A-" + UUID.randomUUID();
                codes.put(code, new Code(q.get("code_challenge"), redirect));
                back = redirect + "?state=" + enc(q.get("state")) + "&code=" + enc(code) + "&scope="
                        + enc(q.get("scope"));
            }
            exchange.getResponseHeaders().set("Location", back);
            exchange.sendResponseHeaders(302, -1);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!CLIENT_ID.equals(f.get("client_id")) || !CLIENT_SECRET.equals(f.get("client_secret"))) {
                answer(exchange, 401, "application/json", "{\"error\":\"invalid_client\","
                        + "\"error_description\":\"Unauthorized\"}");
                return;
            }
            Code code = "authorization_code".equals(f.get("grant_type")) ? codes.remove(String.valueOf(f.get("code")))
                    : null;
            if (code == null || !code.redirectUri().equals(f.get("redirect_uri"))
                    || !code.challenge().equals(s256(f.get("code_verifier")))) {
                answer(exchange, 400, "application/json", "{\"error\":\"invalid_grant\","
                        + "\"error_description\":\"Bad Request\"}");
                return;
            }
            String refresh = "1//refresh-" + UUID.randomUUID();
            refreshTokens.add(refresh);
            answer(exchange, 200, "application/json", "{\"access_token\":\"ya29.a0-" + UUID.randomUUID()
                    + "\",\"expires_in\":3599,\"refresh_token\":\"" + refresh + "\",\"scope\":\"https://mail.google"
                    + ".com/\",\"token_type\":\"Bearer\"}");
        }
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(String.valueOf(s), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
