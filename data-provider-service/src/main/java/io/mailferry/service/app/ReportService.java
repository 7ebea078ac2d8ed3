package io.mailferry.service.app;

import io.mailferry.model.job.Job;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import io.mailferry.service.store.PassStore;
import io.mailferry.service.store.ReportStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reports across passes and jobs: a job's pass history (every pass of every pair, where the job report shows only the
 * last one) and the overall report of all jobs. The overall counts come from the job list's live summaries, so pairs
 * running now count as in progress with their live items. Thread-safe.
 */
public final class ReportService {
    /** Reasons of each scope (mailbox errors, item reasons) the overall report lists at most. */
    public static final int REASONS = 50;

    private final JobService jobs;
    private final PassStore passes;
    private final ReportStore reports;
    private final Clock clock;

    public ReportService(JobService jobs, PassStore passes, ReportStore reports, Clock clock) {
        this.jobs = jobs;
        this.passes = passes;
        this.reports = reports;
        this.clock = clock;
    }

    /** A page of a job's pass history, newest first, and how many passes it holds. */
    public record PassPage(List<PassRecord> passes, int total) {
    }

    /**
     * The passes of the job, or of its pair {@code pairId} alone when not null (a mailbox's history).
     *
     * @throws AppException 404 when the job does not exist
     */
    public PassPage passes(String jobId, String pairId, int offset, int limit) {
        jobs.get(jobId);
        return new PassPage(passes.list(jobId, pairId, offset, limit), passes.count(jobId, pairId));
    }

    public OverallReport overall() {
        List<OverallLine> lines = new ArrayList<>();
        for (Job job : jobs.list()) {
            lines.add(line(job));
        }
        return new OverallReport(clock.instant(), total(lines), lines, reports.failureReasons(REASONS));
    }

    private static OverallLine line(Job job) {
        Map<MailboxState, Integer> s = job.mailboxStates();
        int withIssues = count(s, MailboxState.COMPLETED_WITH_ISSUES);
        return new OverallLine(job.id(), job.name(), job.state(), job.mailboxCount(),
                count(s, MailboxState.COMPLETED) + withIssues, withIssues,
                count(s, MailboxState.QUEUED) + count(s, MailboxState.RUNNING) + count(s, MailboxState.STOPPING),
                count(s, MailboxState.FAILED), count(s, MailboxState.NEW) + count(s, MailboxState.STOPPED),
                job.progress().itemsTotal(), job.progress().itemsCopied(), job.progress().itemsSkipped(),
                job.progress().itemsFailed(), job.progress().bytesTotal(), job.progress().bytesDone());
    }

    private static OverallLine total(List<OverallLine> lines) {
        int mailboxes = 0;
        int done = 0;
        int issues = 0;
        int running = 0;
        int failed = 0;
        int waiting = 0;
        long[] sums = new long[6];
        for (OverallLine l : lines) {
            mailboxes += l.mailboxes();
            done += l.done();
            issues += l.withIssues();
            running += l.inProgress();
            failed += l.failed();
            waiting += l.waiting();
            sums[0] += l.itemsTotal();
            sums[1] += l.itemsCopied();
            sums[2] += l.itemsSkipped();
            sums[3] += l.itemsFailed();
            sums[4] += l.bytesTotal();
            sums[5] += l.bytesDone();
        }
        return new OverallLine(null, null, null, mailboxes, done, issues, running, failed, waiting, sums[0], sums[1],
                sums[2], sums[3], sums[4], sums[5]);
    }

    private static int count(Map<MailboxState, Integer> states, MailboxState state) {
        return states.getOrDefault(state, 0);
    }
}
