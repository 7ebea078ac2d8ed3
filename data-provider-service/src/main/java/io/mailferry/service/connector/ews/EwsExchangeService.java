package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.MessageContent;
import java.net.MalformedURLException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.exception.service.local.ServiceLocalException;
import microsoft.exchange.webservices.data.core.request.HttpWebRequest;
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
 *
 * <p>Every request goes out as an {@link EwsHttpRequest}, so that a message's MIME can be sent from its buffer
 * ({@link #sending}) and received into one ({@link #receiving}) without the library holding it (ADR 0050). One session
 * per worker: not thread-safe.
 */
final class EwsExchangeService extends ExchangeService {
    /** The newest schema the library speaks; Exchange 2013 to Subscription Edition accept it. */
    static final ExchangeVersion VERSION = ExchangeVersion.Exchange2010_SP2;
    private static final ThreadLocal<SSLContext> CONSTRUCTING = new ThreadLocal<>();

    private final SSLContext tls;
    private EwsMimeUpload upload;
    private EwsMimeDownload download;

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

    /**
     * Until the returned upload is done with, each request this session sends carries {@code content} in place of the
     * upload's placeholder, which the caller gives the library as the item's MimeContent.
     */
    EwsMimeUpload sending(MessageContent content) {
        upload = new EwsMimeUpload(content);
        return upload;
    }

    /** Until {@link #done}, the MimeContent of the answers goes into the returned download's buffers. */
    EwsMimeDownload receiving() {
        download = new EwsMimeDownload();
        return download;
    }

    /** Ends {@link #sending} and {@link #receiving}: the next requests are plain ones again. */
    void done() {
        upload = null;
        download = null;
    }

    /** As the library prepares its own request (its private overload of this method), as an {@link EwsHttpRequest}. */
    @Override
    protected HttpWebRequest prepareHttpWebRequestForUrl(URI url, boolean acceptGzipEncoding,
            boolean allowAutoRedirect) throws ServiceLocalException, java.net.URISyntaxException {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new ServiceLocalException("Protocol " + scheme + " isn't supported for service request.");
        }
        EwsHttpRequest request = new EwsHttpRequest(httpClient, httpContext, upload, download);
        try {
            request.setUrl(url.toURL());
        } catch (MalformedURLException e) {
            throw new ServiceLocalException("Incorrect format : " + url);
        }
        request.setPreAuthenticate(isPreAuthenticate());
        request.setTimeout(getTimeout());
        request.setContentType("text/xml; charset=utf-8");
        request.setAccept("text/xml");
        request.setUserAgent(getUserAgent());
        request.setAllowAutoRedirect(allowAutoRedirect);
        request.setAcceptGzipEncoding(acceptGzipEncoding);
        request.setHeaders(getHttpHeaders());
        request.setProxy(getWebProxy());
        prepareCredentials(request);
        request.prepareConnection();
        getHttpResponseHeaders().clear();
        return request;
    }

    /**
     * The library's pooled requests (its subscriptions; newer versions send every call so) go out as ours too: a
     * request that bypassed {@link EwsHttpRequest} would send an upload's placeholder as the message.
     */
    @Override
    protected HttpWebRequest prepareHttpPoolingWebRequestForUrl(URI url, boolean acceptGzipEncoding,
            boolean allowAutoRedirect) throws ServiceLocalException, java.net.URISyntaxException {
        return prepareHttpWebRequestForUrl(url, acceptGzipEncoding, allowAutoRedirect);
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
