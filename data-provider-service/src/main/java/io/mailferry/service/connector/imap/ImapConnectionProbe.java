package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.ConnectionProbe;
import io.mailferry.service.engine.MailboxException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for IMAP: connects with the request's settings (TLS, STARTTLS, trusted certificate), logs in as
 * the connection's user and reports the capabilities, or says what failed. In MASTER_USER mode it logs in as the
 * admin account itself (no mailbox is named yet), which Cyrus/Zimbra-style admins allow; Dovecot master users need a
 * mailbox, so there the first real mailbox open is the test. Thread-safe, never throws.
 */
public final class ImapConnectionProbe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ImapConnectionProbe.class);
    /** A probe should answer while the admin waits, not after the migration read timeout. */
    private static final int PROBE_READ_TIMEOUT_MILLIS = 20_000;

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest request) {
        Instant start = Instant.now();
        ConnectionRole role = request == null || request.role() == null ? ConnectionRole.SOURCE : request.role();
        ImapSettings settings = request == null ? null : request.imap();
        String missing = missing(settings, request);
        if (missing != null) {
            String side = role == ConnectionRole.TARGET ? "Target" : "Source";
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION,
                    side + " IMAP connection is missing " + missing + ".", start, millis(start));
        }
        ImapConnectionConfig config = new ImapConnectionConfig(settings, role);
        String password = request.secret().value();
        try (ImapSession session = ImapSession.open(config, settings.user(), password, PROBE_READ_TIMEOUT_MILLIS)) {
            String caps = String.join(" ", session.capabilities());
            return ConnectionTestResult.success("Logged in to " + config.describe() + " as " + settings.user() + ".",
                    caps, start, millis(start));
        } catch (MailboxException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            ConnectionFailure failure = ImapFailures.classify(cause);
            LOG.info("IMAP connection test failed: {}", e.getMessage());
            LOG.debug("IMAP connection test failure", cause);
            return ConnectionTestResult.failed(failure,
                    ImapFailures.sentence(config, settings.user(), failure, cause, password), start, millis(start));
        } catch (RuntimeException e) {
            // e.g. an invalid trusted certificate PEM: a configuration problem, reported, never thrown
            LOG.debug("IMAP connection test failure", e);
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION,
                    ImapFailures.scrub(config.side() + " settings are invalid: " + e.getMessage(), password),
                    start, millis(start));
        }
    }

    private static String missing(ImapSettings s, ConnectionRequest r) {
        if (s == null) {
            return "its IMAP settings";
        }
        if (s.host() == null || s.host().isBlank()) {
            return "the server host name";
        }
        if (s.port() < 0 || s.port() > 65535) {
            return "a valid port (1 to 65535)";
        }
        if (s.user() == null || s.user().isBlank()) {
            return "the user name";
        }
        if (r.secret() == null || r.secret().isBlank()) {
            return "the password";
        }
        return null;
    }

    private static long millis(Instant start) {
        return java.time.Duration.between(start, Instant.now()).toMillis();
    }
}
