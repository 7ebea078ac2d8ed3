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
 * @param pause   set while a server's long-lasting limit (Google's daily limit) keeps the pair STOPPED: when it
 *                resumes by itself; null otherwise
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
        String sourceRoot,
        MailboxPause pause) {

    /**
     * The {@link #error} of a pair the service found running when it started again (it had stopped or crashed): the
     * pair is STOPPED with this sentence until a pass starts it again, which the service does by itself unless the
     * job waits for its activity periods.
     */
    public static final String INTERRUPTED = "Interrupted: the service stopped while this mailbox was running; "
            + "start or delta resumes it.";

    @JsonCreator
    public MailboxPair {
    }

    /** A pair that no limit paused. */
    public MailboxPair(String id, String jobId, String sourceMailbox, String targetMailbox, String sourceUser,
            String targetUser, boolean hasSourcePassword, boolean hasTargetPassword, MailboxState state,
            Progress progress, String error, String verdict, Instant lastRunStartedAt, Instant lastRunEndedAt,
            String sourceRoot) {
        this(id, jobId, sourceMailbox, targetMailbox, sourceUser, targetUser, hasSourcePassword, hasTargetPassword,
                state, progress, error, verdict, lastRunStartedAt, lastRunEndedAt, sourceRoot, null);
    }

    /** The pair with {@code state} and {@code progress} (its live view), everything else as it is. */
    public MailboxPair live(MailboxState state, Progress progress) {
        return new MailboxPair(id, jobId, sourceMailbox, targetMailbox, sourceUser, targetUser, hasSourcePassword,
                hasTargetPassword, state, progress, error, verdict, lastRunStartedAt, lastRunEndedAt, sourceRoot, pause);
    }

    /** True for a pair that a stop or crash of the service interrupted and no pass has resumed yet. */
    public boolean interrupted() {
        return state == MailboxState.STOPPED && INTERRUPTED.equals(error);
    }

    /** A pair over the whole source mailbox (no source root). */
    public MailboxPair(String id, String jobId, String sourceMailbox, String targetMailbox, String sourceUser,
            String targetUser, boolean hasSourcePassword, boolean hasTargetPassword, MailboxState state,
            Progress progress, String error, String verdict, Instant lastRunStartedAt, Instant lastRunEndedAt) {
        this(id, jobId, sourceMailbox, targetMailbox, sourceUser, targetUser, hasSourcePassword, hasTargetPassword,
                state, progress, error, verdict, lastRunStartedAt, lastRunEndedAt, null);
    }
}
