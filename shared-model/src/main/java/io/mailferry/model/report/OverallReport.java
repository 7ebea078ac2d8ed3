package io.mailferry.model.report;

import java.time.Instant;
import java.util.List;

/**
 * All jobs at a glance: the totals over every mailbox of every job, one line per job, and why things failed.
 *
 * @param total    every job summed ({@code jobId} and {@code jobName} null, {@code state} null)
 * @param jobs     one line per job, in the order of the job list
 * @param failures failed mailboxes by their error and failed items by their reason, most frequent first
 */
public record OverallReport(Instant generatedAt, OverallLine total, List<OverallLine> jobs,
        List<FailureReason> failures) {
}
