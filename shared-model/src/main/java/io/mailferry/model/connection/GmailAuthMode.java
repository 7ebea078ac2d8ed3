package io.mailferry.model.connection;

/** How Mailferry signs in to Gmail mailboxes; every mode but APP_PASSWORD logs in to IMAP with XOAUTH2. */
public enum GmailAuthMode {
    /**
     * Google Workspace: one service account key with domain-wide delegation for the scope https://mail.google.com/
     * opens every user's mailbox of the domain. The secret is the service account's JSON key.
     */
    SERVICE_ACCOUNT,
    /** A consumer account (or one Workspace user) with an app password; needs 2-Step Verification. */
    APP_PASSWORD
}
