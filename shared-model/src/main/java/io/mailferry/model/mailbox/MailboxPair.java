package io.mailferry.model.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;

/**
 * A mailbox pair of a job as the service returns it (no secrets).
 *
 * @param error   why the last pass failed as a whole, null otherwise
 * @param verdict the last verification's sentence for this mailbox
 * @param sourceRoot the source folder the pair is confined to (see {@link MailboxPairRequest#sourceRoot}), null for
 *                the whole mailbox
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
        Instant lastRunEndedAt,
        String sourceRoot) {

    @JsonCreator
    public MailboxPair {
    }

    /** A pair over the whole source mailbox (no source root). */
    public MailboxPair(String id, String jobId, String sourceMailbox, String targetMailbox, String sourceUser,
            String targetUser, boolean hasSourcePassword, boolean hasTargetPassword, MailboxState state,
            Progress progress, String error, String verdict, Instant lastRunStartedAt, Instant lastRunEndedAt) {
        this(id, jobId, sourceMailbox, targetMailbox, sourceUser, targetUser, hasSourcePassword, hasTargetPassword,
                state, progress, error, verdict, lastRunStartedAt, lastRunEndedAt, null);
    }
}
