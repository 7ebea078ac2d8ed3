package io.mailferry.model.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A migration job as the service returns it.
 *
 * @param mailboxCount  how many mailbox pairs the job has
 * @param progress      its pairs' progress summed (counts and bytes; rates and ETA of the running ones)
 * @param verdict       one sentence from the last verification, e.g. "All 12,345 source items are on the target.",
 *                      null before the first pass
 * @param mailboxStates how many of its pairs are in each state now (states without pairs left out): the job list
 *                      says how far a job is without listing its pairs; empty from a service that does not say
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
        Instant lastRunEndedAt,
        Map<MailboxState, Integer> mailboxStates,
        Instant nextRunAt) {

    @JsonCreator
    public Job {
        Map<MailboxState, Integer> counts = new EnumMap<>(MailboxState.class);
        if (mailboxStates != null) {
            mailboxStates.forEach((s, n) -> {
                if (s != null && n != null && n > 0) {
                    counts.put(s, n);
                }
            });
        }
        mailboxStates = Collections.unmodifiableMap(counts);
    }

    /** A job without a next scheduled run. */
    public Job(String id, String name, String sourceConnectionId, String targetConnectionId, JobOptions options,
            JobState state, int mailboxCount, Progress progress, String verdict, Instant createdAt,
            Instant lastRunStartedAt, Instant lastRunEndedAt, Map<MailboxState, Integer> mailboxStates) {
        this(id, name, sourceConnectionId, targetConnectionId, options, state, mailboxCount, progress, verdict,
                createdAt, lastRunStartedAt, lastRunEndedAt, mailboxStates, null);
    }

    /** A job whose pairs' states are not counted (e.g. just created, or from a service that does not count them). */
    public Job(String id, String name, String sourceConnectionId, String targetConnectionId, JobOptions options,
            JobState state, int mailboxCount, Progress progress, String verdict, Instant createdAt,
            Instant lastRunStartedAt, Instant lastRunEndedAt) {
        this(id, name, sourceConnectionId, targetConnectionId, options, state, mailboxCount, progress, verdict,
                createdAt, lastRunStartedAt, lastRunEndedAt, Map.of(), null);
    }

    /** The same job with {@code at} as its next scheduled run. */
    public Job withNextRunAt(Instant at) {
        return new Job(id, name, sourceConnectionId, targetConnectionId, options, state, mailboxCount, progress,
                verdict, createdAt, lastRunStartedAt, lastRunEndedAt, mailboxStates, at);
    }

    /** How many of its pairs are in {@code state} now. */
    public int mailboxesIn(MailboxState state) {
        return mailboxStates.getOrDefault(state, 0);
    }
}
