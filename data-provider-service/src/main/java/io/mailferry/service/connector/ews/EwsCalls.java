package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.ReleasedContentException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.exception.http.HttpErrorException;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;
import microsoft.exchange.webservices.data.core.response.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the library's calls for one mailbox: at most {@code maxConcurrent} at once across every session of the mailbox
 * (Exchange's EWSMaxConcurrency counts per account, and a migration must leave room for the users), and every failure
 * turned into a {@link MailboxException} of the kind the engine acts on, in a sentence naming the side and the cause,
 * never the library's words (those go to the debug log): ErrorServerBusy is THROTTLED with its BackOffMilliseconds
 * (learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange); a refused
 * impersonation, a refused login, a wrong URL or an untrusted certificate FATAL naming what to fix; a missing item or
 * folder {@link NotFound}; network trouble CONNECTION. Thread-safe.
 */
final class EwsCalls {
    private static final Logger LOG = LoggerFactory.getLogger(EwsCalls.class);
    /** When Exchange says ErrorServerBusy without a hint. */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(30);

    /** One library call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /** Exchange answered ErrorItemNotFound or ErrorFolderNotFound. */
    static final class NotFound extends MailboxException {
        NotFound(String message, Throwable cause) {
            super(Kind.ITEM, message, cause);
        }
    }

    /** Exchange refused one item or folder for a reason of its own (its code in {@link #code}). */
    static final class Refused extends MailboxException {
        final ServiceError code;

        Refused(ServiceError code, String message, Throwable cause) {
            super(Kind.ITEM, message, cause);
            this.code = code;
        }
    }

    /** Codes Exchange gives for one item's own content (it cannot be read or converted), never for the request. */
    private static final java.util.Set<ServiceError> ITEM_CONTENT = java.util.EnumSet.of(
            ServiceError.ErrorMimeContentConversionFailed, ServiceError.ErrorContentConversionFailed,
            ServiceError.ErrorCorruptData, ServiceError.ErrorItemCorrupt);

    /**
     * True when a refusal of reading one item is about that item's content, so the item fails alone; any other
     * refusal (the server's resources, a limit, the request) stays the read's, as before.
     */
    static boolean aboutTheItem(Refused r) {
        return ITEM_CONTENT.contains(r.code);
    }

    /** A failure of the server or the sign-in, with the category "Test connection" reports. */
    static final class Classified extends MailboxException {
        final ConnectionFailure failure;

        Classified(Kind kind, ConnectionFailure failure, String message, Throwable cause) {
            super(kind, message, cause);
            this.failure = failure;
        }
    }

    /** The category of {@code e} for "Test connection". */
    static ConnectionFailure category(MailboxException e) {
        return e instanceof Classified c ? c.failure : ConnectionFailure.OTHER;
    }

    /**
     * HTTP 502, 503 or 504: the server or a gateway in front of it answered instead of Exchange, which may have carried
     * the request out all the same (a gateway that gave up waiting). Retried later like throttling; a write that got it
     * is looked up before it is sent again.
     */
    static final class Unavailable extends MailboxException {
        Unavailable(String who, String message, Throwable cause) {
            super(Kind.THROTTLED, message, cause, DEFAULT_BACK_OFF, who);
        }
    }

    /** The SyncFolderItems state is no longer valid (ErrorInvalidSyncStateData). */
    static final class InvalidSyncState extends MailboxException {
        InvalidSyncState(String message, Throwable cause) {
            super(Kind.ITEM, message, cause);
        }
    }

    private final String who;
    private final String mailbox;
    private final String server;
    private final Semaphore permits;

    /**
     * @param who     the side and mailbox, starting a sentence: "Source Exchange mailbox anna@example.com"
     * @param mailbox the mailbox address, null for the service account's own calls
     * @param server  "Exchange server mail.example.com", for sentences about the server
     */
    EwsCalls(String who, String mailbox, String server, int maxConcurrent) {
        this.who = who;
        this.mailbox = mailbox;
        this.server = server;
        this.permits = new Semaphore(Math.max(1, maxConcurrent), true);
    }

    String who() {
        return who;
    }

    /** Runs {@code call} under the mailbox's cap; {@code action} ("listing folder \"Inbox\"") goes into sentences. */
    <T> T run(String action, Call<T> call) throws MailboxException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.CONNECTION, who + ": interrupted while " + action + ".", e);
        }
        try {
            return call.run();
        } catch (MailboxException e) {
            throw e;
        } catch (Exception e) {
            throw failure(action, e);
        } finally {
            permits.release();
        }
    }

    /** The failure of one response of a batch (GetItem, DeleteItem ...), or null when it succeeded. */
    MailboxException failure(String action, ServiceResponse r) {
        if (r.getErrorCode() == null || r.getErrorCode() == ServiceError.NoError) {
            return null;
        }
        return byCode(action, r.getErrorCode(), r.getErrorDetails(), null);
    }

    MailboxException failure(String action, Exception e) {
        LOG.debug("{}: {} failed", who, action, e);
        ServiceResponseException remote = find(e, ServiceResponseException.class);
        if (remote != null && remote.getErrorCode() != null) {
            return byCode(action, remote.getErrorCode(), remote.getResponse() == null ? null
                    : remote.getResponse().getErrorDetails(), e);
        }
        HttpErrorException http = find(e, HttpErrorException.class);
        if (http != null) {
            return byStatus(action, http.getHttpErrorCode(), e);
        }
        if (find(e, SSLPeerUnverifiedException.class) != null || find(e, CertificateException.class) != null
                || (find(e, SSLHandshakeException.class) != null && certificateWords(e))) {
            return new Classified(Kind.FATAL, ConnectionFailure.TLS_CERTIFICATE, server + " presented a TLS certificate that is not trusted (not"
                    + " issued by a known authority, expired, or for another name). Install a certificate the JDK"
                    + " trusts on Exchange, or trust this one explicitly in the connection's settings.", e);
        }
        if (find(e, SSLException.class) != null) {
            return new Classified(Kind.FATAL, ConnectionFailure.TLS_HANDSHAKE, server + " did not complete a TLS handshake; check that the EWS"
                    + " URL's scheme and port are right (https on 443).", e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new Classified(Kind.FATAL, ConnectionFailure.DNS, server + " cannot be found: its host name does not resolve."
                    + " Check the EWS URL.", e);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return new Classified(Kind.CONNECTION, ConnectionFailure.REFUSED, server + " refused the connection or cannot be reached"
                    + " while " + action + ".", e);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return new Classified(Kind.CONNECTION, ConnectionFailure.TIMEOUT, server + " did not answer in time while " + action + ".", e);
        }
        if (ReleasedContentException.in(e)) {
            return new MailboxException(Kind.CONNECTION, ReleasedContentException.SENTENCE, e);
        }
        if (find(e, java.io.IOException.class) != null) {
            return new MailboxException(Kind.CONNECTION, "The connection to " + server + " broke while " + action
                    + ".", e);
        }
        LOG.warn("{}: {} failed unexpectedly", who, action, e);
        return new MailboxException(Kind.CONNECTION, who + ": " + action + " failed with an answer Mailferry does not"
                + " understand; the service log has the details.", e);
    }

    private static boolean certificateWords(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("PKIX") || m.contains("certificate") || m.contains("No subject alternative")) {
                return true;
            }
        }
        return false;
    }

    private MailboxException byStatus(String action, int status, Exception e) {
        return switch (status) {
            case 401 -> new Classified(Kind.FATAL, ConnectionFailure.AUTHENTICATION, server + " refused the service account's user name or"
                    + " password (HTTP 401). Check the account, its password and the sign-in mode (Basic or NTLM)"
                    + " the server's EWS virtual directory allows.", e);
            case 403 -> new Classified(Kind.FATAL, ConnectionFailure.AUTHENTICATION, server + " forbids the service account to use EWS"
                    + " (HTTP 403); EWS may be disabled for it (Set-CASMailbox -EwsEnabled).", e);
            case 404 -> new Classified(Kind.FATAL, ConnectionFailure.CONFIGURATION, server + " has no EWS at this URL (HTTP 404). The EWS"
                    + " URL ends in /EWS/Exchange.asmx, e.g. https://mail.example.com/EWS/Exchange.asmx.", e);
            case 503, 502, 504 -> new Unavailable(who, server + " is not available (HTTP " + status + ") while "
                    + action + "; retrying later.", e);
            default -> new MailboxException(Kind.CONNECTION, server + " answered HTTP " + status + " while " + action
                    + ".", e);
        };
    }

    private MailboxException byCode(String action, ServiceError code, Map<String, String> details, Exception e) {
        String said = " (Exchange said " + code.name() + ")";
        return switch (code) {
            case ErrorServerBusy -> {
                Duration wait = backOff(details);
                yield MailboxException.throttled(who, who + " is throttled by Exchange while " + action
                        + " (ErrorServerBusy, back off " + wait.toMillis() + " ms).", e, wait);
            }
            case ErrorImpersonateUserDenied, ErrorImpersonationDenied, ErrorImpersonationFailed ->
                    new Classified(Kind.FATAL, ConnectionFailure.AUTHENTICATION, who + ": the service account may not impersonate this mailbox"
                            + said + ". Give the account the ApplicationImpersonation role:"
                            + " New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>.", e);
            case ErrorNonExistentMailbox, ErrorMailboxConfiguration, ErrorMailboxMoveInProgress ->
                    new MailboxException(Kind.FATAL, who + " does not exist on Exchange or cannot be opened now"
                            + said + ".", e);
            case ErrorAccessDenied ->
                    new MailboxException(Kind.FATAL, who + ": Exchange denied the service account access while "
                            + action + said + ". With delegation the account needs Full Access to the mailbox;"
                            + " with impersonation the ApplicationImpersonation role.", e);
            case ErrorItemNotFound, ErrorFolderNotFound, ErrorSyncFolderNotFound ->
                    new NotFound(who + ": " + action + " found nothing: it no longer exists" + said + ".", e);
            case ErrorInvalidSyncStateData -> new InvalidSyncState(who + ": the change state Exchange gave for "
                    + action + " is no longer valid" + said + ".", e);
            case ErrorTimeoutExpired, ErrorConnectionFailed, ErrorInternalServerTransientError,
                    ErrorMailboxStoreUnavailable -> new MailboxException(Kind.CONNECTION, who + ": Exchange could not"
                    + " complete " + action + " this time" + said + ".", e);
            default -> new Refused(code, who + ": Exchange refused " + action + said + ".", e);
        };
    }

    /** The BackOffMilliseconds of an ErrorServerBusy answer, or {@link #DEFAULT_BACK_OFF}. */
    static Duration backOff(Map<String, String> details) {
        String v = details == null ? null : details.get("BackOffMilliseconds");
        if (v != null) {
            try {
                return Duration.ofMillis(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException ignored) {
                // falls through to the default
            }
        }
        return DEFAULT_BACK_OFF;
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** How many calls wait for a free place under the cap now. */
    int waiting() {
        return permits.getQueueLength();
    }

    /** The mailbox's address, or null. */
    String mailbox() {
        return mailbox;
    }
}
