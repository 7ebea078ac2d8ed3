package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for Gmail: signs in to the connection's one named mailbox as a migration would (a token from
 * Google for that user, then {@code AUTHENTICATE XOAUTH2}; or the app password), checks that the server offers
 * Gmail's extensions and lists the mailbox's folders. A refusal names what is missing: delegation not granted for the
 * scope, the API client not authorised, IMAP disabled for the user or the domain. Thread-safe, never throws.
 */
public final class GmailConnectionProbe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(GmailConnectionProbe.class);

    private final URI tokenUri;

    public GmailConnectionProbe() {
        this(GoogleServiceAccountTokens.GOOGLE_TOKEN_URI);
    }

    /** With another token endpoint: for the tests' double of Google's only. */
    GmailConnectionProbe(URI tokenUri) {
        this.tokenUri = tokenUri;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.GMAIL;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest request) {
        Instant start = Instant.now();
        if (request == null || request.gmail() == null || request.gmail().user() == null
                || request.gmail().user().isBlank() || request.secret() == null || request.secret().isBlank()) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, "The Gmail connection needs a user's"
                    + " address and its " + (request != null && request.gmail() != null
                    ? request.gmail().authMode().secretWords() : GmailAuthMode.SERVICE_ACCOUNT.secretWords())
                    + ".", start, millis(start));
        }
        String user = request.gmail().user().trim();
        MailboxAccess access = GmailAccessProvider.open(request.imap(), request.gmail(), request.secret(),
                ConnectionRole.SOURCE, tokenUri);
        try (SourceMailbox mailbox = access.openSource(new MailboxAccess.Login(user, null, null))) {
            int folders = mailbox.folders().size();
            return ConnectionTestResult.success("Signed in to Gmail mailbox " + user + " ("
                    + switch (request.gmail().authMode()) {
                        case APP_PASSWORD -> "app password";
                        case OAUTH_CONSENT -> "the account's consent, XOAUTH2";
                        case SERVICE_ACCOUNT -> "service account with domain-wide delegation, XOAUTH2";
                    } + "); " + folders + " folders to read.",
                    "X-GM-EXT-1", start, millis(start));
        } catch (MailboxException e) {
            LOG.info("Gmail connection test failed: {}", e.getMessage());
            String sentence = request.secret().redact(e.getMessage());
            return ConnectionTestResult.failed(failure(e), sentence, start, millis(start));
        } catch (RuntimeException e) {
            String plain = io.mailferry.service.engine.port.FailureText.plain(e, null);
            if (!io.mailferry.service.engine.port.FailureText.ownSentence(e)) {
                LOG.warn("Gmail connection test failed unexpectedly", e); // where the sentence says the details are
            }
            return ConnectionTestResult.failed(ConnectionFailure.OTHER, request.secret().redact(plain), start,
                    millis(start));
        }
    }

    private static ConnectionFailure failure(MailboxException e) {
        if (e.getCause() != null) {
            return ImapFailures.classify(e.getCause());
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e.kind() == MailboxException.Kind.CONNECTION) {
            return ConnectionFailure.REFUSED;
        }
        return m.contains("google") || m.contains("refused") ? ConnectionFailure.AUTHENTICATION
                : ConnectionFailure.CONFIGURATION;
    }

    private static long millis(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
