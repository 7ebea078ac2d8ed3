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
import java.util.List;
import microsoft.exchange.webservices.data.autodiscover.enumeration.AutodiscoverErrorCode;
import microsoft.exchange.webservices.data.autodiscover.enumeration.UserSettingName;
import microsoft.exchange.webservices.data.autodiscover.exception.AutodiscoverLocalException;
import microsoft.exchange.webservices.data.autodiscover.response.GetUserSettingsResponse;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.exception.service.remote.AccountIsLockedException;
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

    /** As ExchangeService.autodiscoverUrl: SOAP Autodiscover first, the legacy service when SOAP finds nothing. */
    @Test
    void discoverShouldFallBackToTheLegacyServiceButNotForALockedAccount() throws Exception {
        List<ExchangeVersion> asked = new java.util.ArrayList<>();
        URI found = EwsAutodiscover.discover(version -> {
            asked.add(version);
            return stub(version == ExchangeVersion.Exchange2007_SP1 ? null
                    : new AutodiscoverLocalException("No appropriate Autodiscover SOAP endpoint is available."));
        }, EwsFixture.ACCOUNT, HTTPS_ONLY);
        assertThat(found).isEqualTo(EWS);
        assertThat(asked).containsExactly(EwsExchangeService.VERSION, ExchangeVersion.Exchange2007_SP1);

        asked.clear();
        assertThatThrownBy(() -> EwsAutodiscover.discover(version -> {
            asked.add(version);
            return stub(new AccountIsLockedException("locked", null, null));
        }, EwsFixture.ACCOUNT, HTTPS_ONLY)).isInstanceOf(AccountIsLockedException.class);
        assertThat(asked).as("a locked account is not tried again").containsExactly(EwsExchangeService.VERSION);
    }

    /** An Autodiscover client that throws {@code failure}, or (null) answers {@link #EWS} as the external URL. */
    private static AutodiscoverService stub(Exception failure) {
        try {
            return new AutodiscoverService(ExchangeVersion.Exchange2010_SP2) {
                @Override
                public GetUserSettingsResponse getUserSettings(String address, UserSettingName... names)
                        throws Exception {
                    if (failure != null) {
                        throw failure;
                    }
                    GetUserSettingsResponse r = new GetUserSettingsResponse();
                    r.setErrorCode(AutodiscoverErrorCode.NoError);
                    r.getSettings().put(UserSettingName.ExternalEwsUrl, EWS.toString());
                    return r;
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
