package io.mailferry.model.connection;

/**
 * Create or update a connection. On update, a null {@code secret} keeps the stored one.
 * Exactly one of {@code imap}, {@code graph}, {@code ews} is set, matching {@code kind}; GMAIL sets {@code imap} (where,
 * imap.gmail.com:993 when null) and {@code gmail} (how), the secret being the service account's JSON key or the app
 * password.
 */
public record ConnectionRequest(
        String name,
        ConnectionRole role,
        ConnectionKind kind,
        ImapSettings imap,
        GraphSettings graph,
        EwsSettings ews,
        Secret secret,
        GmailSettings gmail) {

    /** A request for any kind but GMAIL. */
    public ConnectionRequest(String name, ConnectionRole role, ConnectionKind kind, ImapSettings imap,
            GraphSettings graph, EwsSettings ews, Secret secret) {
        this(name, role, kind, imap, graph, ews, secret, null);
    }
}
