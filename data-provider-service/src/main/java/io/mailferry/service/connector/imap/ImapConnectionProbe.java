package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for IMAP: connects with the request's settings (TLS, STARTTLS, trusted certificate), logs in as
 * the connection's user and reports the capabilities, or says what failed.
 *
 * <p>In MASTER_USER mode no mailbox is named yet, and a master account only logs in on behalf of a mailbox
 * ({@code mailbox*admin}, as the migration itself will). So the probe logs in exactly that way for a made-up mailbox
 * that cannot exist: a server that checked the admin's password and then refused only the mailbox answers
 * {@code [AUTHORIZATIONFAILED]} (RFC 5530; Dovecot does), which proves the master credentials; a wrong admin password
 * gets {@code [AUTHENTICATIONFAILED]} and is reported as such. Thread-safe, never throws.
 *
 * <p>A probe that {@link #handingOver hands over} is for a test a migration follows at once ({@code mailferry
 * migrate}): its session is opened as a migration's (read and write timeouts) and, once logged in, parked on the
 * {@link ImapSessionShelf} for the pass to take instead of logging in again. The default probe (the panel's test)
 * waits at most {@code PROBE_READ_TIMEOUT_MILLIS} for an answer and logs out.
 */
public final class ImapConnectionProbe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ImapConnectionProbe.class);
    /** A probe should answer while the admin waits, not after the migration read timeout. */
    private static final int PROBE_READ_TIMEOUT_MILLIS = 20_000;
    /** A mailbox name no real server has: a master-user test logs in for it and expects to be refused. */
    static final String PROBE_MAILBOX = "mailferry-connection-test-no-such-mailbox";
    /** Failures met once connected (a refused login, a broken answer), which another mailbox may not meet. */
    private static final Set<ConnectionFailure> AFTER_CONNECTING = EnumSet.of(ConnectionFailure.AUTHENTICATION,
            ConnectionFailure.PROTOCOL, ConnectionFailure.OTHER);

    private final boolean handOver;

    public ImapConnectionProbe() {
        this(false);
    }

    private ImapConnectionProbe(boolean handOver) {
        this.handOver = handOver;
    }

    /** A probe whose logged-in session waits on the {@link ImapSessionShelf} for the migration that follows. */
    public static ImapConnectionProbe handingOver() {
        return new ImapConnectionProbe(true);
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest request) {
        return test(request, null);
    }

    /**
     * As {@link #test(ConnectionRequest)}; a probe that {@link #handingOver hands over} logs a master user in for
     * {@code mailbox} exactly as that mailbox's pass will, instead of for a made-up mailbox, and leaves the session
     * for the pass: a server refuses the made-up mailbox only after its delay for failed logins (Dovecot's
     * {@code auth_failure_delay}, 2 s by default) and the pass then logs in once more. When that login fails, the
     * connection is tested as before, for the made-up mailbox: a failure of that one mailbox (its storage, its backend)
     * is its pair's, not the connection's, and the run goes on to its other pairs as it did.
     */
    @Override
    public ConnectionTestResult test(ConnectionRequest request, MailboxAccess.Login mailbox) {
        ConnectionTestResult result = test(request, mailbox, Instant.now());
        boolean again = !result.ok() && asMailbox(request == null ? null : request.imap(), mailbox)
                && AFTER_CONNECTING.contains(result.failure());
        return again ? test(request, null, Instant.now()) : result;
    }

    /** Whether this probe logs a master user in for {@code mailbox} (a migration's test of its first pair). */
    private boolean asMailbox(ImapSettings settings, MailboxAccess.Login mailbox) {
        return handOver && settings != null && settings.authMode() == ImapAuthMode.MASTER_USER && mailbox != null
                && mailbox.mailbox() != null && !mailbox.mailbox().isBlank();
    }

    private ConnectionTestResult test(ConnectionRequest request, MailboxAccess.Login mailbox, Instant start) {
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
        boolean asMailbox = asMailbox(settings, mailbox);
        boolean master = settings.authMode() == ImapAuthMode.MASTER_USER && !asMailbox;
        String login = asMailbox ? ImapMailboxAccess.credentials(settings, request.secret(), mailbox).user()
                : master ? PROBE_MAILBOX + settings.masterSeparator() + settings.user() : settings.user();
        boolean park = handOver && !master;
        ImapSession session = null;
        try {
            session = ImapSession.open(config, login, password,
                    park ? ImapConnectionConfig.READ_TIMEOUT_MILLIS : PROBE_READ_TIMEOUT_MILLIS);
            String caps = String.join(" ", session.capabilities());
            if (park) {
                // the pass's first round trips (namespace, case sensitivity), while its data directory opens
                ImapSessionShelf.shared().park(session, login, password, s -> new ImapFolders(s).learnServer());
                session = null;
            }
            return ConnectionTestResult.success("Logged in to " + config.describe() + " as " + login + ".",
                    caps, start, millis(start));
        } catch (MailboxException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (master && refusedOnlyTheMailbox(cause)) {
                return ConnectionTestResult.success("The " + config.describe() + " accepted the password of master "
                        + "user " + settings.user() + " (it refused only the made-up mailbox " + PROBE_MAILBOX
                        + ", as it should; each mailbox of a job is opened as mailbox" + settings.masterSeparator()
                        + settings.user() + ").", "", start, millis(start));
            }
            ConnectionFailure failure = ImapFailures.classify(cause);
            LOG.info("IMAP connection test failed: {}", e.getMessage());
            LOG.debug("IMAP connection test failure", cause);
            return ConnectionTestResult.failed(failure,
                    ImapFailures.sentence(config, asMailbox ? login : settings.user(), failure, cause, password), start,
                    millis(start));
        } catch (RuntimeException e) {
            // e.g. an invalid trusted certificate PEM: a configuration problem, reported, never thrown
            String plain = io.mailferry.service.engine.port.FailureText.plain(e, null);
            boolean ours = io.mailferry.service.engine.port.FailureText.ownSentence(e);
            if (!ours) {
                LOG.warn("IMAP connection test failed unexpectedly", e); // where the sentence says the details are
            }
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, ImapFailures.scrub(ours
                    ? config.side() + " settings are invalid: " + plain : plain, password), start, millis(start));
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /** RFC 5530 AUTHORIZATIONFAILED: the credentials were good, the identity to act as was not. */
    private static boolean refusedOnlyTheMailbox(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toUpperCase(java.util.Locale.ROOT)
                    .contains("[AUTHORIZATIONFAILED]")) {
                return true;
            }
        }
        return false;
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
