package io.mailferry.service.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.testing.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One TLS context per trusted certificate: every connection of a job to a server shares its context, and so its cache
 * of TLS sessions (a later connection resumes instead of a full handshake); a different certificate never shares one,
 * and an invalid one is refused each time it is used.
 */
class TrustedCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void theSameCertificateShouldGiveTheSameContext() throws Exception {
        String pem = selfSigned("a");

        SSLContext first = TrustedCertificates.sslContext(pem);

        assertThat(TrustedCertificates.sslContext(new String(pem.toCharArray()))).isSameAs(first);
        assertThat(TrustedCertificates.socketFactory(pem)).isNotNull();
    }

    @Test
    void differentCertificatesShouldNotShareAContext() throws Exception {
        SSLContext a = TrustedCertificates.sslContext(selfSigned("a"));
        SSLContext b = TrustedCertificates.sslContext(selfSigned("b"));

        assertThat(a).isNotSameAs(b);
    }

    @Test
    void anInvalidCertificateShouldBeRefusedEveryTime() {
        String bad = "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----";
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> TrustedCertificates.sslContext(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("The trusted certificate is not a valid PEM certificate.");
        }
    }

    @Test
    void noCertificateShouldMeanTheJavaRuntimesOwnContext() throws Exception {
        assertThat(TrustedCertificates.sslContext(" ")).isSameAs(SSLContext.getDefault());
        assertThat(TrustedCertificates.sslContext(null)).isSameAs(SSLContext.getDefault());
    }

    private String selfSigned(String name) throws IOException, InterruptedException {
        return SelfSignedCertificate.pem(dir, name);
    }
}
