package io.mailferry.service.connector.imap;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens for Gmail's IMAP from a Google Workspace service account with domain-wide delegation, through Google's
 * own auth library: {@link ServiceAccountCredentials#createDelegated} signs a JWT for each user (subject = the mailbox,
 * scope https://mail.google.com/) and trades it at Google's token endpoint (the JWT bearer grant,
 * developers.google.com/identity/protocols/oauth2/service-account). The token endpoint is always Google's, whatever
 * the key file names, so a signed assertion is never sent elsewhere. Google's refusals become sentences naming what
 * the admin must grant (the error codes of that page). Tokens are cached per user by the library and renewed before
 * they expire. Thread-safe.
 */
public final class GoogleServiceAccountTokens implements GmailTokens {
    public static final String SCOPE = "https://mail.google.com/";
    static final URI GOOGLE_TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    private static final String DELEGATION_PLACE = "Google Admin console > Security > Access and data control >"
            + " API controls > Manage Domain Wide Delegation";

    private final ServiceAccountCredentials key;
    private final Map<String, GoogleCredentials> users = new ConcurrentHashMap<>();

    GoogleServiceAccountTokens(ServiceAccountCredentials key) {
        this.key = key;
    }

    /** Tokens from a service account's JSON key; fails FATAL with a sentence when it is no such key. */
    public static GoogleServiceAccountTokens fromKey(Secret jsonKey) throws MailboxException {
        return fromKey(jsonKey, GOOGLE_TOKEN_URI);
    }

    /** As {@link #fromKey(Secret)} with another token endpoint: for the tests' double of Google's only. */
    static GoogleServiceAccountTokens fromKey(Secret jsonKey, URI tokenUri) throws MailboxException {
        if (jsonKey == null || jsonKey.isBlank()) {
            throw new MailboxException(Kind.FATAL, "The Gmail connection has no service account key.");
        }
        try {
            ServiceAccountCredentials key = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(jsonKey.value().getBytes(StandardCharsets.UTF_8)));
            return new GoogleServiceAccountTokens(key.toBuilder().setTokenServerUri(tokenUri).build());
        } catch (IOException | RuntimeException e) {
            throw new MailboxException(Kind.FATAL, "The Gmail connection's key is not a Google service account JSON"
                    + " key (it cannot be read as one); download the key again in Google Cloud console > IAM >"
                    + " Service accounts > Keys > Add key > JSON.");
        }
    }

    /** The service account's numeric client ID, the one an admin authorises for domain-wide delegation. */
    public String clientId() {
        return key.getClientId();
    }

    @Override
    public String token(String mailbox, boolean refresh) throws MailboxException {
        return token(mailbox, SCOPE, refresh);
    }

    /** A token for {@code scope} on behalf of {@code mailbox} (the Directory API's, for the user list). */
    String token(String mailbox, String scope, boolean refresh) throws MailboxException {
        String user = mailbox.trim().toLowerCase(Locale.ROOT);
        GoogleCredentials delegated = users.computeIfAbsent(scope + " " + user,
                k -> key.createDelegated(user).createScoped(List.of(scope)));
        try {
            if (refresh) {
                delegated.refresh();
            } else {
                delegated.refreshIfExpired();
            }
            AccessToken token = delegated.getAccessToken();
            if (token == null || token.getTokenValue() == null) {
                throw new MailboxException(Kind.FATAL, "Google issued no access token for " + user + ".");
            }
            return token.getTokenValue();
        } catch (IOException e) {
            throw refusal(user, scope, e);
        }
    }

    /** Google's answer as a sentence for the admin (error codes of the service-account page). */
    MailboxException refusal(String user, String scope, IOException e) {
        String words = words(e);
        String lower = answers(e).toLowerCase(Locale.ROOT);
        String client = "the service account " + key.getClientEmail() + " (client ID " + key.getClientId() + ")";
        String network = FailureText.networkCause(e);
        if (network != null) {
            return new MailboxException(Kind.CONNECTION, "Google's sign-in service " + network + " (getting an access"
                    + " token for " + user + ").");
        }
        String sentence;
        // the page answers unauthorized_client with HTTP 401, whose body Java's HTTP client may not read back
        if (lower.contains("unauthorized_client") || lower.contains("401 unauthorized")) {
            sentence = "Google refused domain-wide delegation: " + client + " is not authorised for the scope "
                    + scope + " in the domain of " + user + ". Add client ID " + key.getClientId() + " with that"
                    + " scope under " + DELEGATION_PLACE + ".";
        } else if (lower.contains("access_denied")) {
            sentence = "Google refused the scope " + scope + " for " + user + ": " + client + " is authorised for"
                    + " domain-wide delegation, but not for this scope. Add it to the client's entry under "
                    + DELEGATION_PLACE + ".";
        } else if (lower.contains("admin_policy_enforced")) {
            sentence = "The Google Workspace admin of " + user + "'s domain blocks " + client + " (API access"
                    + " policy): allow it under Google Admin console > Security > Access and data control > API"
                    + " controls.";
        } else if (lower.contains("invalid_grant") && (lower.contains("invalid email") || lower.contains("user id")
                || lower.contains("not a valid email"))) {
            sentence = "Google knows no user " + user + " in the domain the service account may act for.";
        } else if (lower.contains("invalid_grant") && lower.contains("signature")) {
            sentence = "Google refused the service account key of " + client + ": it was deleted, disabled or has"
                    + " expired. Create a new key in Google Cloud console > IAM > Service accounts > Keys.";
        } else if (lower.contains("disabled_client")) {
            sentence = "Google says " + client + " is disabled: enable it in Google Cloud console.";
        } else {
            sentence = "Google refused an access token for " + user + " to " + client + ": " + words;
        }
        return new MailboxException(Kind.FATAL, sentence);
    }

    /**
     * Google's words for the failure, without the Java class names google-auth puts in front of its causes'
     * messages ("java.net.SocketException: Connection reset" becomes "Connection reset"); "no reason given" when
     * there are none.
     */
    static String words(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        m = m.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error):\\s*", "")
                .replaceAll("\\s+", " ").trim();
        return m.isEmpty() ? "no reason given" : m;
    }

    /** Every message and token endpoint answer along the cause chain: Google's error code is in the answer's body. */
    static String answers(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(' ').append(t.getMessage());
            if (t instanceof com.google.api.client.http.HttpResponseException h && h.getContent() != null) {
                all.append(' ').append(h.getContent());
            }
        }
        return all.toString();
    }
}
