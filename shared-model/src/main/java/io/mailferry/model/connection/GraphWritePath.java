package io.mailferry.model.connection;

/**
 * How a Microsoft 365 target is written (ADR 0010). IMAP keeps every message byte for byte; Graph is the fallback for
 * tenants where IMAP is switched off, and loses what Graph's message resource cannot hold.
 */
public enum GraphWritePath {
    /** Exchange Online IMAP with XOAUTH2: full MIME, received dates, up to 35 MB per message. The default. */
    IMAP,
    /** Microsoft Graph JSON create: the message rebuilt from its MIME, at most 4 MB with its attachments. */
    GRAPH
}
