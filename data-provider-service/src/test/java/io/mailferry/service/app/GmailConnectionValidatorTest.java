package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.Secret;
import org.junit.jupiter.api.Test;

/** The plain sentences a Gmail connection request gets before anything is stored or tried. */
class GmailConnectionValidatorTest {
    private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"m@p.iam.gserviceaccount.com\","
            + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n...\"}";
    private final ConnectionValidator validator = new ConnectionValidator();

    private static ConnectionRequest gmail(ConnectionRole role, GmailAuthMode mode, String user, String secret,
            int connections) {
        return new ConnectionRequest("Workspace", role, ConnectionKind.GMAIL, null, null, null,
                secret == null ? null : new Secret(secret), new GmailSettings(mode, user,
                GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES, false, false, connections));
    }

    @Test
    void aServiceAccountSourceWithKeyAndUserShouldBeValid() {
        assertThat(validator.problems(gmail(ConnectionRole.SOURCE, GmailAuthMode.SERVICE_ACCOUNT, "anna@example.com",
                KEY, 0), true)).isEmpty();
    }

    @Test
    void gmailShouldBeASourceOnlyWithAUserAndAServiceAccountKey() {
        assertThat(validator.problems(gmail(ConnectionRole.TARGET, GmailAuthMode.SERVICE_ACCOUNT, " ",
                "{\"type\":\"authorized_user\"}", 9), true)).containsExactly(
                "Gmail can be a source only: Mailferry reads Gmail mailboxes and writes to IMAP, Microsoft 365 or"
                        + " Exchange.",
                "The target Gmail connection needs the address of one user of the domain, whose mailbox \"Test"
                        + " connection\" opens.",
                "The target Gmail connections per mailbox must be between 1 and 4 (Google allows about 15 per"
                        + " account, shared with the user's own devices).",
                "The target Gmail service account key is not a service account's JSON key file: it needs its"
                        + " \"client_email\" and \"private_key\".");
    }

    @Test
    void anAppPasswordAccountShouldNeedItsPassword() {
        assertThat(validator.problems(gmail(ConnectionRole.SOURCE, GmailAuthMode.APP_PASSWORD, "me@gmail.com", null,
                2), true)).containsExactly("The source Gmail connection needs the account's app password.");
    }

    @Test
    void anAccountsConsentShouldNeedTheClientAndTheRefreshToken() {
        assertThat(validator.problems(gmail(ConnectionRole.SOURCE, GmailAuthMode.OAUTH_CONSENT, "me@gmail.com", null,
                2), true)).containsExactly("The source Gmail connection needs the account's consent: sign in with "
                + "Google in the connection wizard.");
        assertThat(validator.problems(gmail(ConnectionRole.SOURCE, GmailAuthMode.OAUTH_CONSENT, "me@gmail.com",
                "{\"client_id\":\"1-x.apps.googleusercontent.com\"}", 2), true)).containsExactly("The source Gmail "
                + "sign-in is not the account's consent: it needs the OAuth client's \"client_id\" and "
                + "\"client_secret\" and the account's \"refresh_token\".");
        assertThat(validator.problems(gmail(ConnectionRole.SOURCE, GmailAuthMode.OAUTH_CONSENT, "me@gmail.com",
                "{\"type\":\"authorized_user\",\"client_id\":\"1-x.apps.googleusercontent.com\",\"client_secret\":"
                        + "\"s\",\"refresh_token\":\"1//r\"}", 2), true)).isEmpty();
    }

    @Test
    void aGmailRequestWithoutGmailSettingsShouldSaySo() {
        ConnectionRequest r = new ConnectionRequest("G", ConnectionRole.SOURCE, ConnectionKind.GMAIL, null, null,
                null, new Secret(KEY));
        assertThat(validator.problems(r, true)).containsExactly("A Gmail connection needs its 'gmail' settings.");
    }
}
