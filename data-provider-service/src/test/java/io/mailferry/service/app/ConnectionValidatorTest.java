package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import io.mailferry.model.connection.Secret;
import org.junit.jupiter.api.Test;

/** The Microsoft 365 part of the validation: what a connection needs before any sign-in is tried. */
class ConnectionValidatorTest {
    static final String CLIENT = "535fb089-9ff3-47b6-9bfb-4f1264799865";
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    private final ConnectionValidator validator = new ConnectionValidator();

    private static ConnectionRequest m365(GraphSettings settings, String secret) {
        return new ConnectionRequest("Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null, settings,
                null, secret == null ? null : new Secret(secret));
    }

    @Test
    void aCompleteClientSecretConnectionShouldPass() {
        assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT), "s3cret"), true))
                .isEmpty();
    }

    @Test
    void everyKnownCloudShouldPassWhateverItsCase() {
        for (String cloud : new String[] {"global", "us-government", "China", " global "}) {
            assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, cloud,
                    GraphCredential.CLIENT_SECRET), "s3cret"), true)).as(cloud).isEmpty();
        }
    }

    @Test
    void missingTenantAndClientShouldEachBeNamed() {
        assertThat(validator.problems(m365(new GraphSettings(" ", null), "s3cret"), true)).containsExactly(
                "The target Microsoft 365 connection needs the tenant id or primary domain.",
                "The target Microsoft 365 connection needs the application (client) id.");
    }

    @Test
    void idsThatCannotGoIntoTheSignInAddressShouldBeRefused() {
        assertThat(validator.problems(m365(new GraphSettings("contoso/x", "535fb089 9ff3"), "s3cret"), true))
                .containsExactly(
                        "The target Microsoft 365 tenant 'contoso/x' is not a tenant id or domain name.",
                        "The target Microsoft 365 application (client) id '535fb089 9ff3' is not an id such as "
                                + "535fb089-9ff3-47b6-9bfb-4f1264799865.");
    }

    @Test
    void unknownCloudShouldListTheKnownOnes() {
        assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, "germany",
                GraphCredential.CLIENT_SECRET), "s3cret"), true)).containsExactly(
                "The target Microsoft 365 cloud 'germany' is unknown; use global, us-government, china.");
    }

    @Test
    void theRequestCapShouldBeBetweenOneAndSixteen() {
        for (int cap : new int[] {1, 4, 16}) {
            assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                    GraphCredential.CLIENT_SECRET, cap), "s3cret"), true)).as("cap " + cap).isEmpty();
        }
        for (int cap : new int[] {0, 17}) {
            assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                    GraphCredential.CLIENT_SECRET, cap), "s3cret"), true)).as("cap " + cap).containsExactly(
                    "The target Microsoft 365 requests per mailbox must be between 1 and 16 (Microsoft allows 4 at "
                            + "once).");
        }
    }

    @Test
    void theGraphWritePathShouldBeATargetsOnly() {
        GraphSettings graphWritten = new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                GraphCredential.CLIENT_SECRET, null, GraphWritePath.GRAPH);
        assertThat(validator.problems(m365(graphWritten, "s3cret"), true)).isEmpty();
        ConnectionRequest source = new ConnectionRequest("Contoso", ConnectionRole.SOURCE,
                ConnectionKind.MICROSOFT_365, null, graphWritten, null, new Secret("s3cret"));
        assertThat(validator.problems(source, true)).containsExactly("The source Microsoft 365 connection is read, "
                + "never written: the write path applies to targets only.");
    }

    @Test
    void aNewConnectionShouldSayWhichCredentialItLacks() {
        assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT), null), true))
                .containsExactly("The target Microsoft 365 connection needs the application's client secret.");
        assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                GraphCredential.CERTIFICATE), " "), true)).containsExactly(
                "The target Microsoft 365 connection needs the application's certificate with its private key.");
    }

    @Test
    void anUpdateMayKeepTheStoredCredential() {
        assertThat(validator.problems(m365(new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                GraphCredential.CERTIFICATE), null), false)).isEmpty();
    }

    @Test
    void aCertificateCredentialShouldHaveOneOfTheTwoStoredShapes() {
        GraphSettings certificate = new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                GraphCredential.CERTIFICATE);

        assertThat(validator.problems(m365(certificate, PEM), true)).isEmpty();
        assertThat(validator.problems(m365(certificate, "pkcs12:MIIKUQIBAzCCChcGCSqGSIb3\npfx-password"), true))
                .isEmpty();
        assertThat(validator.problems(m365(certificate, "just a client secret"), true)).containsExactly(
                "The target Microsoft 365 certificate must be PEM text (certificate and private key) or a PKCS#12"
                        + " (.pfx) file.");
        assertThat(validator.problems(m365(certificate, PEM.substring(0, PEM.indexOf("-----BEGIN PRIVATE"))), true))
                .containsExactly("The target Microsoft 365 certificate comes without its private key.");
        assertThat(validator.problems(m365(certificate, "pkcs12:not base64 at all!\npw"), true)).containsExactly(
                "The target Microsoft 365 certificate (PKCS#12) is not stored as Base64.");
    }
}
