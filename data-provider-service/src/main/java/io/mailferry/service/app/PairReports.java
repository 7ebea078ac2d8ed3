package io.mailferry.service.app;

import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Pure helpers shared by the runner and the job service: a pair's report, a job's state and summed progress. */
final class PairReports {
    private PairReports() {
    }

    /**
     * The report that describes a pair now: its last pass's report when the pair is still in the state that pass left
     * it in, else a report without folders that carries the pair's state and error (never run, stopped while queued,
     * could not start, interrupted).
     */
    static MailboxReport current(MailboxPair pair, MailboxReport lastPass) {
        if (lastPass != null && lastPass.state() == pair.state()) {
            return lastPass;
        }
        Instant start = pair.lastRunStartedAt();
        Instant end = pair.lastRunEndedAt();
        long millis = start != null && end != null ? Duration.between(start, end).toMillis() : 0;
        String verdict = switch (pair.state()) {
            case NEW -> "Not run yet.";
            case QUEUED -> "Waiting for a free slot.";
            case RUNNING, STOPPING -> "Running.";
            case STOPPED -> "Stopped before the end; the next pass continues where this one stopped.";
            case FAILED -> "Failed: " + pair.error();
            default -> pair.verdict();
        };
        return new MailboxReport(pair.id(), pair.sourceMailbox(), pair.targetMailbox(), pair.state(), start, end,
                millis, 0, 0, false, verdict, pair.error(), List.of(), List.of(), pair.progress().throttledMillis());
    }

    /**
     * The job's state once no pair of it runs: COMPLETED when every pair is verified complete, FAILED when every pair
     * that ran failed, STOPPED when the admin stopped the run, COMPLETED_WITH_ISSUES otherwise (including pairs that
     * never ran).
     */
    static JobState jobState(Collection<MailboxPair> pairs, boolean stopRequested) {
        if (pairs.isEmpty()) {
            return JobState.NEW;
        }
        if (pairs.stream().allMatch(p -> p.state() == MailboxState.COMPLETED)) {
            return JobState.COMPLETED;
        }
        if (stopRequested) {
            return JobState.STOPPED;
        }
        List<MailboxPair> ran = pairs.stream().filter(p -> p.state() != MailboxState.NEW).toList();
        if (ran.isEmpty()) {
            return JobState.NEW;
        }
        if (ran.stream().allMatch(p -> p.state() == MailboxState.FAILED)) {
            return JobState.FAILED;
        }
        if (ran.stream().allMatch(p -> p.state() == MailboxState.STOPPED)) {
            return JobState.STOPPED;
        }
        return JobState.COMPLETED_WITH_ISSUES;
    }

    /**
     * Counts, bytes, rates and throttled time summed; ETA = items left / summed item rate (-1 when unknown, 0 when
     * nothing is left).
     */
    static Progress sum(Collection<Progress> parts) {
        long total = 0;
        long done = 0;
        long copied = 0;
        long skipped = 0;
        long failed = 0;
        long bytesTotal = 0;
        long bytesDone = 0;
        double items = 0;
        double bytes = 0;
        long throttled = 0;
        for (Progress p : parts) {
            total += p.itemsTotal();
            done += p.itemsDone();
            copied += p.itemsCopied();
            skipped += p.itemsSkipped();
            failed += p.itemsFailed();
            bytesTotal += p.bytesTotal();
            bytesDone += p.bytesDone();
            items += p.itemsPerSecond();
            bytes += p.bytesPerSecond();
            throttled += p.throttledMillis();
        }
        long left = Math.max(0, total - done - skipped - failed);
        long eta = left == 0 ? 0 : items > 0 ? (long) Math.ceil(left / items) : -1;
        return new Progress(total, done, copied, skipped, failed, bytesTotal, bytesDone, items, bytes, eta, null,
                throttled);
    }
}
