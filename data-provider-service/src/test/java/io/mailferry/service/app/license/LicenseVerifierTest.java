package io.mailferry.service.app.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.testing.TestLicenses;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenseVerifierTest {
    private static final String CONTOSO =
            "{\"v\":1,\"licensee\":\"Contoso Ltd\",\"seats\":250,\"expires\":\"2027-01-31T00:00:00Z\"}";

    private final TestLicenses licenses = new TestLicenses();
    private final LicenseVerifier verifier = new LicenseVerifier(licenses.pair.getPublic());

    @Test
    void verifyShouldReadAGenuineKey() throws InvalidLicenseException {
        assertThat(verifier.verify(licenses.issue(CONTOSO)))
                .isEqualTo(new LicenseKey("Contoso Ltd", 250, Instant.parse("2027-01-31T00:00:00Z")));
    }

    @Test
    void verifyShouldIgnoreLineBreaksFromEmail() throws InvalidLicenseException {
        String key = licenses.issue(CONTOSO);
        String wrapped =
                "  " + key.substring(0, 20) + "\r\n" + key.substring(20, 60) + "\n " + key.substring(60) + "\n";

        assertThat(verifier.verify(wrapped).seats()).isEqualTo(250);
    }

    @Test
    void verifyShouldRejectAKeySignedByAnotherKey() {
        String forged = new TestLicenses().issue(CONTOSO);

        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidLicenseException.class)
                .hasMessage("The license key is not genuine: its signature does not match.");
    }

    @Test
    void verifyShouldRejectAnAlteredPayload() {
        String key = licenses.issue(CONTOSO);
        String more = Base64.getUrlEncoder().withoutPadding().encodeToString(CONTOSO.replace("250", "9999").getBytes());
        String altered = more + key.substring(key.indexOf('.'));

        assertThatThrownBy(() -> verifier.verify(altered)).hasMessageContaining("not genuine");
    }

    @Test
    void verifyShouldRejectIncompleteOrGarbledKeys() {
        String key = licenses.issue(CONTOSO);

        assertThatThrownBy(() -> verifier.verify(key.substring(0, key.indexOf('.'))))
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> verifier.verify(null)).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> verifier.verify(key + ".x")).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> verifier.verify("ab$c." + key.substring(key.indexOf('.') + 1)))
                .hasMessageContaining("characters");
        assertThatThrownBy(() -> verifier.verify(key.substring(0, key.length() - 4)))
                .hasMessageContaining("not genuine");
    }

    @Test
    void verifyShouldRejectSignedButUnusableContent() {
        assertThatThrownBy(() -> verifier.verify(licenses.issue("{\"v\":3}"))).hasMessageContaining("newer format");
        assertThatThrownBy(() -> verifier.verify(licenses.issue("{\"v\":1,\"licensee\":\"X\",\"seats\":0,"
                + "\"expires\":\"2027-01-31T00:00:00Z\"}"))).hasMessageContaining("no seats");
        assertThatThrownBy(() -> verifier.verify(licenses.issue("{\"v\":1,\"licensee\":\"X\",\"seats\":1,"
                + "\"expires\":\"soon\"}"))).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> verifier.verify(licenses.issue("not json"))).hasMessageContaining("cannot be read");
    }

    @Test
    void verifyShouldReadAVersionTwoKeyNamingMailferry() throws InvalidLicenseException {
        String key = licenses.issue("Contoso Ltd", 250, Instant.parse("2027-01-31T00:00:00Z"));

        assertThat(verifier.verify(key))
                .isEqualTo(new LicenseKey("Contoso Ltd", 250, Instant.parse("2027-01-31T00:00:00Z")));
    }

    @Test
    void verifyShouldRejectAKeyForAnotherProductOrNone() {
        String other = licenses.issue("{\"v\":2,\"product\":\"mailboat\",\"licensee\":\"X\",\"seats\":1,"
                + "\"expires\":\"2027-01-31T00:00:00Z\"}");
        String none = licenses.issue("{\"v\":2,\"licensee\":\"X\",\"seats\":1,\"expires\":\"2027-01-31T00:00:00Z\"}");

        assertThatThrownBy(() -> verifier.verify(other)).isInstanceOfSatisfying(InvalidLicenseException.class, e -> {
            assertThat(e.code()).isEqualTo(InvalidLicenseException.WRONG_PRODUCT);
            assertThat(e.getMessage()).isEqualTo("The license key is for another product (mailboat), not for"
                    + " Mailferry; ask your vendor for a Mailferry key.");
        });
        assertThatThrownBy(() -> verifier.verify(none)).hasMessageStartingWith("The license key is for no named"
                + " product");
    }

    @Test
    void verifyShouldAcceptAKeyOfAnyTrustedIssuer() throws InvalidLicenseException {
        TestLicenses reseller = new TestLicenses();
        LicenseVerifier both = new LicenseVerifier(List.of(licenses.pair.getPublic(), reseller.pair.getPublic()));

        assertThat(both.verify(reseller.issue("Fabrikam", 3, Instant.parse("2027-01-31T00:00:00Z"))).seats())
                .isEqualTo(3);
        assertThat(LicenseVerifier.trusting(List.of(reseller.pair.getPublic()))
                .verify(reseller.issue("Fabrikam", 3, Instant.parse("2027-01-31T00:00:00Z"))).licensee())
                .isEqualTo("Fabrikam");
    }

    @Test
    void productionPublicKeyShouldBeAnEd25519Key() {
        PublicKey key = LicenseVerifier.publicKey(LicenseVerifier.PRODUCTION_PUBLIC_KEY);

        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThatThrownBy(() -> LicenseVerifier.production().verify(licenses.issue(CONTOSO)))
                .hasMessageContaining("not genuine");
    }
}
