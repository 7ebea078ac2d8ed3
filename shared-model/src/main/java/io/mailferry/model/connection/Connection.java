package io.mailferry.model.connection;

import java.time.Instant;

/**
 * A defined connection as the service returns it. Never carries a secret: {@code hasSecret} only says one is stored.
 * Exactly one of {@code imap}, {@code graph}, {@code ews} is set, matching {@code kind}; GMAIL sets {@code imap} (where)
 * and {@code gmail} (how).
 */
public record Connection(
        String id,
        String name,
        ConnectionRole role,
        ConnectionKind kind,
        ImapSettings imap,
        GraphSettings graph,
        EwsSettings ews,
        boolean hasSecret,
        Instant createdAt,
        Instant updatedAt,
        ConnectionTestResult lastTest,
        GmailSettings gmail) {

    /** A connection of any kind but GMAIL. */
    public Connection(String id, String name, ConnectionRole role, ConnectionKind kind, ImapSettings imap,
            GraphSettings graph, EwsSettings ews, boolean hasSecret, Instant createdAt, Instant updatedAt,
            ConnectionTestResult lastTest) {
        this(id, name, role, kind, imap, graph, ews, hasSecret, createdAt, updatedAt, lastTest, null);
    }
}
