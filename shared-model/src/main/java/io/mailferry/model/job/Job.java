package io.mailferry.model.job;

import io.mailferry.model.mailbox.Progress;
import java.time.Instant;

/**
 * A migration job as the service returns it.
 *
 * @param verdict one sentence from the last verification, e.g. "All 12,345 source items are on the target.", null
 *                before the first pass
 */
public record Job(
        String id,
        String name,
        String sourceConnectionId,
        String targetConnectionId,
        JobOptions options,
        JobState state,
        int mailboxCount,
        Progress progress,
        String verdict,
        Instant createdAt,
        Instant lastRunStartedAt,
        Instant lastRunEndedAt) {
}
