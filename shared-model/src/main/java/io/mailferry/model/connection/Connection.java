package io.mailferry.model.connection;

import java.time.Instant;

/**
 * A defined connection as the service returns it. Never carries a secret: {@code hasSecret} only says one is stored.
 * Exactly one of {@code imap}, {@code graph}, {@code ews} is set, matching {@code kind}.
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
        ConnectionTestResult lastTest) {
}
