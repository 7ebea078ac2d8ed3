package io.mailferry.service.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS socket factory: the JDK's trusted roots plus, when the admin gave one, their explicitly trusted
 * certificate(s). Verification stays on; this never produces a trust-all manager. Shared by the connectors that
 * speak TLS (IMAP, SMTP, EWS). One context per trusted certificate, made once: building one copies the JDK's roots
 * into a key store, and each context keeps its own cache of TLS sessions — with one per connection, none of a job's
 * connections to a server could resume the TLS session of another (a full handshake each, on both sides).
 */
public final class TrustedCertificates {
    /** More distinct trusted certificates than any data directory holds; past it the contexts are made anew. */
    static final int MAX_CONTEXTS = 64;
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private TrustedCertificates() {
    }

    /**
     * The JDK default when {@code pem} is blank; otherwise JDK roots plus the PEM certificates. TLS it layers over a
     * connected socket reads that socket through a buffer ({@link BufferedTlsSocketFactory}, ADR 0054).
     */
    public static SSLSocketFactory socketFactory(String pem) {
        SSLSocketFactory tls = pem == null || pem.isBlank() ? (SSLSocketFactory) SSLSocketFactory.getDefault()
                : sslContext(pem).getSocketFactory();
        return new BufferedTlsSocketFactory(tls);
    }

    /**
     * A TLS context trusting the JDK's roots plus, when {@code pem} is not blank, the PEM certificates (for clients
     * that take a context rather than a socket factory, such as the EWS library's HTTP client).
     */
    public static SSLContext sslContext(String pem) {
        if (pem == null || pem.isBlank()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("This Java runtime has no working TLS.", e);
            }
        }
        if (CONTEXTS.size() >= MAX_CONTEXTS) {
            CONTEXTS.clear();
        }
        return CONTEXTS.computeIfAbsent(pem, TrustedCertificates::newContext); // an invalid PEM throws: nothing kept
    }

    private static SSLContext newContext(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate root : jdkRoots()) {
                store.setCertificateEntry("jdk-" + i++, root);
            }
            i = 0;
            for (Certificate cert : parse(pem)) {
                store.setCertificateEntry("admin-trusted-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("The trusted certificate is not a valid PEM certificate.", e);
        }
    }

    static Collection<? extends Certificate> parse(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs =
                factory.generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM");
        }
        return certs;
    }

    private static X509Certificate[] jdkRoots() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
