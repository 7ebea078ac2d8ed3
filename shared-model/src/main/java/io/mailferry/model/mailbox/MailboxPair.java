package io.mailferry.model.mailbox;

import io.mailferry.model.job.Progress;
import java.time.Instant;

/**
 * A mailbox pair of a job as the service returns it (no secrets).
 *
 * @param error   why the last pass failed as a whole, null otherwise
 * @param verdict the last verification's sentence for this mailbox
 */
public record MailboxPair(
        String id,
        String jobId,
        String sourceMailbox,
        String targetMailbox,
        String sourceUser,
        String targetUser,
        boolean hasSourcePassword,
        boolean hasTargetPassword,
        MailboxState state,
        Progress progress,
        String error,
        String verdict,
        Instant lastRunStartedAt,
        Instant lastRunEndedAt) {
}
