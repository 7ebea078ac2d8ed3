package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for on-premises Exchange: reads the address book through ResolveNames (which proves the URL, the
 * certificate and the service account's login), then opens one mailbox the way a pass does — its inbox through
 * GetFolder, impersonating it (or by delegation) — which proves the ApplicationImpersonation role or the Full Access
 * right. The mailbox is the connection's Autodiscover address when it has one, else the first mailbox of the address
 * book other than the service account's. Each failure names what is missing: the URL, the certificate, the account or
 * password, the role. Never throws; never puts the secret in the result. Thread-safe.
 */
public final class EwsConnectionProbe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(EwsConnectionProbe.class);

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.EXCHANGE;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest connection) {
        Instant start = Instant.now();
        String side = connection.role() == ConnectionRole.TARGET ? "Target" : "Source";
        EwsSettings settings = connection.ews();
        if (settings == null) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, side + " Exchange connection has no"
                    + " EWS settings.", start, millis(start));
        }
        EwsEndpoint endpoint;
        try {
            endpoint = new EwsEndpoint(settings, connection.secret());
        } catch (IllegalArgumentException e) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, side + " Exchange connection's"
                    + " trusted certificate or EWS URL is not valid.", start, millis(start));
        }
        try {
            List<DirectoryMailbox> book = new EwsDirectory(endpoint).mailboxes();
            String mailbox = mailboxToTry(settings, book);
            if (mailbox == null) {
                return ConnectionTestResult.success(side + " " + endpoint.server() + ": the service account signed"
                        + " in, but its address book shows no mailbox to try opening; impersonation is not checked.",
                        null, start, millis(start));
            }
            EwsCalls calls = new EwsCalls(side + " Exchange mailbox " + mailbox, mailbox, side + " "
                    + endpoint.server(), 1);
            EwsMailboxContext box = new EwsMailboxContext(mailbox, endpoint, calls);
            var session = box.session();
            try {
                box.types(session);
            } finally {
                session.close();
            }
            return ConnectionTestResult.success(side + " " + endpoint.server() + ": the service account signed in,"
                    + " sees " + book.size() + " mailbox" + (book.size() == 1 ? "" : "es") + " and opened " + mailbox
                    + (settings.impersonation() ? " by impersonation." : " by delegation."),
                    "EWS schema " + EwsExchangeService.VERSION.name(), start, millis(start));
        } catch (MailboxException e) {
            LOG.debug("Exchange connection test failed", e);
            return ConnectionTestResult.failed(EwsCalls.category(e), sentence(side, e), start, millis(start));
        } catch (RuntimeException e) {
            LOG.warn("Exchange connection test failed unexpectedly", e);
            return ConnectionTestResult.failed(ConnectionFailure.OTHER, side + " Exchange connection test failed"
                    + " unexpectedly; the service log has the details.", start, millis(start));
        }
    }

    private static String sentence(String side, MailboxException e) {
        String m = e.getMessage();
        return m.startsWith(side) ? m : side + ": " + m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    private static String mailboxToTry(EwsSettings settings, List<DirectoryMailbox> book) {
        if (settings.autodiscoverAddress() != null && settings.autodiscoverAddress().contains("@")) {
            return settings.autodiscoverAddress().strip();
        }
        String account = settings.user() == null ? "" : settings.user().strip().toLowerCase(Locale.ROOT);
        for (DirectoryMailbox m : book) {
            String a = m.address().toLowerCase(Locale.ROOT);
            if (!a.equals(account) && !account.endsWith("\\" + a.substring(0, a.indexOf('@') < 0 ? a.length()
                    : a.indexOf('@')))) {
                return m.address();
            }
        }
        return null;
    }

    private static long millis(Instant start) {
        return java.time.Duration.between(start, Instant.now()).toMillis();
    }
}
