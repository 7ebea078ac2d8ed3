package io.mailferry.model.report;

import java.time.Instant;

/**
 * One item that is not (or not freshly) on the target, with the reason in plain words (the server's words where the
 * server gave them).
 */
public record ItemIssue(
        String mailbox,
        String folder,
        long sourceUid,
        Instant date,
        String subject,
        String messageId,
        long size,
        ItemOutcome outcome,
        String reason) {
}
