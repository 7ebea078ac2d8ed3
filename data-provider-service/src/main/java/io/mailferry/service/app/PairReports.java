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
            case STOPPED -> pair.interrupted()
                    ? "Interrupted when the service stopped; start or delta resumes it where it stopped."
                    : "Stopped before the end; the next pass continues where this one stopped.";
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
     * Pairs of a job in one state, for its progress: how many, how many know their item total (above 0), and their
     * progress summed.
     */
    record Share(MailboxState state, int pairs, int knownTotals, Progress progress) {
        /** One pair. */
        static Share of(MailboxState state, Progress progress) {
            return new Share(state, 1, progress.itemsTotal() > 0 ? 1 : 0, progress);
        }
    }

    /** Below this a job shows while one of its mailboxes has not finished, however far the others are. */
    static final double UNFINISHED_CAP = 0.99;

    /** The shares' progress summed ({@link #sum}) with the job's fraction weighted by the mailboxes' totals. */
    static Progress jobProgress(Collection<Share> shares) {
        return sum(shares.stream().map(Share::progress).toList()).withWeightedFraction(weightedFraction(shares));
    }

    /**
     * How far a job is, 0..1, each mailbox weighing its item total: a mailbox whose total is not known yet (never
     * listed) weighs the average of the known ones (1 when none is known). A mailbox NEW or QUEUED counts as not done
     * (a queued delta has everything still to go through, whatever its last pass did); RUNNING, STOPPING, STOPPED and
     * FAILED count the items they processed; COMPLETED and COMPLETED_WITH_ISSUES count whole. While any mailbox has not
     * finished (NEW, QUEUED, RUNNING, STOPPING), the job stays below 100 %.
     */
    static double weightedFraction(Collection<Share> shares) {
        long knownPairs = 0;
        long knownItems = 0;
        for (Share s : shares) {
            knownPairs += s.knownTotals();
            knownItems += s.knownTotals() > 0 ? s.progress().itemsTotal() : 0;
        }
        double average = knownPairs > 0 ? (double) knownItems / knownPairs : 1;
        double weight = 0;
        double done = 0;
        boolean unfinished = false;
        for (Share s : shares) {
            Progress p = s.progress();
            long total = Math.max(0, p.itemsTotal());
            double w = total + (s.pairs() - s.knownTotals()) * average;
            weight += w;
            switch (s.state()) {
                case COMPLETED, COMPLETED_WITH_ISSUES -> done += w;
                case NEW, QUEUED -> unfinished |= s.pairs() > 0;
                default -> {
                    done += Math.min(total, p.itemsDone() + p.itemsSkipped() + p.itemsFailed());
                    unfinished |= s.state() == MailboxState.RUNNING || s.state() == MailboxState.STOPPING;
                }
            }
        }
        double fraction = weight > 0 ? Math.min(1.0, done / weight) : 0;
        return unfinished ? Math.min(fraction, UNFINISHED_CAP) : fraction;
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
