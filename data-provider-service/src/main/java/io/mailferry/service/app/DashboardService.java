package io.mailferry.service.app;

import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.PairStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's throughput chart, throttled time and alerts. Every {@link #SAMPLE_EVERY} a sampler takes the service-wide rate since
 * the sample before it, from {@link JobRunner#transferred()} (which only grows, so a pass that began and ended between
 * two samples still shows), and keeps the last {@link #KEEP}. Alerts are computed when asked: a running pair whose counts
 * have not changed for {@link #STALLED_AFTER} (MAILBOX_STALLED), a pair whose last pass failed (MAILBOX_FAILED, with
 * its error; at most {@link #FAILED_PER_JOB} per job, the rest counted in one MAILBOXES_FAILED alert of the job), a
 * connection whose last test failed (CONNECTION_FAILED), a mailbox a server's limit paused with the time it resumes
 * (MAILBOX_PAUSED, {@link PausedAlerts}), the jobs the service resumed by itself after it had stopped
 * while they ran (JOBS_RESUMED). Throttled time is summed when asked, over the
 * running passes (live) and over today's (the running ones and each pair's last pass that ended since midnight in the
 * clock's time zone). Thread-safe.
 */
public final class DashboardService implements AutoCloseable {
    public static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    public static final Duration KEEP = Duration.ofMinutes(10);
    public static final Duration STALLED_AFTER = Duration.ofMinutes(2);
    /** MAILBOX_FAILED alerts per job; the rest are one MAILBOXES_FAILED alert (thousands of lines help no one). */
    public static final int FAILED_PER_JOB = 20;

    private final JobRunner runner;
    private final PairStore pairs;
    private final ConnectionStore connections;
    private final Clock clock;
    private final Deque<ThroughputSample> samples = new ArrayDeque<>();
    private ScheduledExecutorService sampler;
    private TransferTotals.Totals lastTotals;
    private Instant lastSampleAt;

    public DashboardService(JobRunner runner, PairStore pairs, ConnectionStore connections, Clock clock) {
        this.runner = runner;
        this.pairs = pairs;
        this.connections = connections;
        this.clock = clock;
        this.lastTotals = runner.transferred();
        this.lastSampleAt = clock.instant();
    }

    /** Starts sampling every {@link #SAMPLE_EVERY} on a daemon thread. */
    public DashboardService startSampling() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "throughput-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Takes one sample now: the rates since the previous sample (the sampler calls it; tests too). */
    public void sample() {
        synchronized (samples) {
            Instant now = clock.instant();
            TransferTotals.Totals totals = runner.transferred();
            double seconds = Duration.between(lastSampleAt, now).toMillis() / 1000.0;
            double items = seconds > 0 ? (totals.items() - lastTotals.items()) / seconds : 0;
            double bytes = seconds > 0 ? (totals.bytes() - lastTotals.bytes()) / seconds : 0;
            lastTotals = totals;
            lastSampleAt = now;
            samples.addLast(new ThroughputSample(now, items, bytes));
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(KEEP))) {
                samples.removeFirst();
            }
        }
    }

    /** The samples of the last ten minutes, oldest first. */
    public List<ThroughputSample> throughput() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Time lost to throttling by the passes running now and by today's passes. */
    public ThrottlingSummary throttling() {
        Instant since = clock.instant().atZone(clock.getZone()).truncatedTo(ChronoUnit.DAYS).toInstant();
        long runningMillis = 0;
        int running = 0;
        for (JobRunner.LivePair p : runner.livePairs()) {
            if (p.progress().throttledMillis() > 0) {
                runningMillis += p.progress().throttledMillis();
                running++;
            }
        }
        PairStore.ThrottledPasses ended = pairs.throttledSince(since);
        return new ThrottlingSummary(runningMillis, running, runningMillis + ended.millis(),
                running + ended.mailboxes(), since);
    }

    public List<Alert> alerts() {
        Instant now = clock.instant();
        List<Alert> alerts = new ArrayList<>();
        for (JobRunner.LivePair p : runner.livePairs()) {
            Duration quiet = Duration.between(p.lastChange(), now);
            if (p.state() == MailboxState.RUNNING && quiet.compareTo(STALLED_AFTER) >= 0) {
                alerts.add(new Alert("MAILBOX_STALLED", p.pairId(), "Mailbox " + p.sourceMailbox()
                        + " has made no progress for " + quiet.toMinutes() + " minutes.", now));
            }
        }
        for (PairStore.StateSample job : pairs.sample(MailboxState.FAILED, FAILED_PER_JOB)) {
            for (MailboxPair p : job.first()) {
                alerts.add(new Alert("MAILBOX_FAILED", p.id(), "Mailbox " + p.sourceMailbox() + " failed: "
                        + p.error(), p.lastRunEndedAt() == null ? now : p.lastRunEndedAt()));
            }
            int more = job.count() - job.first().size();
            if (more > 0) {
                alerts.add(new Alert("MAILBOXES_FAILED", job.jobId(), "Job '" + job.jobName() + "': " + more
                        + " more " + (more == 1 ? "mailbox" : "mailboxes") + " failed; the job's report lists them all.",
                        now));
            }
        }
        alerts.addAll(PausedAlerts.of(pairs.paused(null, PausedAlerts.MAX), clock.getZone(), now));
        runner.resumedAtStart().ifPresent(r -> alerts.add(new Alert("JOBS_RESUMED", null, resumedText(r), r.at())));
        for (Connection c : connections.list()) {
            if (c.lastTest() != null && !c.lastTest().ok()) {
                alerts.add(new Alert("CONNECTION_FAILED", c.id(), "Connection '" + c.name() + "': "
                        + c.lastTest().message(), c.lastTest().testedAt()));
            }
        }
        return alerts;
    }

    /** What the service did by itself at its start with the jobs that were running when it stopped. */
    private String resumedText(JobRunner.Resumed r) {
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(r.at().atZone(clock.getZone()));
        StringBuilder text = new StringBuilder("The service restarted at " + at);
        if (r.jobs() > 0) {
            text.append(" and resumed ").append(count(r.mailboxes(), "mailbox", "mailboxes")).append(" of ")
                    .append(count(r.jobs(), "job", "jobs")).append(r.jobs() == 1 ? " that was" : " that were")
                    .append(" running when it stopped");
        }
        if (r.held() > 0) {
            text.append(r.jobs() > 0 ? "; " : ": ").append(count(r.held(), "job", "jobs"))
                    .append(" that ran when it stopped ").append(r.held() == 1 ? "waits" : "wait")
                    .append(" for its activity periods to resume");
        }
        return text.append('.').toString();
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
