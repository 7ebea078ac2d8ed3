package io.mailferry.model.connection;

/**
 * Create or update a connection. On update, a null {@code secret} keeps the stored one.
 * Exactly one of {@code imap}, {@code graph}, {@code ews} is set, matching {@code kind}.
 */
public record ConnectionRequest(
        String name,
        ConnectionRole role,
        ConnectionKind kind,
        ImapSettings imap,
        GraphSettings graph,
        EwsSettings ews,
        Secret secret) {
}
