package io.mailferry.admin.google;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.ClientId;
import com.google.auth.oauth2.DefaultPKCEProvider;
import com.google.auth.oauth2.MemoryTokensStorage;
import com.google.auth.oauth2.UserAuthorizer;
import com.google.auth.oauth2.UserCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One account's consent for Mailferry to read its Gmail, as Google's installed-app flow has it
 * (developers.google.com/identity/protocols/oauth2/native-app): a loopback listener on 127.0.0.1 (a free port) is the
 * redirect URI; {@link #authorizationUrl()} is Google's sign-in page for the admin's own "Desktop app" OAuth client,
 * scope https://mail.google.com/, with a PKCE challenge (S256) and a random state; when the browser comes back with
 * the code, Google's library ({@link UserAuthorizer}) trades it, with the PKCE verifier, for the account's refresh
 * token, and {@link #result()} completes with Google's "authorized_user" JSON (client id and secret, refresh token) —
 * the Gmail connection's secret, which the service stores sealed. Nothing is logged. Thread-safe.
 */
public final class GoogleConsent implements AutoCloseable {
    /** The scope of IMAP with XOAUTH2. */
    public static final String SCOPE = "https://mail.google.com/";
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Google's authorization and token endpoints (tests point them at their doubles). */
    public record Endpoints(URI authorization, URI token) {
        public static final Endpoints GOOGLE = new Endpoints(URI.create("https://accounts.google.com/o/oauth2/auth"),
                URI.create("https://oauth2.googleapis.com/token"));
    }

    private final HttpServer server;
    private final UserAuthorizer authorizer;
    private final String clientId;
    private final String clientSecret;
    private final String state;
    private final URI redirect;
    private final URI authorizationUrl;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private GoogleConsent(Endpoints endpoints, String clientId, String clientSecret, String account)
            throws IOException {
        this.clientId = clientId.trim();
        this.clientSecret = clientSecret.trim();
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.state = HexFormat.of().formatHex(random);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirect = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        authorizer = UserAuthorizer.newBuilder()
                .setClientId(ClientId.of(this.clientId, this.clientSecret))
                .setScopes(List.of(SCOPE))
                .setCallbackUri(redirect)
                .setUserAuthUri(endpoints.authorization())
                .setTokenServerUri(endpoints.token())
                .setTokenStore(new MemoryTokensStorage())
                .setPKCEProvider(new DefaultPKCEProvider()) // the S256 challenge with the URL, its verifier with the code
                .build();
        // prompt=consent: a refresh token each time, also for an account that consented before; the user id is the
        // login hint that preselects the account in Google's page
        authorizationUrl = URI.create(authorizer.getAuthorizationUrl(account == null || account.isBlank() ? null
                : account.trim(), state, null, Map.of("prompt", "consent")).toString());
        server.createContext("/", this::redirected);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "google-consent");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * Starts listening on the loopback redirect; the caller opens {@link #authorizationUrl()} in the browser.
     *
     * @param account the account's address, to preselect it in Google's page (may be blank)
     */
    public static GoogleConsent start(Endpoints endpoints, String clientId, String clientSecret, String account)
            throws IOException {
        return new GoogleConsent(endpoints, clientId, clientSecret, account);
    }

    /** Google's sign-in page for this consent: the browser opens it, or the admin copies it. */
    public URI authorizationUrl() {
        return authorizationUrl;
    }

    /** The loopback redirect URI (http://127.0.0.1:port/). */
    public URI redirectUri() {
        return redirect;
    }

    /**
     * Completes with the "authorized_user" JSON once Google's page sent the browser back with a code and the code was
     * traded; or exceptionally with a {@link ConsentFailure} in the admin's words.
     */
    public CompletableFuture<String> result() {
        return result;
    }

    /** The browser's return to the loopback redirect: ?code=…&state=… or ?error=…&state=…. */
    private void redirected(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            if (!state.equals(q.get("state")) || result.isDone()) {
                page(exchange, 400, "This is not the sign-in Mailferry is waiting for; start it again from the "
                        + "connection wizard.");
                return;
            }
            String sentence;
            if (q.containsKey("error")) {
                sentence = "access_denied".equals(q.get("error"))
                        ? "The account did not give its consent in Google's page; sign in again and choose Allow."
                        : "Google's sign-in page answered " + q.get("error") + "; sign in again.";
            } else if (q.get("code") == null) {
                sentence = "Google's sign-in page sent no code back; sign in again.";
            } else {
                sentence = exchange(q.get("code"));
            }
            if (sentence == null) {
                page(exchange, 200, "Mailferry has the account's consent. You can close this tab and go back to the "
                        + "connection wizard.");
            } else {
                page(exchange, 400, sentence);
                result.completeExceptionally(new ConsentFailure(sentence));
            }
        } finally {
            if (result.isDone()) { // not from the listener's own thread: it would wait for itself
                Thread stop = new Thread(() -> server.stop(0), "google-consent-stop");
                stop.setDaemon(true);
                stop.start();
            }
        }
    }

    /** Trades the code for the refresh token; null when done, else why not. */
    private String exchange(String code) {
        try {
            UserCredentials credentials = authorizer.getCredentialsFromCode(code, null);
            if (credentials.getRefreshToken() == null) {
                return "Google gave no refresh token; remove Mailferry's access at myaccount.google.com/permissions "
                        + "and sign in again.";
            }
            result.complete(JSON.writeValueAsString(Map.of("type", "authorized_user", "client_id", clientId,
                    "client_secret", clientSecret, "refresh_token", credentials.getRefreshToken())));
            return null;
        } catch (IOException | RuntimeException e) {
            return refusal(e);
        }
    }

    /** Google's token endpoint's refusal in the admin's words (error codes of RFC 6749 §5.2). */
    private static String refusal(Exception e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(' ').append(t.getMessage());
            if (t instanceof com.google.api.client.http.HttpResponseException h && h.getContent() != null) {
                all.append(' ').append(h.getContent());
            }
        }
        Matcher m = ERROR.matcher(all);
        String code = m.find() ? m.group(1) : all.toString().toLowerCase(Locale.ROOT).contains("401") ? "invalid_client"
                : null;
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            return "Google refused the OAuth client: check its client ID and secret (a \"Desktop app\" client of your"
                    + " Google Cloud project).";
        }
        if ("invalid_grant".equals(code)) {
            return "Google refused the sign-in code (it expired or was used); sign in again.";
        }
        return code != null ? "Google refused the sign-in (" + code + "); sign in again."
                : "Google's token endpoint could not be reached; check the network and sign in again.";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void page(HttpExchange exchange, int status, String sentence) throws IOException {
        byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Mailferry</title></head><body><p>"
                + sentence.replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Stops listening; a consent not given by then ends as cancelled. */
    @Override
    public void close() {
        result.completeExceptionally(new ConsentFailure("The sign-in was cancelled."));
        server.stop(0);
    }

    /** Why the consent was not obtained, in the admin's words. */
    public static final class ConsentFailure extends Exception {
        public ConsentFailure(String sentence) {
            super(sentence);
        }
    }
}
