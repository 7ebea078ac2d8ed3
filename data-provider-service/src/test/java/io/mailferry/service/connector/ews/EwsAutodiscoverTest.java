package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.ews.doubles.AutodiscoverDouble;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.tls.TrustedCertificates;
import java.net.URI;
import java.nio.file.Path;
import microsoft.exchange.webservices.data.autodiscover.AutodiscoverService;
import microsoft.exchange.webservices.data.autodiscover.IAutodiscoverRedirectionUrl;
import microsoft.exchange.webservices.data.core.ExchangeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autodiscover sends the service account's password, so its TLS is the session's: an Autodiscover server with a
 * self-signed certificate nobody trusted gets no request at all — where the library's own Autodiscover client (what
 * {@code ExchangeService.autodiscoverUrl} uses) accepts any single certificate within its dates and sends it — and
 * one whose certificate the admin trusted explicitly answers with the EWS URL (Microsoft's GetUserSettings, in
 * {@link AutodiscoverDouble}).
 */
class EwsAutodiscoverTest {
    private static final URI EWS = URI.create("https://mail.contoso.example/EWS/Exchange.asmx");
    private static final IAutodiscoverRedirectionUrl HTTPS_ONLY = url -> url != null && url.startsWith("https://");

    @TempDir
    Path dir;

    @Test
    void anAutodiscoverServerWithAnUntrustedCertificateShouldGetNoRequestAndNoPassword() throws Exception {
        TokenEndpointDouble.KeyMaterial key = TokenEndpointDouble.keyMaterial(dir, "autodiscover", "IP:127.0.0.1");
        try (AutodiscoverDouble autodiscover = new AutodiscoverDouble(key.serverContext(), EwsFixture.ACCOUNT,
                EwsFixture.PASSWORD, EWS)) {
            ExchangeService service = session(null);

            EwsAutodiscover ours = EwsAutodiscover.create(service, EwsExchangeService.VERSION,
                    TrustedCertificates.sslContext(null));
            ours.setUrl(autodiscover.url());
            assertThatThrownBy(() -> EwsAutodiscover.ewsUrl(ours, EwsFixture.ACCOUNT, HTTPS_ONLY))
                    .isInstanceOf(Exception.class);
            assertThat(autodiscover.requests()).as("requests sent past an untrusted certificate").isZero();

            // the case this guards against: the library's own client takes the certificate and signs in (the double
            // answers only with the right password)
            AutodiscoverService library = new AutodiscoverService(service, EwsExchangeService.VERSION);
            library.setUrl(autodiscover.url());
            assertThat(EwsAutodiscover.ewsUrl(library, EwsFixture.ACCOUNT, HTTPS_ONLY)).isEqualTo(EWS);
            assertThat(autodiscover.requests()).isPositive();
        }
    }

    @Test
    void anExplicitlyTrustedCertificateShouldLetAutodiscoverAnswerWithTheExternalEwsUrl() throws Exception {
        TokenEndpointDouble.KeyMaterial key = TokenEndpointDouble.keyMaterial(dir, "autodiscover", "IP:127.0.0.1");
        try (AutodiscoverDouble autodiscover = new AutodiscoverDouble(key.serverContext(), EwsFixture.ACCOUNT,
                EwsFixture.PASSWORD, EWS)) {
            ExchangeService service = session(key.certificatePem());

            EwsAutodiscover ours = EwsAutodiscover.create(service, EwsExchangeService.VERSION,
                    TrustedCertificates.sslContext(key.certificatePem()));
            ours.setUrl(autodiscover.url());

            assertThat(EwsAutodiscover.ewsUrl(ours, EwsFixture.ACCOUNT, HTTPS_ONLY)).isEqualTo(EWS);
            assertThat(autodiscover.requests()).isPositive();
        }
    }

    /** A session as {@link EwsEndpoint} makes one, signed in as the fixture's service account. */
    private static ExchangeService session(String trustedPem) {
        EwsExchangeService service = EwsExchangeService.create(TrustedCertificates.sslContext(trustedPem));
        service.setTimeout(10_000);
        service.setCredentials(new EwsEndpoint(new EwsSettings("https://127.0.0.1/EWS/Exchange.asmx",
                EwsFixture.ACCOUNT, true, trustedPem, null, EwsAuthMode.BASIC, null), new Secret(EwsFixture.PASSWORD))
                .credentials());
        return service;
    }
}
