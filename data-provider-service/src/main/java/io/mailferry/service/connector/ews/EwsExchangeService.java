package io.mailferry.service.connector.ews;

import javax.net.ssl.SSLContext;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

/**
 * The library's {@link ExchangeService} with our TLS: certificates verified against the JDK's roots plus, only when
 * the admin gave one, their explicitly trusted certificate, and host names checked. The library's own socket factory
 * wraps every trust manager in one of its own; this one does not. The library builds its HTTP clients from the
 * constructor and again lazily, so the context is handed over through a thread-local during construction and kept in
 * a field afterwards.
 */
final class EwsExchangeService extends ExchangeService {
    /** The newest schema the library speaks; Exchange 2013 to Subscription Edition accept it. */
    static final ExchangeVersion VERSION = ExchangeVersion.Exchange2010_SP2;
    private static final ThreadLocal<SSLContext> CONSTRUCTING = new ThreadLocal<>();

    private final SSLContext tls;

    private EwsExchangeService(SSLContext tls) {
        super(VERSION);
        this.tls = tls;
    }

    static EwsExchangeService create(SSLContext tls) {
        CONSTRUCTING.set(tls);
        try {
            return new EwsExchangeService(tls);
        } finally {
            CONSTRUCTING.remove();
        }
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionSocketFactoryRegistry() {
        return registry(tls != null ? tls : CONSTRUCTING.get());
    }

    /**
     * HTTP and HTTPS through {@code context} (the JDK's default when null) with host names checked: what every HTTP
     * client of ours in the library is built from ({@link EwsAutodiscover} too).
     */
    static Registry<ConnectionSocketFactory> registry(SSLContext context) {
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("TLS missing from the JDK", e);
            }
        }
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", new SSLConnectionSocketFactory(context, new DefaultHostnameVerifier()))
                .build();
    }
}
