package io.mailferry.service.connector.ews;

import java.net.URI;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import microsoft.exchange.webservices.data.autodiscover.AutodiscoverService;
import microsoft.exchange.webservices.data.autodiscover.IAutodiscoverRedirectionUrl;
import microsoft.exchange.webservices.data.autodiscover.enumeration.UserSettingName;
import microsoft.exchange.webservices.data.autodiscover.exception.AutodiscoverLocalException;
import microsoft.exchange.webservices.data.autodiscover.response.GetUserSettingsResponse;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.exception.service.remote.AccountIsLockedException;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceRemoteException;
import org.apache.http.config.Registry;
import org.apache.http.conn.socket.ConnectionSocketFactory;

/**
 * The library's Autodiscover with our TLS. {@link ExchangeService#autodiscoverUrl} builds an
 * {@link AutodiscoverService} of its own, whose HTTP client takes the library's socket factory: its trust manager
 * accepts any server that shows a single certificate within its dates, self-signed included — and Autodiscover sends
 * the service account's password. This one is built from the same verified context as the session
 * ({@link EwsExchangeService#registry}: the JDK's roots plus only the certificate the admin trusted, host names
 * checked), and {@link #discover} does what {@code autodiscoverUrl} does with it.
 */
final class EwsAutodiscover extends AutodiscoverService {
    private static final ThreadLocal<SSLContext> CONSTRUCTING = new ThreadLocal<>();

    private final SSLContext tls;

    private EwsAutodiscover(ExchangeService service, ExchangeVersion version, SSLContext tls) {
        super(service, version);
        this.tls = tls;
    }

    /** An Autodiscover client with {@code service}'s credentials, timeout and proxy, speaking {@code version}. */
    static EwsAutodiscover create(ExchangeService service, ExchangeVersion version, SSLContext tls) {
        CONSTRUCTING.set(tls);
        try {
            EwsAutodiscover a = new EwsAutodiscover(service, version, tls);
            a.setWebProxy(service.getWebProxy());
            a.setTimeout(service.getTimeout());
            a.setEnableScpLookup(service.getEnableScpLookup());
            return a;
        } finally {
            CONSTRUCTING.remove();
        }
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionSocketFactoryRegistry() {
        SSLContext context = tls != null ? tls : CONSTRUCTING.get();
        return EwsExchangeService.registry(context);
    }

    /**
     * The EWS URL of {@code address}, as {@code ExchangeService.autodiscoverUrl} finds it: the SOAP Autodiscover service
     * first, then the legacy one (unless the account is locked); redirections only where {@code redirect} allows.
     */
    static URI discover(ExchangeService service, SSLContext tls, String address, IAutodiscoverRedirectionUrl redirect)
            throws Exception {
        return discover(version -> create(service, version, tls), address, redirect);
    }

    /** As above, with the Autodiscover client of each version from {@code clients} (tests give stubs). */
    static URI discover(Function<ExchangeVersion, AutodiscoverService> clients, String address,
            IAutodiscoverRedirectionUrl redirect) throws Exception {
        try {
            return ewsUrl(clients.apply(EwsExchangeService.VERSION), address, redirect);
        } catch (AccountIsLockedException e) {
            throw e;
        } catch (AutodiscoverLocalException | ServiceRemoteException e) {
            // as the library does: the legacy (POX) service next
        }
        return ewsUrl(clients.apply(ExchangeVersion.Exchange2007_SP1), address, redirect);
    }

    /** The EWS URL {@code autodiscover} finds for {@code address}: the external one where given, else the internal. */
    static URI ewsUrl(AutodiscoverService autodiscover, String address, IAutodiscoverRedirectionUrl redirect)
            throws Exception {
        autodiscover.setRedirectionUrlValidationCallback(redirect);
        GetUserSettingsResponse response = autodiscover.getUserSettings(address, UserSettingName.InternalEwsUrl,
                UserSettingName.ExternalEwsUrl);
        switch (response.getErrorCode()) {
            case NoError -> {
                for (UserSettingName name : new UserSettingName[] {UserSettingName.ExternalEwsUrl,
                        UserSettingName.InternalEwsUrl}) {
                    Object value = response.getSettings().get(name);
                    if (value instanceof String url && !url.isBlank()) {
                        return new URI(url.strip());
                    }
                }
                throw new AutodiscoverLocalException("Autodiscover answered without an EWS URL.");
            }
            default -> throw new ServiceRemoteException("Autodiscover answered " + response.getErrorCode() + ": "
                    + response.getErrorMessage());
        }
    }
}
