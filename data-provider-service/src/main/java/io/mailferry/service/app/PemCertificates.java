package io.mailferry.service.app;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;

/** The check of a certificate an admin trusts explicitly (a connection's, the alert mails' SMTP server's). */
public final class PemCertificates {
    private PemCertificates() {
    }

    /** Adds "{@code what} trusted certificate is not a PEM X.509 certificate." when {@code pem} is set and not one. */
    public static void check(String pem, String what, List<String> problems) {
        if (pem == null || pem.isBlank()) {
            return;
        }
        try {
            CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            problems.add(what + " trusted certificate is not a PEM X.509 certificate.");
        }
    }
}
