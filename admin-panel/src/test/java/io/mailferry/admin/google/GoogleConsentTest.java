package io.mailferry.admin.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The installed-app consent of one Gmail account (developers.google.com/identity/protocols/oauth2/native-app) against
 * a double of Google's authorization and token endpoints ({@link GoogleSignInDouble}): the sign-in page asks for the
 * scope https://mail.google.com/ with a PKCE challenge and a loopback redirect; the browser comes back with the code,
 * which Google's library trades with the verifier for the refresh token.
 */
class GoogleConsentTest {
    private final GoogleSignInDouble google = newDouble();

    private static GoogleSignInDouble newDouble() {
        try {
            return new GoogleSignInDouble();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        google.close();
    }

    @Test
    void theAccountsConsentShouldEndWithItsRefreshTokenAsAuthorizedUserJson() throws Exception {
        try (GoogleConsent consent = GoogleConsent.start(google.endpoints(), GoogleSignInDouble.CLIENT_ID,
                GoogleSignInDouble.CLIENT_SECRET, "anna@gmail.com")) {
            HttpResponse<String> page = GoogleSignInDouble.browse(consent.authorizationUrl());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Mailferry has the account's consent");
            JsonNode json = new ObjectMapper().readTree(consent.result().get(10, TimeUnit.SECONDS));
            assertThat(json.get("type").asText()).isEqualTo("authorized_user");
            assertThat(json.get("client_id").asText()).isEqualTo(GoogleSignInDouble.CLIENT_ID);
            assertThat(json.get("client_secret").asText()).isEqualTo(GoogleSignInDouble.CLIENT_SECRET);
            assertThat(json.get("refresh_token").asText()).isEqualTo(google.refreshTokens().get(0));
            assertThat(google.authorizations()).singleElement().satisfies(a -> {
                assertThat(a.scope()).isEqualTo("https://mail.google.com/");
                assertThat(a.challengeMethod()).isEqualTo("S256");
                assertThat(a.redirectUri()).isEqualTo(consent.redirectUri().toString())
                        .startsWith("http://127.0.0.1:");
                assertThat(a.loginHint()).isEqualTo("anna@gmail.com");
                assertThat(a.accessType()).isEqualTo("offline");
            });
        }
    }

    @Test
    void aRefusedConsentShouldSaySoInTheBrowserAndTheWizard() throws Exception {
        google.deny(true);
        try (GoogleConsent consent = GoogleConsent.start(google.endpoints(), GoogleSignInDouble.CLIENT_ID,
                GoogleSignInDouble.CLIENT_SECRET, "")) {
            HttpResponse<String> page = GoogleSignInDouble.browse(consent.authorizationUrl());

            assertThat(page.statusCode()).isEqualTo(400);
            assertThatThrownBy(() -> consent.result().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(GoogleConsent.ConsentFailure.class)
                    .hasMessage("The account did not give its consent in Google's page; sign in again and choose "
                            + "Allow.");
        }
    }

    @Test
    void aWrongClientSecretShouldBeNamedNotShown() throws Exception {
        try (GoogleConsent consent = GoogleConsent.start(google.endpoints(), GoogleSignInDouble.CLIENT_ID,
                "GOCSPX-wrong", "")) {
            GoogleSignInDouble.browse(consent.authorizationUrl());

            assertThatThrownBy(() -> consent.result().get(10, TimeUnit.SECONDS)).cause()
                    .hasMessageStartingWith("Google refused the OAuth client: check its client ID and secret")
                    .message().doesNotContain("GOCSPX");
        }
    }

    @Test
    void aVisitThatIsNotTheAnswerShouldLeaveTheSignInWaiting() throws Exception {
        try (GoogleConsent consent = GoogleConsent.start(google.endpoints(), GoogleSignInDouble.CLIENT_ID,
                GoogleSignInDouble.CLIENT_SECRET, "")) {
            HttpResponse<String> stray = GoogleSignInDouble.browse(consent.redirectUri().resolve("/?code=x&state=y"));

            assertThat(stray.statusCode()).isEqualTo(400);
            assertThat(consent.result()).isNotDone();
            GoogleSignInDouble.browse(consent.authorizationUrl());
            assertThat(consent.result().get(10, TimeUnit.SECONDS)).contains("refresh_token");
        }
    }
}
