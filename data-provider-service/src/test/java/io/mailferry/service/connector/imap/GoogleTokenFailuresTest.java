package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Google's sign-in failures that are not Google's answers — a token endpoint nobody listens on, a key that is not JSON
 * — are sentences naming Google's service and the cause; google-auth's own words put the cause's Java class name in
 * front ("java.net.ConnectException: Connection refused"), which never reaches the admin.
 */
class GoogleTokenFailuresTest {
    @Test
    void aTokenEndpointThatRefusesConnectionsShouldBeNamedWithoutJavaWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (GoogleTokenDouble google = new GoogleTokenDouble()) {
            GoogleServiceAccountTokens tokens = GoogleServiceAccountTokens.fromKey(google.serviceAccountKey(),
                    URI.create("http://127.0.0.1:" + closed + "/token"));

            assertThatThrownBy(() -> tokens.token("anna@mailferry-test.example", false))
                    .isInstanceOfSatisfying(MailboxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.CONNECTION);
                        assertThat(e.getMessage()).isEqualTo("Google's sign-in service could not be reached "
                                + "(connection refused or network unreachable) (getting an access token for "
                                + "anna@mailferry-test.example).");
                    });
        }
    }

    @Test
    void aKeyThatIsNotJsonShouldSayWhereToGetANewOne() {
        assertThatThrownBy(() -> GoogleServiceAccountTokens.fromKey(new Secret("{\"private_key\": \"x\", oops"),
                URI.create("http://127.0.0.1:1/token")))
                .hasMessageStartingWith("The Gmail connection's key is not a Google service account JSON key")
                .hasMessageNotContaining("gson").hasMessageNotContaining("Exception");
    }

    @Test
    void googleWordsShouldLoseTheJavaClassNamesInFrontOfThem() {
        assertThat(GoogleServiceAccountTokens.words(new java.io.IOException(
                "Error getting access token for service account: java.net.SocketException: Connection reset, iss: x")))
                .isEqualTo("Error getting access token for service account: Connection reset, iss: x");
        assertThat(GoogleServiceAccountTokens.words(new java.io.IOException((String) null))).isEqualTo("no reason given");
    }
}
