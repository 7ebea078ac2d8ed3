package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.SecretFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.admin.google.GoogleSignInDouble;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gmail wizard steps without the FX toolkit: what each page accepts and the request it makes. */
class GmailConnectionStepsTest {
    private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"m@p.iam.gserviceaccount.com\","
            + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n...\"}";

    @Test
    void aServiceAccountNeedsAUserAndItsJsonKey() {
        GmailConnectionSteps s = new GmailConnectionSteps();
        assertThat(s.steps().get(0).valid().get()).isFalse();
        s.user().set("anna@example.com");
        assertThat(s.signInError()).contains("Paste the service account's JSON key");
        s.key().set("{\"type\":\"authorized_user\"}");
        assertThat(s.signInError()).contains("not a service account's JSON key");
        s.key().set(KEY);
        assertThat(s.signInError()).isNull();
        assertThat(s.steps().get(0).valid().get()).isTrue();
        s.strategy().set(GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES);
        s.connections().set("3");
        ConnectionRequest r = s.request("Workspace", ConnectionRole.SOURCE);
        assertThat(r.kind()).isEqualTo(ConnectionKind.GMAIL);
        assertThat(r.secret().value()).isEqualTo(KEY);
        assertThat(r.gmail()).isEqualTo(new GmailSettings(GmailAuthMode.SERVICE_ACCOUNT, "anna@example.com",
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, false, false, 3));
    }

    @Test
    void aCompleteKeyShouldBeNamedByItsAccountSoTheViewCanHideItAndReplaceShouldClearIt() {
        GmailConnectionSteps s = new GmailConnectionSteps();
        assertThat(s.keyHolder().get()).isEmpty();
        s.key().set("{\"type\":\"service_account\",\"client_email\":\"m@p.iam.gserviceaccount.com\"");
        assertThat(s.keyHolder().get()).as("half pasted: stays in view to be completed").isEmpty();
        s.key().set("{\"client_email\":\"m@p.iam.gserviceaccount.com\",\"private_key\":\"\"}");
        assertThat(s.keyHolder().get()).as("no private key").isEmpty();
        s.key().set(KEY);
        assertThat(s.keyHolder().get()).isEqualTo("m@p.iam.gserviceaccount.com");
        s.replaceKey();
        assertThat(s.key().get()).isEmpty();
        assertThat(s.keyHolder().get()).isEmpty();
    }

    @Test
    void theJsonKeyShouldComeFromItsFileAsPastedOrSayWhyTheFileCannotBeRead() {
        String json = "{\"type\":\"service_account\",\"client_email\":\"m@p.iam.gserviceaccount.com\","
                + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n...\"}";
        java.util.Map<java.nio.file.Path, byte[]> disk = java.util.Map.of(java.nio.file.Path.of("/keys/migrator.json"),
                ("\n" + json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SecretFile.Contents reader = file -> {
            byte[] b = disk.get(file);
            if (b == null) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            return b;
        };
        GmailConnectionSteps s = new GmailConnectionSteps(reader);
        s.user().set("anna@example.com");

        s.chooseKeyFile(java.nio.file.Path.of("/keys/gone.json"));
        assertThat(s.keyFileError().get()).isEqualTo("The file gone.json does not exist.");
        assertThat(s.key().get()).isEmpty();

        s.chooseKeyFile(java.nio.file.Path.of("/keys/migrator.json"));
        assertThat(s.keyFileError().get()).isEmpty();
        assertThat(s.key().get()).isEqualTo(json);
        assertThat(s.signInError()).isNull();
        assertThat(s.request("Workspace", ConnectionRole.SOURCE).secret().value()).isEqualTo(json);
    }

    @Test
    void connectionsPerAccountShouldStayWithinGooglesAdvice() {
        GmailConnectionSteps s = new GmailConnectionSteps();
        s.connections().set("9");
        assertThat(s.connectionsError()).contains("from 1 to 4");
        assertThat(s.steps().get(1).valid().get()).isFalse();
        s.connections().set("");
        assertThat(s.connectionsError()).isNull();
    }

    @Test
    void editingShouldKeepTheStoredSecretUntilRetyped() {
        GmailConnectionSteps s = new GmailConnectionSteps();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        s.load(new Connection("g1", "Me", ConnectionRole.SOURCE, ConnectionKind.GMAIL, null, null, null, true, t, t,
                null, new GmailSettings(GmailAuthMode.APP_PASSWORD, "me@gmail.com", null, true, false, 2)));
        assertThat(s.signInError()).isNull();
        assertThat(s.request("Me", ConnectionRole.SOURCE).secret()).isNull();
        assertThat(s.includeSpam().get()).isTrue();
        s.authMode().set(GmailAuthMode.SERVICE_ACCOUNT);
        assertThat(s.signInError()).as("another sign-in needs its own secret").contains("JSON key");
    }

    /** developers.google.com/identity/protocols/oauth2/native-app, played by {@link GoogleSignInDouble}. */
    @Test
    void anAccountsConsentNeedsTheDesktopClientAndASignInAndBecomesTheSecret() throws Exception {
        try (GoogleSignInDouble google = new GoogleSignInDouble()) {
            List<URI> opened = new ArrayList<>();
            GmailConnectionSteps s = new GmailConnectionSteps(google.endpoints(), Runnable::run, opened::add);
            s.authMode().set(GmailAuthMode.OAUTH_CONSENT);
            s.user().set("anna@gmail.com");
            assertThat(s.signInError()).contains("\"Desktop app\" OAuth client");
            s.clientId().set(GoogleSignInDouble.CLIENT_ID);
            s.clientSecret().set(GoogleSignInDouble.CLIENT_SECRET);
            assertThat(s.signInError()).isEqualTo("Sign in with Google: the account gives its consent in Google's "
                    + "page.");

            s.signInWithGoogle();
            assertThat(s.consentStatus().get()).startsWith("Waiting for the account's consent");
            GoogleSignInDouble.browse(opened.get(0)); // the consent is kept before the browser gets its page

            assertThat(s.signInError()).isNull();
            assertThat(s.consentStatus().get()).startsWith("Signed in");
            ConnectionRequest r = s.request("Anna", ConnectionRole.SOURCE);
            assertThat(r.gmail().authMode()).isEqualTo(GmailAuthMode.OAUTH_CONSENT);
            assertThat(r.secret().value()).contains(google.refreshTokens().get(0));
        }
    }

    @Test
    void closingTheWizardShouldStopListeningForGooglesAnswer() throws Exception {
        try (GoogleSignInDouble google = new GoogleSignInDouble()) {
            List<URI> opened = new ArrayList<>();
            GmailConnectionSteps s = new GmailConnectionSteps(google.endpoints(), Runnable::run, opened::add);
            s.authMode().set(GmailAuthMode.OAUTH_CONSENT);
            s.clientId().set(GoogleSignInDouble.CLIENT_ID);
            s.clientSecret().set(GoogleSignInDouble.CLIENT_SECRET);
            s.signInWithGoogle();

            s.close();

            assertThatThrownBy(() -> GoogleSignInDouble.browse(opened.get(0)))
                    .as("the loopback redirect no longer answers").isInstanceOf(java.io.IOException.class);
            assertThat(s.consent().get()).isEmpty();
        }
    }
}
