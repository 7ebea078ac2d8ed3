package io.mailferry.model.connection;

/** How Mailferry signs in to Gmail mailboxes; every mode but APP_PASSWORD logs in to IMAP with XOAUTH2. */
public enum GmailAuthMode {
    /**
     * Google Workspace: one service account key with domain-wide delegation for the scope https://mail.google.com/
     * opens every user's mailbox of the domain. The secret is the service account's JSON key.
     */
    SERVICE_ACCOUNT,
    /** A consumer account (or one Workspace user) with an app password; needs 2-Step Verification. */
    APP_PASSWORD,
    /**
     * One consumer account that consented in Google's sign-in page to the admin's own "Desktop app" OAuth client
     * (installed-app flow with PKCE and a loopback redirect, developers.google.com/identity/protocols/oauth2/native-app).
     * The secret is that client's id and secret with the account's refresh token, as Google's "authorized_user" JSON.
     */
    OAUTH_CONSENT;

    /** What the connection's secret is, in words: "service account key", "app password", "Google sign-in". */
    public String secretWords() {
        return switch (this) {
            case SERVICE_ACCOUNT -> "service account key";
            case APP_PASSWORD -> "app password";
            case OAUTH_CONSENT -> "Google sign-in (the account's consent)";
        };
    }
}
