package io.mailferry.model.report;

import io.mailferry.model.job.JobState;

/**
 * Mailboxes by how far they are, and their items and bytes, for one job or for all of them. Counts of the pairs
 * running now are live.
 *
 * @param done       mailboxes whose last pass ended (COMPLETED or COMPLETED_WITH_ISSUES)
 * @param withIssues of {@code done}, those that ended with skipped, failed or missing items
 * @param inProgress mailboxes queued, running or stopping
 * @param failed     mailboxes whose last pass failed
 * @param waiting    mailboxes not run yet or stopped before the end
 */
public record OverallLine(
        String jobId,
        String jobName,
        JobState state,
        int mailboxes,
        int done,
        int withIssues,
        int inProgress,
        int failed,
        int waiting,
        long itemsTotal,
        long itemsCopied,
        long itemsSkipped,
        long itemsFailed,
        long bytesTotal,
        long bytesDone) {
}
