package io.mailferry.model.connection;

/**
 * How to read Gmail / Google Workspace mailboxes. Where to reach IMAP (imap.gmail.com:993 with TLS) is the
 * connection's {@link ImapSettings}.
 *
 * @param authMode       service account with domain-wide delegation, or app password
 * @param user           SERVICE_ACCOUNT: the mailbox "Test connection" opens (any user of the domain);
 *                       APP_PASSWORD: the account's address (pairs may bring their own)
 * @param labelStrategy  where labelled messages land
 * @param includeSpam    also migrate [Gmail]/Spam (off by default)
 * @param includeTrash   also migrate [Gmail]/Trash (off by default)
 * @param maxConnections simultaneous IMAP connections per Gmail account, 1..4 (Google allows about 15 per account and
 *                       counts every client of the user; 2 by default)
 */
public record GmailSettings(
        GmailAuthMode authMode,
        String user,
        GmailLabelStrategy labelStrategy,
        boolean includeSpam,
        boolean includeTrash,
        int maxConnections) {

    /** Where Gmail's IMAP is when the connection names no other host (developers.google.com/gmail/imap). */
    public static final String IMAP_HOST = "imap.gmail.com";
    public static final int DEFAULT_CONNECTIONS = 2;
    public static final int MAX_CONNECTIONS = 4;

    public GmailSettings {
        if (authMode == null) {
            authMode = GmailAuthMode.SERVICE_ACCOUNT;
        }
        if (labelStrategy == null) {
            labelStrategy = GmailLabelStrategy.FOLDER_PER_LABEL;
        }
        if (maxConnections <= 0) {
            maxConnections = DEFAULT_CONNECTIONS;
        }
    }
}
