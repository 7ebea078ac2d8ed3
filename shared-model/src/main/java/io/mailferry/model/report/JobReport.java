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
}
