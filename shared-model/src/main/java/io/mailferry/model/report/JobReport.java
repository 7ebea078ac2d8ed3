package io.mailferry.model.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.mailferry.model.job.JobState;
import java.time.Instant;
import java.util.List;

/**
 * Report of a job's last pass: one verdict line for the job and a report per mailbox.
 *
 * @param throttledMillis the time its mailboxes' last passes spent waiting because a server asked them to slow down,
 *                        summed over the mailboxes
 */
public record JobReport(
        String jobId,
        String jobName,
        JobState state,
        Instant startedAt,
        Instant endedAt,
        long durationMillis,
        boolean verified,
        String verdict,
        List<MailboxReport> mailboxes,
        long throttledMillis) {

    @JsonCreator
    public JobReport {
    }

    /** A job report whose throttled time is the sum of its mailboxes'. */
    public JobReport(String jobId, String jobName, JobState state, Instant startedAt, Instant endedAt,
            long durationMillis, boolean verified, String verdict, List<MailboxReport> mailboxes) {
        this(jobId, jobName, state, startedAt, endedAt, durationMillis, verified, verdict, mailboxes,
                mailboxes.stream().mapToLong(MailboxReport::throttledMillis).sum());
    }

    /** Deletion sync: items deleted on the target in this pass, summed over the mailboxes. */
    public long deletedOnTarget() {
        return mailboxes.stream().mapToLong(MailboxReport::deletedOnTarget).sum();
    }

    /** Deletion sync: items deleted on the source that stay on the target, summed over the mailboxes. */
    public long keptOnTarget() {
        return mailboxes.stream().mapToLong(MailboxReport::keptOnTarget).sum();
    }
}
