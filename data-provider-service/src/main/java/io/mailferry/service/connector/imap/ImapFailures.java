package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.MailboxException.Kind;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * Turns what Angus Mail throws into the categories an admin acts on and into one plain sentence naming the side.
 * Shared by the mailboxes (as {@link MailboxException} kinds) and the probe (as {@link ConnectionFailure}).
 */
final class ImapFailures {
    /** Response codes (RFC 5530 and common practice) that mean "slow down", not "this message is bad". */
    private static final Pattern THROTTLE =
            Pattern.compile("\\[(LIMIT|OVERQUOTA|INUSE|UNAVAILABLE|THROTTLED)\\b", Pattern.CASE_INSENSITIVE);

    private ImapFailures() {
    }

    static boolean throttling(String serverWords) {
        return serverWords != null && THROTTLE.matcher(serverWords).find();
    }

    /** The category of a failure to connect or log in. */
    static ConnectionFailure classify(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        ConnectionFailure found = null;
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            ConnectionFailure f = classifyOne(t);
            if (f == ConnectionFailure.TLS_CERTIFICATE || f == ConnectionFailure.AUTHENTICATION) {
                return f; // the most specific causes win over the wrapping ones
            }
            if (f != null && (found == null || found == ConnectionFailure.TLS_HANDSHAKE
                    || found == ConnectionFailure.OTHER)) {
                found = f;
            }
        }
        return found == null ? ConnectionFailure.OTHER : found;
    }

    private static ConnectionFailure classifyOne(Throwable t) {
        String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (t instanceof AuthenticationFailedException) {
            return ConnectionFailure.AUTHENTICATION;
        }
        if (t instanceof UnknownHostException) {
            return ConnectionFailure.DNS;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return ConnectionFailure.REFUSED;
        }
        if (t instanceof SocketTimeoutException || msg.contains("sockettimeoutexception")
                || msg.contains("read timed out")) {
            return ConnectionFailure.TIMEOUT;
        }
        if (t instanceof CertPathValidatorException || t instanceof CertificateException
                || msg.contains("certificate_unknown") || msg.contains("no subject alternative")
                || msg.contains("no name matching") || msg.contains("pkix path")
                || msg.contains("can't verify identity")) {
            return ConnectionFailure.TLS_CERTIFICATE;
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLException || msg.contains("starttls")) {
            return ConnectionFailure.TLS_HANDSHAKE;
        }
        if (t instanceof ParsingException || t instanceof BadCommandException) {
            return ConnectionFailure.PROTOCOL;
        }
        return null;
    }

    /** One sentence for the admin; never contains the password (scrubbed defensively as well). */
    static String sentence(ImapConnectionConfig config, String login, ConnectionFailure failure, Throwable e,
                           String password) {
        String side = config.side();
        String s = switch (failure) {
            case DNS -> side + " could not be found: the host name " + config.settings().host() + " does not resolve.";
            case REFUSED -> side + " refused the connection: nothing listens on that port or the network is unreachable.";
            case TIMEOUT -> side + " did not answer in time.";
            case TLS_CERTIFICATE -> side + " presented a TLS certificate that is not trusted (self-signed, expired or"
                    + " for another name); import it as a trusted certificate or fix the server.";
            case TLS_HANDSHAKE -> isStartTlsMissing(e)
                    ? side + " does not offer STARTTLS; choose TLS or enable STARTTLS on the server."
                    : side + " could not negotiate TLS (is the port and security setting right?): " + words(e) + ".";
            case AUTHENTICATION -> side + " rejected the login of " + login + ": " + words(e);
            case PROTOCOL -> side + " answered something that is not the expected IMAP protocol: " + words(e);
            case CONFIGURATION -> side + " is not fully configured: " + words(e);
            case OTHER -> side + " failed: " + words(e);
        };
        return scrub(s, password);
    }

    /** A failure while connecting a mailbox session. */
    static MailboxException connectFailure(ImapConnectionConfig config, String login, Exception e, String password) {
        ConnectionFailure f = classify(e);
        Kind kind = switch (f) {
            case DNS, REFUSED, TIMEOUT -> Kind.CONNECTION;
            default -> Kind.FATAL;
        };
        return new MailboxException(kind, sentence(config, login, f, e, password), e);
    }

    /**
     * A failure of one command on an established session. {@code onRefusal} is the kind for a plain NO (ITEM for
     * per-message work, FATAL for folder-level work); lost connections are CONNECTION, [LIMIT]-like refusals THROTTLED.
     */
    static MailboxException commandFailure(ImapConnectionConfig config, String action, Exception e, Kind onRefusal) {
        String side = config.side();
        if (lostConnection(e)) {
            String why = classify(e) == ConnectionFailure.TIMEOUT ? "did not answer in time" : "closed the connection";
            return new MailboxException(Kind.CONNECTION, side + " " + why + " while " + action + ".", e);
        }
        String words = words(e);
        if (throttling(words)) {
            return new MailboxException(Kind.THROTTLED, side + " asks to slow down while " + action + ": " + words, e);
        }
        return new MailboxException(onRefusal, side + " refused " + action + ": " + words, e);
    }

    static boolean lostConnection(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof StoreClosedException || t instanceof FolderClosedException
                    || t instanceof ConnectionException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The server's own words when there are any, else the most specific exception message. */
    static String words(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        String best = null;
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ProtocolException pe && pe.getResponse() != null
                    && (t instanceof CommandFailedException || t instanceof BadCommandException)) {
                return clean(pe.getResponse().getRest());
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return best == null ? e.getClass().getSimpleName() : clean(best);
    }

    private static boolean isStartTlsMissing(Throwable e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("starttls");
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    static String scrub(String text, String password) {
        if (password == null || password.length() < 3 || text == null) {
            return text;
        }
        return text.replace(password, "***");
    }
}
