package io.mailferry.service.app;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.store.PairStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes the mailboxes a server's long-lasting limit paused (Google's daily IMAP download limit) as a scheduled
 * continuation: the pair's {@code resume_at} (schema V011) is kept in SQLite, a one-shot trigger per job wakes this at
 * the soonest one, and on every wake-up the pairs whose time has come start again as a delta pass (the ledger makes it
 * go on exactly where the limit stopped it). Level-triggered like {@link JobScheduler}: at {@link #start()} (also after
 * a restart of the service) every job with paused pairs is armed and what fell due meanwhile starts at once. A job
 * whose schedule keeps it outside its activity periods now is left to the schedule, which resumes its stopped pairs
 * when the next period begins. Thread-safe.
 */
public final class PausedPairs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PausedPairs.class);
    /** Paused pairs read per job at a wake-up (thousands would resume a few at a time, at each pass's end). */
    private static final int PER_WAKE = 10_000;

    private final PairStore pairs;
    private final JobRunner runner;
    private final TriggerDriver driver;
    private final Clock clock;
    private final BiPredicate<String, List<String>> mayRunNow;
    private final Object lock = new Object();
    private boolean closed;

    /** The service's: Quartz fires the triggers (a scheduler of its own next to the schedules'). */
    public PausedPairs(PairStore pairs, JobRunner runner, Clock clock,
            BiPredicate<String, List<String>> mayRunNow) {
        this(pairs, runner, new QuartzTriggerDriver(), clock, mayRunNow);
    }

    /** @param mayRunNow whether the job's schedule lets it run now (the scheduler's {@code mayRunNow}) */
    PausedPairs(PairStore pairs, JobRunner runner, TriggerDriver driver, Clock clock,
            BiPredicate<String, List<String>> mayRunNow) {
        this.pairs = pairs;
        this.runner = runner;
        this.driver = driver;
        this.clock = clock;
        this.mayRunNow = mayRunNow;
    }

    /** Begins firing, arms every job with paused pairs and resumes those whose time has come. */
    public PausedPairs start() {
        driver.start(this::wake);
        runner.onPairPaused(this::wake);
        Set<String> jobs = new LinkedHashSet<>();
        pairs.paused(null, PER_WAKE).forEach(p -> jobs.add(p.jobId()));
        jobs.forEach(this::wake);
        return this;
    }

    /** A trigger fired or a pair of the job was paused: resumes what is due, arms the next. Never throws. */
    void wake(String jobId) {
        try {
            synchronized (lock) {
                if (!closed) {
                    bringUpToDate(jobId);
                }
            }
        } catch (RuntimeException e) {
            log.error("Job {}: its paused mailboxes could not be resumed", jobId, e);
        }
    }

    private void bringUpToDate(String jobId) {
        Instant now = clock.instant();
        List<MailboxPair> paused = pairs.paused(jobId, PER_WAKE);
        List<String> due = paused.stream().filter(p -> !p.pause().lasts(now) && p.state() == MailboxState.STOPPED
                && !runner.isRunning(jobId, p.id())).map(MailboxPair::id).toList();
        if (!due.isEmpty()) {
            if (mayRunNow.test(jobId, due)) {
                try {
                    runner.start(jobId, RunKind.DELTA, due);
                    log.info("Job {}: {} mailbox(es) paused by a server's limit resume now", jobId, due.size());
                } catch (AppException e) {
                    // e.g. the license ran out meanwhile: said, and the pairs stay paused until someone starts them
                    log.warn("Job {}: paused mailboxes could not resume: {}", jobId, e.getMessage());
                }
            } else {
                log.info("Job {}: paused mailboxes wait for the job's next activity period", jobId);
            }
        }
        Instant next = paused.stream().map(MailboxPair::pause).map(MailboxPause::resumeAt).filter(now::isBefore)
                .min(Instant::compareTo).orElse(null);
        driver.replace(jobId, next == null ? List.of() : List.of(trigger(jobId, next)));
    }

    private static Trigger trigger(String jobId, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity("resume-paused", jobId)
                .forJob(new JobKey(jobId, QuartzTriggerDriver.GROUP)).startAt(Date.from(at)).build();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        driver.close();
    }
}
