package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for Microsoft 365: signs in as the app (client credentials) and checks, with real Graph calls, the
 * application permissions the connection's role needs (MICROSOFT.md §4):
 * <ul>
 *   <li>{@code User.Read.All} for the tenant's directory (matching): {@code GET /users?$top=10};</li>
 *   <li>a source, and a target written through Graph: {@code Mail.Read} or {@code Mail.ReadWrite} to read mailboxes,
 *       {@code GET /users/{id}/mailFolders/inbox} of the first listed user with a mailbox;</li>
 *   <li>a target written through Graph (ADR 0010) also {@code Mail.ReadWrite} (folders and messages are created);</li>
 *   <li>a target written over IMAP (the default) instead {@code IMAP.AccessAsApp} on Office 365 Exchange Online
 *       (messages are appended over IMAP); {@code Mail.ReadWrite} only for categories, which are set through Graph:
 *       without it the test passes with a warning that categories will not be kept.</li>
 * </ul>
 * No harmless Graph call proves write access, so the last two are read from the {@code roles} claim of the tokens
 * Entra ID issued, which lists the app's admin-consented application permissions. Mail access granted through
 * Exchange RBAC for Applications is not in that claim: when the claim names no mail permission at all but a mailbox
 * could be read, write access is reported as unconfirmed rather than missing.
 *
 * <p>A missing permission fails the test with a sentence that names it, what it is for, and where an admin grants it
 * (the app registration's API permissions, or the admin-consent link of the connection's own cloud). Never throws;
 * never puts the secret in the result. Thread-safe.
 */
public final class GraphConnectionProbe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(GraphConnectionProbe.class);
    static final String IMAP_ACCESS_AS_APP = "IMAP.AccessAsApp";
    /** Users looked at for a mailbox to read; users without an Exchange Online mailbox answer 404. */
    private static final int USERS_TO_TRY = 3;
    /** The probe makes one request at a time. */
    private static final int PROBE_CONCURRENCY = 1;

    private final Function<GraphSettings, GraphCloud> clouds;
    private final SSLSocketFactory signInTls;

    public GraphConnectionProbe() {
        this(s -> GraphCloud.named(s.cloud()), null);
    }

    /**
     * For tests: {@code clouds} maps the settings to endpoints (local doubles), {@code signInTls} trusts the sign-in
     * double's certificate (null: the JVM's trust store).
     */
    public GraphConnectionProbe(Function<GraphSettings, GraphCloud> clouds, SSLSocketFactory signInTls) {
        this.clouds = clouds;
        this.signInTls = signInTls;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest request) {
        Instant start = Instant.now();
        ConnectionRole role = request == null || request.role() == null ? ConnectionRole.SOURCE : request.role();
        String side = role == ConnectionRole.TARGET ? "Target" : "Source";
        GraphSettings settings = request == null ? null : request.graph();
        Secret secret = request == null ? null : request.secret();
        String missing = missing(settings, secret);
        if (missing != null) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION,
                    side + " Microsoft 365 connection is missing " + missing + ".", start, millis(start));
        }
        GraphCloud cloud = clouds.apply(settings);
        if (cloud == null) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, side + " Microsoft 365 connection names"
                    + " the unknown cloud '" + settings.cloud() + "' (known: global, us-government, china).", start,
                    millis(start));
        }
        try {
            return new Run(cloud, settings, secret, role, side, start).test();
        } catch (RuntimeException e) {
            LOG.debug("Microsoft 365 connection test failure", e);
            return ConnectionTestResult.failed(ConnectionFailure.OTHER, scrub(side + " Microsoft 365 connection test"
                    + " could not finish: " + FailureText.unexpected(e), secret), start, millis(start));
        }
    }

    /** One test: its state and steps. */
    private final class Run {
        final GraphCloud cloud;
        final GraphSettings settings;
        final Secret secret;
        final ConnectionRole role;
        final String side;
        final Instant start;
        final String tenant;
        final MsalTokenSource tokens;
        final List<String> checked = new ArrayList<>();
        final List<String> lacking = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** What works but not fully: said after the success sentence. */
        final List<String> warnings = new ArrayList<>();

        Run(GraphCloud cloud, GraphSettings settings, Secret secret, ConnectionRole role, String side,
            Instant start) {
            this.cloud = cloud;
            this.settings = settings;
            this.secret = secret;
            this.role = role;
            this.side = side;
            this.start = start;
            this.tenant = settings.tenantId().trim();
            this.tokens = new MsalTokenSource(cloud, settings, secret, signInTls);
        }

        ConnectionTestResult test() {
            String graphToken;
            try {
                graphToken = tokens.token(cloud.graphScope(), false);
            } catch (MailboxException e) {
                return signInFailed(e);
            }
            checked.add("signed in to tenant " + tenant + " at " + host() + " as application "
                    + settings.clientId().trim() + " (" + credential() + ")");
            String who = side + " Microsoft 365 tenant " + tenant;
            GraphHttp http = new GraphHttp(GraphClients.of(cloud), cloud, tokens, who, PROBE_CONCURRENCY);
            Set<String> graphRoles = roles(graphToken);

            // 1. the directory
            List<JsonNode> users = new ArrayList<>();
            GraphHttp.Call listUsers = new GraphHttp.Call("listing the tenant's users", GraphHttp.USER_READ_ALL,
                    "the user list");
            try {
                http.get("/users?$top=10&$select=id,userPrincipalName,mail", listUsers).path("value")
                        .forEach(users::add);
                checked.add("listed users (" + GraphHttp.USER_READ_ALL + ")");
            } catch (MailboxException e) {
                if (!denied(e)) {
                    return graphFailed(e);
                }
                lacking.add(GraphHttp.USER_READ_ALL + " (to list the tenant's mailboxes for matching)");
            }

            if (role == ConnectionRole.TARGET && !settings.writesThroughGraph()) {
                checkImap(); // the IMAP write path appends mail over IMAP
                checkCategories(graphRoles);
                return verdict();
            }

            // 2. reading a mailbox
            Boolean canRead = null;
            int tried = 0;
            for (JsonNode user : users) {
                String address = GraphHttp.text(user, "mail");
                String id = GraphHttp.text(user, "id");
                if (address == null || id == null) {
                    continue;
                }
                if (tried++ == USERS_TO_TRY) {
                    break;
                }
                GraphHttp.Call readInbox = new GraphHttp.Call("reading the inbox of " + address,
                        GraphHttp.MAIL_READ + " or " + GraphHttp.MAIL_READ_WRITE, "the inbox of " + address);
                try {
                    http.get("/users/" + GraphHttp.segment(id) + "/mailFolders/inbox?$select=id,totalItemCount",
                            readInbox);
                    checked.add("read the inbox of " + address + " (" + GraphHttp.MAIL_READ + ")");
                    canRead = true;
                    break;
                } catch (GraphHttp.NotFound noMailbox) {
                    notes.add(address + " has no Exchange Online mailbox");
                } catch (MailboxException e) {
                    if (!denied(e)) {
                        return graphFailed(e);
                    }
                    canRead = false;
                    break;
                }
            }
            if (canRead == null && graphRoles != null) {
                // no mailbox to try: the consented permissions decide
                canRead = graphRoles.contains(GraphHttp.MAIL_READ) || graphRoles.contains(GraphHttp.MAIL_READ_WRITE);
                notes.add("no mailbox could be read to confirm mail access; the app's consented permissions "
                        + (canRead ? "include" : "do not include") + " mail access");
            } else if (canRead == null) {
                notes.add("mail access could not be checked (no mailbox found)");
            }
            if (Boolean.FALSE.equals(canRead)) {
                lacking.add(role == ConnectionRole.TARGET ? GraphHttp.MAIL_READ_WRITE + " (to read and write mail)"
                        : GraphHttp.MAIL_READ + " or " + GraphHttp.MAIL_READ_WRITE + " (to read mail)");
            }

            // 3. what only a target written through Graph needs
            if (role == ConnectionRole.TARGET) {
                checkWrite(graphRoles, canRead);
            }
            return verdict();
        }

        private void checkWrite(Set<String> graphRoles, Boolean canRead) {
            if (Boolean.FALSE.equals(canRead)) {
                return; // already reported as missing
            }
            if (graphRoles == null) {
                notes.add(GraphHttp.MAIL_READ_WRITE + " could not be checked (the token is not readable)");
            } else if (graphRoles.contains(GraphHttp.MAIL_READ_WRITE)) {
                checked.add(GraphHttp.MAIL_READ_WRITE + " is consented");
            } else if (graphRoles.contains(GraphHttp.MAIL_READ) || !Boolean.TRUE.equals(canRead)) {
                lacking.add(GraphHttp.MAIL_READ_WRITE + " (to create folders and messages)");
            } else {
                notes.add(GraphHttp.MAIL_READ_WRITE + " is not among the app's Entra ID permissions; mail access"
                        + " seems granted through Exchange RBAC for Applications, so write access is unconfirmed");
            }
        }

        private void checkImap() {
            String imapToken;
            try {
                imapToken = tokens.token(cloud.exchangeScope(), false);
            } catch (MailboxException e) {
                lacking.add(IMAP_ACCESS_AS_APP + " on Office 365 Exchange Online (to append messages over IMAP; its"
                        + " sign-in failed: " + e.getMessage() + ")");
                return;
            }
            Set<String> exchangeRoles = roles(imapToken);
            if (exchangeRoles == null) {
                notes.add(IMAP_ACCESS_AS_APP + " could not be checked (the token is not readable)");
            } else if (exchangeRoles.contains(IMAP_ACCESS_AS_APP)) {
                checked.add(IMAP_ACCESS_AS_APP + " is consented");
            } else {
                lacking.add(IMAP_ACCESS_AS_APP + " on Office 365 Exchange Online (to append messages over IMAP)");
            }
        }

        /**
         * Categories on the IMAP write path go through Graph and need Mail.ReadWrite; without it the messages are still
         * copied, so its absence is a warning, not a failure (nothing harmless proves it: read from the token).
         */
        private void checkCategories(Set<String> graphRoles) {
            if (graphRoles == null) {
                notes.add(GraphHttp.MAIL_READ_WRITE + " (for categories) could not be checked (the token is not"
                        + " readable)");
            } else if (graphRoles.contains(GraphHttp.MAIL_READ_WRITE)) {
                checked.add(GraphHttp.MAIL_READ_WRITE + " is consented (categories are kept)");
            } else {
                warnings.add("Categories will not be kept: the app lacks the optional application permission "
                        + GraphHttp.MAIL_READ_WRITE + " (Microsoft Graph), which sets them after each message is"
                        + " appended over IMAP (unless Exchange RBAC for Applications grants it); messages, read state,"
                        + " flags and dates are copied either way.");
                notes.add(GraphHttp.MAIL_READ_WRITE + " is not among the app's Entra ID permissions: categories will"
                        + " not be kept");
            }
        }

        private ConnectionTestResult verdict() {
            String details = String.join("; ", checked) + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
                    + ".";
            if (lacking.isEmpty()) {
                String can = role != ConnectionRole.TARGET ? "list users and read mail"
                        : settings.writesThroughGraph() ? "list users, and read and write mail through Graph"
                        : "list users and append over IMAP";
                return ConnectionTestResult.success(scrub(side + " Microsoft 365 tenant " + tenant + ": application "
                        + settings.clientId().trim() + " signed in and may " + can + "."
                        + (warnings.isEmpty() ? "" : " " + String.join(" ", warnings)), secret),
                        scrub(details, secret), start, millis(start));
            }
            String message = side + " Microsoft 365 tenant " + tenant + ": application " + settings.clientId().trim()
                    + " signed in but lacks the application permission" + (lacking.size() > 1 ? "s " : " ")
                    + join(lacking) + ". Add " + (lacking.size() > 1 ? "them" : "it") + " under the app"
                    + " registration's API permissions (Application permissions) and grant admin consent, there or at"
                    + " this link: " + MsalTokenSource.adminConsentUrl(cloud, settings);
            return new ConnectionTestResult(false, ConnectionFailure.AUTHENTICATION, scrub(message, secret),
                    scrub(details, secret), start, millis(start));
        }

        private ConnectionTestResult signInFailed(MailboxException e) {
            ConnectionFailure failure = e instanceof MsalTokenSource.SignInException s ? s.failure()
                    : ConnectionFailure.OTHER;
            LOG.info("Microsoft 365 connection test failed: {}", e.getMessage());
            return ConnectionTestResult.failed(failure, scrub(side + " " + e.getMessage(), secret), start,
                    millis(start));
        }

        private ConnectionTestResult graphFailed(MailboxException e) {
            LOG.info("Microsoft 365 connection test failed: {}", e.getMessage());
            LOG.debug("Microsoft 365 connection test failure", e);
            return ConnectionTestResult.failed(classify(e), scrub(e.getMessage(), secret), start, millis(start));
        }

        private String credential() {
            return settings.credential() == GraphCredential.CERTIFICATE ? "certificate" : "client secret";
        }

        private String host() {
            return cloud.authorityBase().getHost();
        }
    }

    /** GraphHttp's 403 sentence: "... was denied ...: the app needs the application permission ...". */
    private static boolean denied(MailboxException e) {
        return e.kind() == MailboxException.Kind.FATAL && e.getMessage() != null
                && e.getMessage().contains("needs the application permission");
    }

    private static ConnectionFailure classify(MailboxException e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return ConnectionFailure.DNS;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return ConnectionFailure.REFUSED;
            }
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return ConnectionFailure.TIMEOUT;
            }
            if (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX")) {
                return ConnectionFailure.TLS_CERTIFICATE;
            }
            if (t instanceof SSLException) {
                return ConnectionFailure.TLS_HANDSHAKE;
            }
        }
        if (String.valueOf(e.getMessage()).contains("refused the app's token")) {
            return ConnectionFailure.AUTHENTICATION;
        }
        return ConnectionFailure.OTHER;
    }

    /**
     * The {@code roles} claim of an access token (a JWT from Entra ID), or null when the token cannot be read. Only
     * read, not verified: the token came straight from the sign-in over TLS, and Graph verifies it on every call.
     */
    static Set<String> roles(String accessToken) {
        String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = GraphHttp.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            Set<String> roles = new LinkedHashSet<>();
            claims.path("roles").forEach(r -> roles.add(r.asText()));
            return roles;
        } catch (Exception e) {
            return null;
        }
    }

    private static String missing(GraphSettings s, Secret secret) {
        if (s == null) {
            return "its Microsoft 365 settings";
        }
        if (s.tenantId() == null || s.tenantId().isBlank()) {
            return "the tenant id or primary domain";
        }
        if (s.clientId() == null || s.clientId().isBlank()) {
            return "the application (client) id";
        }
        if (secret == null || secret.isBlank()) {
            return s.credential() == GraphCredential.CERTIFICATE ? "the certificate" : "the client secret";
        }
        return null;
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String scrub(String text, Secret secret) {
        return secret == null ? text : secret.redact(text);
    }

    private static long millis(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
