package io.mailferry.model.connection;

/** The kind of mail system a connection reaches. */
public enum ConnectionKind {
    IMAP,
    MICROSOFT_365,
    EXCHANGE,
    /** Gmail / Google Workspace over IMAP (a source only): {@link ImapSettings} say where, {@link GmailSettings} how. */
    GMAIL
}
