package io.mailferry.service.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS socket factory: the JDK's trusted roots plus, when the admin gave one, their explicitly trusted
 * certificate(s). Verification stays on; this never produces a trust-all manager. Shared by the connectors that
 * speak TLS (IMAP, SMTP, EWS).
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    /** The JDK default when {@code pem} is blank; otherwise JDK roots plus the PEM certificates. */
    public static SSLSocketFactory socketFactory(String pem) {
        if (pem == null || pem.isBlank()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        return sslContext(pem).getSocketFactory();
    }

    /**
     * A TLS context trusting the JDK's roots plus, when {@code pem} is not blank, the PEM certificates (for clients
     * that take a context rather than a socket factory, such as the EWS library's HTTP client).
     */
    public static SSLContext sslContext(String pem) {
        try {
            if (pem == null || pem.isBlank()) {
                return SSLContext.getDefault();
            }
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
