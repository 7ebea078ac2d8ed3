package io.mailferry.model.report;

import io.mailferry.model.job.JobState;
import java.time.Instant;
import java.util.List;

/** Report of a job's last pass: one verdict line for the job and a report per mailbox. */
public record JobReport(
        String jobId,
        String jobName,
        JobState state,
        Instant startedAt,
        Instant endedAt,
        long durationMillis,
        boolean verified,
        String verdict,
        List<MailboxReport> mailboxes) {
}
