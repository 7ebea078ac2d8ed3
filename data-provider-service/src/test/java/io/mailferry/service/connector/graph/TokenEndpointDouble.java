package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Microsoft identity platform token endpoint on loopback HTTPS, answering the client-credentials grant exactly as
 * documented in "Microsoft identity platform and the OAuth 2.0 client credentials flow"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow): {@code POST
 * /{tenant}/oauth2/v2.0/token} with a form of {@code client_id}, {@code scope}, {@code grant_type=client_credentials}
 * and either {@code client_secret} (or HTTP Basic) or {@code client_assertion_type} + {@code client_assertion}. Success
 * is {@code {"token_type":"Bearer","expires_in":N,"access_token":...}}; failures are 400/401 with
 * {@code {"error","error_description":"AADSTSnnnn: ...\r\nTrace ID: ...","error_codes":[n],"timestamp","trace_id",
 * "correlation_id","error_uri"}} and the AADSTS codes of
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (90002 unknown tenant, 700016 unknown
 * app, 7000215 wrong secret, 7000222 expired secret, 700027 unregistered certificate or bad assertion signature,
 * 700024 assertion out of its time range, 50027 bad assertion claims, 1002012 scope without /.default, 500011 unknown
 * resource).
 *
 * <p>A client assertion is checked as Entra ID does (certificate-credentials page): RS256 signature by the key of a
 * certificate registered on the app (found by its {@code x5t#S256} or {@code x5t} thumbprint), {@code aud} = this
 * tenant's token URL, {@code iss} = {@code sub} = client id, within {@code nbf}/{@code exp}.
 *
 * <p>Issued access tokens are JWTs signed with the double's own key and carry what a Graph app-only token carries:
 * {@code aud} (the resource), {@code tid}, {@code appid}, {@code roles} (the application permissions granted to the
 * app for that resource), {@code exp}; {@link #claims(String)} checks and reads one, so a Graph test double can decide
 * 401/403 from it. The server's certificate is self-signed for 127.0.0.1, made with openssl at start;
 * {@link #clientSocketFactory()} trusts it (and only it). Thread-safe.
 */
public final class TokenEndpointDouble implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] STORE_PASSWORD = "double-store".toCharArray();
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");
    private static final DateTimeFormatter AAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final HttpsServer server;
    private final ExecutorService executor;
    private final KeyMaterial serverKey;
    private final SSLContext clientTls;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger otherRequests = new AtomicInteger();
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<String>> fixedTokens = new ConcurrentHashMap<>();
    private volatile int expiresIn = 3599;

    /** One registered tenant: its id (a GUID), the names it answers to, and its app registrations. */
    public static final class Tenant {
        final String id;
        final Set<String> names = ConcurrentHashMap.newKeySet();
        final Map<String, App> apps = new ConcurrentHashMap<>();

        Tenant(String id) {
            this.id = id;
            names.add(id.toLowerCase(Locale.ROOT));
        }

        public String id() {
            return id;
        }

        /** Also answer to {@code domain} (e.g. contoso.onmicrosoft.com). */
        public Tenant alias(String domain) {
            names.add(domain.toLowerCase(Locale.ROOT));
            return this;
        }

        /** Registers an app (client id) in this tenant. */
        public App app(String clientId) {
            return apps.computeIfAbsent(clientId, App::new);
        }
    }

    /** An app registration: its secrets, expired secrets, certificates, and the permissions granted per resource. */
    public static final class App {
        final String clientId;
        final Set<String> secrets = ConcurrentHashMap.newKeySet();
        final Set<String> expiredSecrets = ConcurrentHashMap.newKeySet();
        final List<X509Certificate> certificates = new CopyOnWriteArrayList<>();
        final Map<String, Set<String>> roles = new ConcurrentHashMap<>();

        App(String clientId) {
            this.clientId = clientId;
        }

        public App secret(String value) {
            secrets.add(value);
            return this;
        }

        public App expiredSecret(String value) {
            expiredSecrets.add(value);
            return this;
        }

        public App certificate(X509Certificate certificate) {
            certificates.add(certificate);
            return this;
        }

        /** Grants (admin-consented) application permissions on {@code resource}, e.g. https://graph.microsoft.com. */
        public App roles(String resource, String... granted) {
            roles.computeIfAbsent(trimSlash(resource), r -> ConcurrentHashMap.newKeySet()).addAll(List.of(granted));
            return this;
        }

        /** Takes back every permission on {@code resource}. */
        public App revoke(String resource) {
            roles.remove(trimSlash(resource));
            return this;
        }
    }

    /**
     * One token request as received: the credential kind only, never its value ("secret", "basic", "assertion",
     * "none").
     */
    public record TokenRequest(String tenant, String clientId, String scope, String credential, int status) {
    }

    /** An RSA key with its self-signed certificate, as PEM (cert + PKCS#8 key), PKCS#1 PEM, and a PKCS#12 file. */
    public record KeyMaterial(X509Certificate certificate, PrivateKey key, String certificatePem, String keyPem,
                              String pkcs1KeyPem, byte[] pkcs12, String pkcs12Password) {
        /** Certificate and PKCS#8 key in one PEM text, as the connection's secret holds them. */
        public String pem() {
            return certificatePem + keyPem;
        }

        /** Certificate and the key as openssl's "traditional" PKCS#1 "RSA PRIVATE KEY". */
        public String pkcs1Pem() {
            return certificatePem + pkcs1KeyPem;
        }

        /** A server's TLS that presents this certificate (alone: a chain of one, as a self-signed server's). */
        public SSLContext serverContext() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(pkcs12), pkcs12Password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, pkcs12Password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        }

        /** The connection secret for this certificate as PKCS#12: "pkcs12:" + Base64 + "\n" + password. */
        public String pkcs12Secret() {
            return MsalTokenSource.PKCS12_PREFIX + Base64.getEncoder().encodeToString(pkcs12) + "\n" + pkcs12Password;
        }
    }

    private TokenEndpointDouble(Path workDir) throws Exception {
        serverKey = keyMaterial(workDir, "token-double", "IP:127.0.0.1,DNS:localhost");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(serverKey.pkcs12()), serverKey.pkcs12Password().toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, serverKey.pkcs12Password().toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, STORE_PASSWORD);
        trust.setCertificateEntry("token-double", serverKey.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        resources.add("https://graph.microsoft.com");
        resources.add("https://outlook.office365.com");
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "token-endpoint-double");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a double on 127.0.0.1 and a free port; {@code workDir} receives its key files. */
    public static TokenEndpointDouble start(Path workDir) throws Exception {
        return new TokenEndpointDouble(workDir);
    }

    /** The authority base to put in a {@link GraphCloud}: {@code https://127.0.0.1:PORT/}. */
    public URI authorityBase() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** A cloud whose sign-in is this double and whose Graph is {@code graphBase}. */
    public GraphCloud cloud(URI graphBase) {
        return new GraphCloud("double", authorityBase(), graphBase, "outlook.office365.com", 993);
    }

    /** This double's server certificate as PEM, for a client in another JVM to trust (and nothing else). */
    public String certificatePem() {
        return serverKey.certificatePem();
    }

    /** Client TLS that trusts this double's certificate only. */
    public SSLSocketFactory clientSocketFactory() {
        return clientTls.getSocketFactory();
    }

    public SSLContext clientSslContext() {
        return clientTls;
    }

    /** Registers a tenant with the id {@code id} (or returns it). */
    public Tenant tenant(String id) {
        return tenants.computeIfAbsent(id.toLowerCase(Locale.ROOT), Tenant::new);
    }

    /** Makes {@code resource} (e.g. a local Graph double's http://127.0.0.1:PORT) a known token audience. */
    public TokenEndpointDouble acceptResource(String resource) {
        resources.add(trimSlash(resource));
        return this;
    }

    /**
     * Tokens for {@code resource} are what {@code token} supplies instead of the double's JWTs: for a Graph double that
     * accepts only its own token. They carry no readable claims ({@link #claims} answers null).
     */
    public TokenEndpointDouble issueForResource(String resource, Supplier<String> token) {
        acceptResource(resource);
        fixedTokens.put(trimSlash(resource), token);
        return this;
    }

    /** The lifetime of tokens issued from now on, in seconds (the documented example says 3599). */
    public TokenEndpointDouble expiresIn(int seconds) {
        expiresIn = seconds;
        return this;
    }

    /** How many POSTs reached the token endpoint (answered or refused). */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Requests to any other path (instance discovery, metadata): a hermetic client makes none. */
    public int otherRequests() {
        return otherRequests.get();
    }

    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * The claims of an access token this double issued and that has not expired, or null (not ours, tampered, or
     * expired): what Graph's own token check decides before looking at {@code roles}.
     */
    public JsonNode claims(String accessToken) {
        try {
            String[] parts = accessToken.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            if (!verifies(parts, serverKey.certificate().getPublicKey())) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").asLong() > Instant.now().getEpochSecond() ? claims : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The application permissions ({@code roles}) of a valid token for {@code resource}, or null when invalid. */
    public Set<String> roles(String accessToken, String resource) {
        JsonNode claims = claims(accessToken);
        if (claims == null || !trimSlash(resource).equals(claims.path("aud").asText())) {
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        claims.path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] segments = path.split("/");
            if (!"POST".equals(exchange.getRequestMethod()) || segments.length != 5 || !segments[0].isEmpty()
                    || !"oauth2".equals(segments[2]) || !"v2.0".equals(segments[3]) || !"token".equals(segments[4])) {
                otherRequests.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(exchange, 404, "<html><body>Not found</body></html>");
                return;
            }
            tokenRequests.incrementAndGet();
            String tenantName = URLDecoder.decode(segments[1], StandardCharsets.UTF_8);
            Map<String, String> form = form(exchange);
            Answer answer = token(exchange, tenantName, form);
            requests.add(new TokenRequest(tenantName, form.get("client_id"), form.get("scope"),
                    credentialKind(exchange, form), answer.status()));
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
            String requestId = exchange.getRequestHeaders().getFirst("client-request-id");
            if (requestId != null) {
                exchange.getResponseHeaders().set("client-request-id", requestId);
            }
            send(exchange, answer.status(), answer.body());
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer token(HttpExchange exchange, String tenantName, Map<String, String> form) throws IOException {
        Tenant tenant = tenants.get(tenantName.toLowerCase(Locale.ROOT));
        if (tenant == null) {
            tenant = tenants.values().stream().filter(t -> t.names.contains(tenantName.toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(null);
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + form.get("grant_type") + "'.");
        }
        if (tenant == null) {
            return error(400, "invalid_request", 90002, "Tenant '" + tenantName + "' not found. Check to make sure you"
                    + " have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
                    + " administrator, this may happen if there are no active subscriptions for the tenant.");
        }
        String clientId = form.get("client_id");
        Map<String, String> basic = basic(exchange);
        if (clientId == null && basic != null) {
            clientId = basic.get("client_id");
        }
        if (clientId == null || clientId.isBlank()) {
            return error(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        App app = tenant.apps.get(clientId);
        if (app == null) {
            return error(400, "unauthorized_client", 700016, "Application with identifier '" + clientId + "' was not"
                    + " found in the directory '" + tenantName + "'. This can happen if the application has not been"
                    + " installed by the administrator of the tenant or consented to by any user in the tenant. You may"
                    + " have sent your authentication request to the wrong tenant.");
        }
        String secret = form.containsKey("client_secret") ? form.get("client_secret")
                : basic == null ? null : basic.get("client_secret");
        String assertion = form.get("client_assertion");
        if (secret != null) {
            if (app.expiredSecrets.contains(secret)) {
                return error(401, "invalid_client", 7000222, "The provided client secret keys for app '" + clientId
                        + "' are expired. Visit the Azure portal to create new keys for your app:"
                        + " https://aka.ms/NewClientSecret, or consider using certificate credentials for added"
                        + " security: https://aka.ms/certCreds.");
            }
            if (!app.secrets.contains(secret)) {
                return error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
                        + " sent in the request is the client secret value, not the client secret ID, for a secret"
                        + " added to app '" + clientId + "'.");
            }
        } else if (assertion != null) {
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
                return error(400, "invalid_request", 50027, "Invalid JWT token. The client_assertion_type is not"
                        + " urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
            }
            Answer refused = checkAssertion(exchange, tenantName, app, assertion);
            if (refused != null) {
                return refused;
            }
        } else {
            return error(401, "invalid_client", 7000218, "The request body must contain the following parameter:"
                    + " 'client_assertion' or 'client_secret'.");
        }
        String scope = form.getOrDefault("scope", "");
        List<String> resourceScopes = new ArrayList<>();
        for (String s : scope.trim().split("\\s+")) {
            if (!s.isEmpty() && !OIDC_SCOPES.contains(s)) {
                resourceScopes.add(s);
            }
        }
        if (resourceScopes.size() != 1 || !resourceScopes.get(0).endsWith("/.default")) {
            return error(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid."
                    + " Client credential flows must have a scope value with /.default suffixed to the resource"
                    + " identifier (application ID URI).");
        }
        String resource = resourceScopes.get(0).substring(0, resourceScopes.get(0).length() - "/.default".length());
        if (!resources.contains(trimSlash(resource))) {
            return error(400, "invalid_resource", 500011, "The resource principal named " + resource + " was not found"
                    + " in the tenant named " + tenantName + ". This can happen if the application has not been"
                    + " installed by the administrator of the tenant or consented to by any user in the tenant. You"
                    + " might have sent your authentication request to the wrong tenant.");
        }
        int lifetime = expiresIn;
        ObjectNode body = JSON.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime);
        body.put("ext_expires_in", lifetime);
        Supplier<String> fixed = fixedTokens.get(trimSlash(resource));
        body.put("access_token", fixed != null ? fixed.get() : accessToken(tenant, app, trimSlash(resource), lifetime));
        return new Answer(200, JSON.writeValueAsString(body));
    }

    /** Null when the assertion is good, else Entra ID's refusal. */
    private Answer checkAssertion(HttpExchange exchange, String tenantName, App app, String assertion) {
        String[] parts = assertion.split("\\.");
        JsonNode header;
        JsonNode claims;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("not three parts");
            }
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return error(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            return error(400, "invalid_request", 50027, "Invalid JWT token. Unsupported signing algorithm '"
                    + header.path("alg").asText() + "'.");
        }
        X509Certificate signer = null;
        for (X509Certificate c : app.certificates) {
            if (thumbprintMatches(header.path("x5t#S256").asText(null), c, "SHA-256")
                    || thumbprintMatches(header.path("x5t").asText(null), c, "SHA-1")) {
                signer = c;
            }
        }
        if (signer == null) {
            return error(401, "invalid_client", 700027, "The certificate with identifier used to sign the client"
                    + " assertion is not registered on application. [Reason - The key was not found., Thumbprint of"
                    + " key used by client: '" + thumbprintHex(header) + "', Please visit the Azure Portal, Graph"
                    + " Explorer or directly use MS Graph to see configured keys for app Id '" + app.clientId + "'.]");
        }
        if (!verifies(parts, signer.getPublicKey())) {
            return error(401, "invalid_client", 700027, "Client assertion contains an invalid signature. [Reason - The"
                    + " key used is expired or the signature does not verify.]");
        }
        String expectedAudience = "https://" + exchange.getRequestHeaders().getFirst("Host") + "/" + tenantName
                + "/oauth2/v2.0/token";
        String audience = claims.path("aud").isArray() ? claims.path("aud").path(0).asText()
                : claims.path("aud").asText();
        if (!expectedAudience.equalsIgnoreCase(audience)) {
            return error(401, "invalid_client", 50027, "Invalid JWT token. Token audience '" + audience
                    + "' is not the token endpoint '" + expectedAudience + "'.");
        }
        if (!app.clientId.equals(claims.path("iss").asText()) || !app.clientId.equals(claims.path("sub").asText())) {
            return error(401, "invalid_client", 50027, "Invalid JWT token. The iss and sub claims must be the client"
                    + " id.");
        }
        long now = Instant.now().getEpochSecond();
        if (claims.path("exp").asLong() < now - 300 || claims.path("nbf").asLong(0) > now + 300) {
            return error(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        }
        return null;
    }

    private String accessToken(Tenant tenant, App app, String resource, int lifetime) {
        long now = Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        ObjectNode claims = JSON.createObjectNode()
                .put("aud", resource)
                .put("iss", "https://sts.windows.net/" + tenant.id + "/")
                .put("iat", now)
                .put("nbf", now)
                .put("exp", now + lifetime)
                .put("appid", app.clientId)
                .put("idtyp", "app")
                .put("tid", tenant.id)
                .put("uti", UUID.randomUUID().toString())
                .put("ver", "1.0");
        claims.putArray("roles").addAll(app.roles.getOrDefault(resource, Set.of()).stream()
                .sorted().map(JSON.getNodeFactory()::textNode).toList());
        try {
            String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(serverKey.key());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer error(int status, String error, int code, String message) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = AAD_TIME.format(Instant.now());
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId
                + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
        body.putArray("error_codes").add(code);
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        try {
            return new Answer(status, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verifies(String[] jwt, PublicKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(jwt[2]));
        } catch (Exception e) {
            return false;
        }
    }

    /** msal4j sends standard Base64 in x5t#S256 (TOOLCHAIN.md), the JWS spec base64url: accept both. */
    private static boolean thumbprintMatches(String given, X509Certificate c, String digest) {
        if (given == null || given.isEmpty()) {
            return false;
        }
        try {
            byte[] expected = MessageDigest.getInstance(digest).digest(c.getEncoded());
            String g = given.replace('+', '-').replace('/', '_').replace("=", "");
            return g.equals(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
        } catch (Exception e) {
            return false;
        }
    }

    private static String thumbprintHex(JsonNode header) {
        String t = header.path("x5t#S256").asText(header.path("x5t").asText(""));
        try {
            return HexFormat.of().withUpperCase().formatHex(Base64.getUrlDecoder()
                    .decode(t.replace('+', '-').replace('/', '_').replace("=", "")));
        } catch (IllegalArgumentException e) {
            return t;
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    /** RFC 6749 §2.3.1 client authentication in the Authorization header (the page says it is supported too). */
    private static Map<String, String> basic(HttpExchange exchange) {
        String h = exchange.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Function<String, String> d = s -> URLDecoder.decode(s, StandardCharsets.UTF_8);
        return Map.of("client_id", d.apply(decoded.substring(0, colon)),
                "client_secret", d.apply(decoded.substring(colon + 1)));
    }

    private static String credentialKind(HttpExchange exchange, Map<String, String> form) {
        if (form.containsKey("client_secret")) {
            return "secret";
        }
        if (form.containsKey("client_assertion")) {
            return "assertion";
        }
        return basic(exchange) != null ? "basic" : "none";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A fresh RSA 2048 key and self-signed certificate made with openssl in {@code dir}: as PEM (certificate + PKCS#8
     * key, the form {@code openssl req -nodes} writes), as PKCS#1 PEM, and as a PKCS#12 file with a password.
     */
    public static KeyMaterial keyMaterial(Path dir, String name, String subjectAltName) throws Exception {
        Files.createDirectories(dir);
        Path key = dir.resolve(name + ".key.pem");
        Path cert = dir.resolve(name + ".cert.pem");
        Path rsaKey = dir.resolve(name + ".rsa.pem");
        Path p12 = dir.resolve(name + ".p12");
        String password = name + "-pfx-pw";
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=" + subjectAltName, "-keyout", key.toString(), "-out", cert.toString());
        openssl("rsa", "-in", key.toString(), "-traditional", "-out", rsaKey.toString());
        openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out", p12.toString(),
                "-passout", "pass:" + password);
        byte[] pkcs12 = Files.readAllBytes(p12);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pkcs12), password.toCharArray());
        String alias = store.aliases().nextElement();
        PrivateKey privateKey = (PrivateKey) store.getKey(alias, password.toCharArray());
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
        String certPem = Files.readString(cert);
        return new KeyMaterial(certificate, privateKey, certPem, Files.readString(key), Files.readString(rsaKey),
                pkcs12, password);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
