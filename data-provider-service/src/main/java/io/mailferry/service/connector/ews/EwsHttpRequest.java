package io.mailferry.service.connector.ews;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import microsoft.exchange.webservices.data.core.WebProxy;
import microsoft.exchange.webservices.data.core.exception.http.EWSHttpException;
import microsoft.exchange.webservices.data.core.request.HttpWebRequest;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.NTCredentials;
import org.apache.http.client.CredentialsProvider;
import org.apache.http.client.config.AuthSchemes;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

/**
 * One EWS request of a session, sent through the session's HTTP client as the library's own request class sends it
 * (the same headers, NTLM or Basic, proxy), with two differences that keep a large item out of memory: a CreateItem
 * whose MIME {@link EwsMimeUpload} stands for gets that MIME streamed into its body in place of a placeholder, and a
 * response is decompressed here and passed through {@link EwsMimeDownload} when the session expects MIME, which takes
 * each {@code MimeContent}'s text out of the XML the library parses and decodes it into a spooled buffer. Without
 * either it behaves as the library's request. Not thread-safe (one per call).
 */
final class EwsHttpRequest extends HttpWebRequest {
    private static final ContentType SOAP_XML = ContentType.create("text/xml", "utf-8");

    private final CloseableHttpClient client;
    private final HttpClientContext context;
    private final EwsMimeUpload upload;
    private final EwsMimeDownload download;
    private HttpPost post;
    private ByteArrayOutputStream body;
    private CloseableHttpResponse response;

    EwsHttpRequest(CloseableHttpClient client, HttpClientContext context, EwsMimeUpload upload,
            EwsMimeDownload download) {
        this.client = client;
        this.context = context;
        this.upload = upload;
        this.download = download;
    }

    @Override
    public void prepareConnection() {
        post = new HttpPost(getUrl().toString());
        post.addHeader("Content-type", getContentType());
        post.addHeader("User-Agent", getUserAgent());
        post.addHeader("Accept", getAccept());
        post.addHeader("Keep-Alive", "300");
        post.addHeader("Connection", "Keep-Alive");
        if (isAcceptGzipEncoding()) {
            post.addHeader("Accept-Encoding", "gzip,deflate");
        }
        if (getHeaders() != null) {
            getHeaders().forEach(post::addHeader);
        }
        RequestConfig.Builder config = RequestConfig.custom().setAuthenticationEnabled(true)
                .setConnectionRequestTimeout(getTimeout()).setConnectTimeout(getTimeout())
                .setRedirectsEnabled(isAllowAutoRedirect()).setSocketTimeout(getTimeout())
                .setTargetPreferredAuthSchemes(Arrays.asList(AuthSchemes.NTLM, AuthSchemes.BASIC))
                .setProxyPreferredAuthSchemes(Arrays.asList(AuthSchemes.NTLM, AuthSchemes.BASIC));
        CredentialsProvider credentials = new BasicCredentialsProvider();
        WebProxy proxy = getProxy();
        if (proxy != null) {
            HttpHost host = new HttpHost(proxy.getHost(), proxy.getPort());
            config.setProxy(host);
            if (proxy.hasCredentials()) {
                credentials.setCredentials(new AuthScope(host), new NTCredentials(proxy.getCredentials().getUsername(),
                        proxy.getCredentials().getPassword(), "", proxy.getCredentials().getDomain()));
            }
        }
        if (isAllowAuthentication() && getUsername() != null) {
            credentials.setCredentials(new AuthScope(AuthScope.ANY),
                    new NTCredentials(getUsername(), getPassword(), "", getDomain()));
        }
        context.setCredentialsProvider(credentials);
        post.setConfig(config.build());
    }

    /** The library writes its request XML here (it casts it to a ByteArrayOutputStream). */
    @Override
    public OutputStream getOutputStream() throws EWSHttpException {
        if (post == null) {
            throw new EWSHttpException("Connection not established");
        }
        body = new ByteArrayOutputStream();
        return body;
    }

    @Override
    public int executeRequest() throws EWSHttpException, IOException {
        if (post == null) {
            throw new EWSHttpException("Connection not established");
        }
        byte[] xml = body == null ? new byte[0] : body.toByteArray();
        post.setEntity(upload != null ? upload.entity(xml) : new ByteArrayEntity(xml, SOAP_XML));
        response = client.execute(post, context);
        return response.getStatusLine().getStatusCode();
    }

    /**
     * The answer, decompressed here (so {@link #getContentEncoding} says none), with the character references XML
     * forbids replaced ({@link XmlCharacterReferences}), and through the download if any.
     */
    @Override
    public InputStream getInputStream() throws EWSHttpException, IOException {
        InputStream in = new XmlCharacterReferences(decoded());
        return download == null ? in : download.filter(in);
    }

    @Override
    public InputStream getErrorStream() throws EWSHttpException {
        try {
            return decoded();
        } catch (IOException e) {
            throw new EWSHttpException("Connection Error " + e);
        }
    }

    private InputStream decoded() throws EWSHttpException, IOException {
        requireResponse();
        InputStream raw = response.getEntity().getContent();
        String encoding = encoding();
        if (encoding.contains("gzip")) {
            return new GZIPInputStream(raw, 16 * 1024);
        }
        if (encoding.contains("deflate")) {
            return new InflaterInputStream(raw);
        }
        return raw;
    }

    private String encoding() {
        Header h = response.getFirstHeader("Content-Encoding");
        return h == null || h.getValue() == null ? "" : h.getValue().toLowerCase(Locale.ROOT);
    }

    /** None: {@link #getInputStream} has decompressed the answer already. */
    @Override
    public String getContentEncoding() throws EWSHttpException {
        requireResponse();
        return null;
    }

    @Override
    public String getResponseContentType() throws EWSHttpException {
        requireResponse();
        Header h = response.getFirstHeader("Content-type");
        return h == null ? null : h.getValue();
    }

    @Override
    public int getResponseCode() throws EWSHttpException {
        requireResponse();
        return response.getStatusLine().getStatusCode();
    }

    @Override
    public String getResponseText() throws EWSHttpException {
        requireResponse();
        return response.getStatusLine().getReasonPhrase();
    }

    @Override
    public String getResponseHeaderField(String headerName) throws EWSHttpException {
        requireResponse();
        Header h = response.getFirstHeader(headerName);
        return h == null ? null : h.getValue();
    }

    @Override
    public Map<String, String> getResponseHeaders() throws EWSHttpException {
        requireResponse();
        Map<String, String> map = new HashMap<>();
        for (Header h : response.getAllHeaders()) {
            // several Set-Cookie headers are joined, as the library's request does
            map.merge(h.getName(), h.getValue(), (a, b) -> h.getName().equals("Set-Cookie") ? a + "," + b : b);
        }
        return map;
    }

    @Override
    public Map<String, String> getRequestProperty() throws EWSHttpException {
        if (post == null) {
            throw new EWSHttpException("Connection not established");
        }
        Map<String, String> map = new HashMap<>();
        for (Header h : post.getAllHeaders()) {
            map.put(h.getName(), h.getValue());
        }
        return map;
    }

    /** Reads the rest of the answer so that the connection is kept for the next call, or gives it up. */
    @Override
    public void close() throws IOException {
        if (response != null && response.getEntity() != null) {
            EntityUtils.consume(response.getEntity());
        } else if (post != null) {
            post.releaseConnection();
        }
        post = null;
    }

    private void requireResponse() throws EWSHttpException {
        if (response == null) {
            throw new EWSHttpException("Connection not established");
        }
    }
}
