package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.tls.TrustedCertificates;
import java.net.URI;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.credential.WebCredentials;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;

/**
 * Where and as whom one Exchange connection talks EWS, and the sessions it opens: one {@link ExchangeService} per
 * session (the library's HTTP client is not meant to be shared by threads), signed in as the service account (Basic
 * or NTLM through {@link WebCredentials}), impersonating the mailbox it works on with
 * {@code ExchangeImpersonation/ConnectingSID/SmtpAddress} and sending {@code X-AnchorMailbox} with it, so Exchange
 * routes the request to the mailbox's server. The EWS URL is the connection's, or found once by Autodiscover from the
 * connection's address. TLS is verified; a certificate the admin trusted explicitly is added to the JDK's roots, never
 * anything looser. Thread-safe.
 */
final class EwsEndpoint {
    /** Per request, until the whole answer arrived (a large item's MIME takes a while). */
    static final int TIMEOUT_MILLIS = 120_000;

    private final EwsSettings settings;
    private final Secret password;
    private final SSLContext tls;
    private volatile URI url;

    EwsEndpoint(EwsSettings settings, Secret password) {
        this.settings = settings;
        this.password = password;
        this.tls = TrustedCertificates.sslContext(settings.trustedCertificatePem());
        this.url = settings.autodiscover() ? null : URI.create(settings.url().strip());
    }

    EwsSettings settings() {
        return settings;
    }

    /** "Exchange server mail.example.com" (or the Autodiscover address's domain), for sentences. */
    String server() {
        URI u = url;
        if (u != null && u.getHost() != null) {
            return "Exchange server " + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        }
        String a = settings.autodiscoverAddress();
        return "Exchange server of " + (a == null ? "the organisation" : a.substring(a.indexOf('@') + 1));
    }

    /** A session that works on {@code mailbox} (null: the service account's own view, for the directory and probe). */
    EwsExchangeService open(String mailbox) throws MailboxException {
        EwsExchangeService service = bare();
        service.setUrl(url(service));
        if (mailbox != null) {
            if (settings.impersonation()) {
                service.setImpersonatedUserId(new ImpersonatedUserId(ConnectingIdType.SmtpAddress, mailbox));
            }
            service.getHttpHeaders().put("X-AnchorMailbox", mailbox);
        }
        return service;
    }

    private EwsExchangeService bare() {
        EwsExchangeService service = EwsExchangeService.create(tls);
        service.setTimeout(TIMEOUT_MILLIS);
        service.setCredentials(credentials());
        service.setUserAgent("Mailferry");
        service.setAcceptGzipEncoding(true);
        return service;
    }

    /** Basic sends the user as typed; NTLM splits DOMAIN\\user into its domain and user. */
    WebCredentials credentials() {
        String user = settings.user() == null ? "" : settings.user().strip();
        String secret = password == null ? "" : password.value();
        int slash = user.indexOf('\\');
        if (settings.authMode() == EwsAuthMode.NTLM && slash > 0) {
            return new WebCredentials(user.substring(slash + 1), secret, user.substring(0, slash));
        }
        return new WebCredentials(user, secret);
    }

    /** The EWS URL, finding it by Autodiscover the first time when the connection gives none. */
    private URI url(ExchangeService service) throws MailboxException {
        URI u = url;
        if (u != null) {
            return u;
        }
        synchronized (this) {
            if (url == null) {
                url = autodiscover(service);
            }
            return url;
        }
    }

    private URI autodiscover(ExchangeService service) throws MailboxException {
        String address = settings.autodiscoverAddress();
        if (address == null || !address.contains("@")) {
            throw new MailboxException(Kind.FATAL, "The Exchange connection has neither an EWS URL nor an address to"
                    + " find it by Autodiscover; enter the EWS URL, such as https://mail.example.com/EWS/Exchange.asmx.");
        }
        try {
            // only HTTPS redirections are followed: Autodiscover sends the account's password along
            return EwsAutodiscover.discover(service, tls, address.strip(), redirect -> redirect != null
                    && redirect.toLowerCase(Locale.ROOT).startsWith("https://"));
        } catch (Exception e) {
            throw new MailboxException(Kind.FATAL, "Autodiscover found no EWS URL for " + address.strip()
                    + " (no Autodiscover record answered for its domain, or it refused the service account); enter"
                    + " the EWS URL, such as https://mail.example.com/EWS/Exchange.asmx.", e);
        }
    }
}
