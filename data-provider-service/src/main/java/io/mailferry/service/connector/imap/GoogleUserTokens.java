package io.mailferry.service.connector.imap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.UserCredentials;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Access tokens for Gmail's IMAP from one account's consent: the refresh token Google issued to the admin's own
 * "Desktop app" OAuth client when the account signed in through the panel (installed-app flow,
 * developers.google.com/identity/protocols/oauth2/native-app), traded for access tokens with Google's own auth library
 * ({@link UserCredentials}, the refresh-token grant). The secret is Google's "authorized_user" JSON (client id, client
 * secret, refresh token), stored sealed like every secret and never logged. The token endpoint is always Google's,
 * whatever the JSON names. Tokens are cached and renewed before they expire. Thread-safe.
 */
final class GoogleUserTokens implements GmailTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERMISSIONS = "myaccount.google.com/permissions";

    private final UserCredentials credentials;
    private final String clientId;

    private GoogleUserTokens(UserCredentials credentials, String clientId) {
        this.credentials = credentials;
        this.clientId = clientId;
    }

    /** Tokens from an "authorized_user" JSON; fails FATAL with a sentence when it is none. */
    static GoogleUserTokens fromConsent(Secret consent, URI tokenUri) throws MailboxException {
        if (consent == null || consent.isBlank()) {
            throw new MailboxException(Kind.FATAL, "The Gmail connection has no consent of the account: sign in with"
                    + " Google in the connection wizard.");
        }
        try {
            JsonNode n = JSON.readTree(consent.value());
            String id = text(n, "client_id");
            String secret = text(n, "client_secret");
            String refresh = text(n, "refresh_token");
            if (id == null || secret == null || refresh == null) {
                throw new IOException("missing field");
            }
            return new GoogleUserTokens(UserCredentials.newBuilder().setClientId(id).setClientSecret(secret)
                    .setRefreshToken(refresh).setTokenServerUri(tokenUri).build(), id);
        } catch (IOException | RuntimeException e) {
            throw new MailboxException(Kind.FATAL, "The Gmail connection's sign-in is not an account's consent (it "
                    + "needs the OAuth client's id and secret and the account's refresh token): sign in with Google "
                    + "again in the connection wizard.");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.asText().isBlank() ? null : v.asText();
    }

    /** The account's own mailbox only: the consent opens no other. */
    @Override
    public synchronized String token(String mailbox, boolean refresh) throws MailboxException {
        try {
            if (refresh) {
                credentials.refresh();
            } else {
                credentials.refreshIfExpired();
            }
            AccessToken token = credentials.getAccessToken();
            if (token == null || token.getTokenValue() == null) {
                throw new MailboxException(Kind.FATAL, "Google issued no access token for " + mailbox + ".");
            }
            return token.getTokenValue();
        } catch (IOException e) {
            throw refusal(mailbox, e);
        }
    }

    /** Google's answer to the refresh-token grant as a sentence for the admin (error codes of RFC 6749 §5.2). */
    private MailboxException refusal(String mailbox, IOException e) {
        String network = FailureText.networkCause(e);
        if (network != null) {
            return new MailboxException(Kind.CONNECTION, "Google's sign-in service " + network + " (getting an access"
                    + " token for " + mailbox + ").");
        }
        String lower = GoogleServiceAccountTokens.answers(e).toLowerCase(Locale.ROOT);
        String sentence;
        if (lower.contains("invalid_grant")) {
            sentence = "Google no longer accepts the consent " + mailbox + " gave: it was withdrawn (at "
                    + PERMISSIONS + "), the password changed, or it expired. Sign in with Google again in the "
                    + "connection wizard.";
        } else if (lower.contains("invalid_client") || lower.contains("unauthorized_client")
                || lower.contains("401 unauthorized")) {
            sentence = "Google refused the OAuth client " + clientId + ": its id or secret is wrong, or the client"
                    + " was deleted in Google Cloud console > APIs & Services > Credentials.";
        } else {
            sentence = "Google refused an access token for " + mailbox + ": " + GoogleServiceAccountTokens.words(e);
        }
        return new MailboxException(Kind.FATAL, sentence);
    }

    /** Reads the consent at the first login, so a broken one fails the mailbox with its sentence, not the runner. */
    static final class Lazy implements GmailTokens {
        private final Secret consent;
        private final URI tokenUri;
        private volatile GoogleUserTokens tokens;

        Lazy(Secret consent, URI tokenUri) {
            this.consent = consent;
            this.tokenUri = tokenUri;
        }

        @Override
        public String token(String mailbox, boolean refresh) throws MailboxException {
            GoogleUserTokens t = tokens;
            if (t == null) {
                t = fromConsent(consent, tokenUri);
                tokens = t;
            }
            return t.token(mailbox, refresh);
        }
    }
}
