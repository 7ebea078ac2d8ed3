package io.mailferry.service.connector.imap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailferry.model.connection.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Google's OAuth 2.0 token endpoint for service accounts, on plain loopback HTTP (test code only), as
 * developers.google.com/identity/protocols/oauth2/service-account describes it: a POST of
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>}, the JWT signed RS256 with the
 * service account's key and carrying {@code iss} (its client email), {@code scope}, {@code aud} (Google's token URI),
 * {@code sub} (the user, for domain-wide delegation), {@code iat} and {@code exp}; the answer
 * {@code {"access_token":..., "token_type":"Bearer", "expires_in":3599}}, or an error JSON ("Error codes" on that
 * page). The double checks the signature against the key it made ({@link #serviceAccountKey}), the issuer, the
 * audience and the scope; delegation is granted for the users and scopes the test says ({@link #delegate}). Issued
 * tokens are known to {@link #issued}, which the Dovecot playing Gmail asks through its introspection endpoint.
 */
final class GoogleTokenDouble implements AutoCloseable {
    static final String CLIENT_EMAIL = "mailferry@mailferry-test.iam.gserviceaccount.com";
    static final String CLIENT_ID = "104242424242424242424";

    /** A JWT as received, decoded. */
    record Grant(String issuer, String subject, String scope, String audience) {
    }

    private final HttpServer server;
    private final KeyPair key;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final Map<String, String> scopes = new ConcurrentHashMap<>();
    /** The domain's users for the Directory API: address → full name; names starting "-" are suspended. */
    private final Map<String, String> users = new java.util.TreeMap<>();
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private final List<Grant> grants = new CopyOnWriteArrayList<>();
    private final Set<String> delegatedScopes = ConcurrentHashMap.newKeySet();
    private volatile boolean clientAuthorised = true;
    /** Refresh tokens of the consent an account gave the installed app's client: token → account. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<String> refreshes = new CopyOnWriteArrayList<>();
    static final String DESKTOP_CLIENT_ID = "1234-desktop.apps.googleusercontent.com";
    static final String DESKTOP_CLIENT_SECRET = "GOCSPX-desktop-secret";

    GoogleTokenDouble() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/admin/directory/v1/users", this::users);
        server.start();
        delegatedScopes.add(GoogleServiceAccountTokens.SCOPE);
    }

    URI tokenUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** The service account's JSON key file as Google Cloud console hands it out (token_uri: Google's own). */
    Secret serviceAccountKey() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> file = Map.of("type", "service_account", "project_id", "mailferry-test",
                "private_key_id", "k1", "private_key", pem, "client_email", CLIENT_EMAIL, "client_id", CLIENT_ID,
                "auth_uri", "https://accounts.google.com/o/oauth2/auth",
                "token_uri", "https://oauth2.googleapis.com/token");
        try {
            return new Secret(json.writeValueAsString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The consent {@code account} gave the admin's "Desktop app" client in Google's sign-in page: the refresh token
     * the installed-app flow ends with (developers.google.com/identity/protocols/oauth2/native-app), as the panel
     * hands it to the service: Google's "authorized_user" JSON.
     */
    Secret consent(String account) {
        String refresh = "1//refresh-" + UUID.randomUUID();
        refreshTokens.put(refresh, account);
        try {
            return new Secret(json.writeValueAsString(Map.of("type", "authorized_user", "client_id",
                    DESKTOP_CLIENT_ID, "client_secret", DESKTOP_CLIENT_SECRET, "refresh_token", refresh)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account withdrew every consent it gave (myaccount.google.com/permissions). */
    void withdrawConsents(String account) {
        refreshTokens.values().removeIf(account::equals);
    }

    /** The accounts whose refresh token was traded for an access token, in order. */
    List<String> refreshes() {
        return List.copyOf(refreshes);
    }

    /** The Admin console's domain-wide delegation of this client: authorised at all, and for which scopes. */
    void delegate(boolean authorised, Set<String> scopes) {
        clientAuthorised = authorised;
        delegatedScopes.clear();
        delegatedScopes.addAll(scopes);
    }

    /** The Directory API's base ("https://admin.googleapis.com/" at Google). */
    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** A user of the domain; an administrator may list the users. */
    synchronized void user(String address, String fullName, boolean admin) {
        users.put(address, fullName);
        if (admin) {
            admins.add(address);
        }
    }

    /**
     * users.list of the Directory API (developers.google.com/admin-sdk/directory/reference/rest/v1/users/list): a
     * token for an administrator with the directory scope gets {@code {"users":[...],"nextPageToken":...}}, two users
     * a page here so that paging is exercised; any other token 403 "Not Authorized to access this resource/api".
     */
    private synchronized void users(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
            String query = exchange.getRequestURI().getRawQuery();
            if (!issued.containsKey(token) || !admins.contains(issued.get(token))
                    || !scopes.get(token).contains(GoogleDirectory.SCOPE) || !query.contains("customer=my_customer")) {
                answer(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"Not Authorized to access this"
                        + " resource/api\"}}");
                return;
            }
            int from = query.contains("pageToken=") ? Integer.parseInt(query.replaceAll(".*pageToken=(\\d+).*", "$1"))
                    : 0;
            List<String> all = List.copyOf(users.keySet());
            List<String> page = all.subList(from, Math.min(all.size(), from + 2));
            StringBuilder body = new StringBuilder("{\"kind\":\"admin#directory#users\",\"users\":[");
            for (int i = 0; i < page.size(); i++) {
                String name = users.get(page.get(i));
                body.append(i == 0 ? "" : ",").append("{\"primaryEmail\":\"").append(page.get(i))
                        .append("\",\"name\":{\"fullName\":\"").append(name.replace("-", ""))
                        .append("\"},\"suspended\":").append(name.startsWith("-"))
                        .append(",\"isMailboxSetup\":true}");
            }
            body.append("]").append(from + 2 < all.size() ? ",\"nextPageToken\":\"" + (from + 2) + "\"" : "")
                    .append("}");
            answer(exchange, 200, body.toString());
        }
    }

    /** True for a token this endpoint issued. */
    boolean issued(String token) {
        return issued.containsKey(token);
    }

    /** The user a token was issued for. */
    String userOf(String token) {
        return issued.get(token);
    }

    List<Grant> grants() {
        return List.copyOf(grants);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = new java.util.HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            if ("refresh_token".equals(form.get("grant_type"))) {
                refresh(exchange, form);
                return;
            }
            if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
                answer(exchange, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type\"}");
                return;
            }
            Grant grant = verified(form.get("assertion"));
            if (grant == null) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
                return;
            }
            grants.add(grant);
            if (!clientAuthorised) {
                answer(exchange, 401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is"
                        + " unauthorized to retrieve access tokens using this method, or client not authorized for"
                        + " any of the scopes requested.\"}");
                return;
            }
            if (!delegatedScopes.containsAll(List.of(grant.scope().split(" ")))) {
                answer(exchange, 400, "{\"error\":\"access_denied\",\"error_description\":\"Requested client not"
                        + " authorized.\"}");
                return;
            }
            String token = "ya29.test-" + UUID.randomUUID();
            issued.put(token, grant.subject() == null ? "" : grant.subject());
            scopes.put(token, grant.scope());
            answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":3599}");
        }
    }

    /**
     * The refresh-token grant of an installed app ("Refreshing an access token",
     * developers.google.com/identity/protocols/oauth2/native-app): {@code client_id}, {@code client_secret},
     * {@code refresh_token}; a wrong client is 401 {@code invalid_client}, a withdrawn consent 400
     * {@code invalid_grant} "Token has been expired or revoked."
     */
    private void refresh(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (!DESKTOP_CLIENT_ID.equals(form.get("client_id"))
                || !DESKTOP_CLIENT_SECRET.equals(form.get("client_secret"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}");
            return;
        }
        String account = refreshTokens.get(String.valueOf(form.get("refresh_token")));
        if (account == null) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or"
                    + " revoked.\"}");
            return;
        }
        refreshes.add(account);
        String token = "ya29.consent-" + UUID.randomUUID();
        issued.put(token, account);
        scopes.put(token, GoogleServiceAccountTokens.SCOPE);
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3599,"
                + "\"scope\":\"https://mail.google.com/\"}");
    }

    /** The assertion's claims when its RS256 signature is the service account's and issuer and audience fit. */
    private Grant verified(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Grant g = new Grant(claims.path("iss").asText(null), claims.path("sub").asText(null),
                    claims.path("scope").asText(""), claims.path("aud").asText(null));
            // the page: aud is always "https://oauth2.googleapis.com/token", whichever address the JWT is posted to
            return CLIENT_EMAIL.equals(g.issuer()) && "https://oauth2.googleapis.com/token".equals(g.audience()) ? g
                    : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
