package io.mailferry.service.app;

import io.mailferry.model.job.ActivityPeriod;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.job.ScheduleStatus;
import io.mailferry.model.job.WeeklyGrid;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.store.JobStore;
import io.mailferry.service.store.PairStore;
import io.mailferry.service.store.ScheduleStore;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs by their schedules (docs/decisions/0018-scheduler.md). Quartz triggers only wake it (first pass, each
 * recurring delta, and every hour on the hour while the job has activity periods); on every wake-up it looks at the
 * clock and brings the job to where its schedule says it should be, so a trigger missed while the service was down,
 * or two that fire together, change nothing:
 * <ul>
 * <li>outside the activity periods, a running pass is stopped gracefully (its items in flight are finished and
 *     recorded in the ledger) and the schedule remembers it paused it;</li>
 * <li>inside them, a paused pass is resumed: the mailboxes the schedule stopped (and those whose server-limit pause
 *     ended meanwhile) start again, and the ledger makes them go on exactly where they stopped — mailboxes the admin
 *     stopped stay stopped; else a pass that is due (the first at the start time, then a delta every N hours until the
 *     cut-over) starts unless one runs — then it starts when that one ends.</li>
 * </ul>
 * Definitions and state live in SQLite; {@link #start()} rebuilds every trigger from there. Thread-safe.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);
    static final int MAX_EVERY_HOURS = 8760;

    private final JobStore jobs;
    private final PairStore pairs;
    private final ScheduleStore schedules;
    private final JobRunner runner;
    private final TriggerDriver driver;
    private final Clock clock;
    private final ZoneId defaultZone;
    private final Object lock = new Object();
    /** Set by {@link #close()}, under the lock: a pass that ends while the service closes wakes nothing any more. */
    private boolean closed;

    /** The service's scheduler: Quartz fires the triggers, the clock is the system's in the machine's zone. */
    public JobScheduler(JobStore jobs, PairStore pairs, ScheduleStore schedules, JobRunner runner, Clock clock) {
        this(jobs, pairs, schedules, runner, new QuartzTriggerDriver(), clock, ZoneId.systemDefault());
    }

    JobScheduler(JobStore jobs, PairStore pairs, ScheduleStore schedules, JobRunner runner, TriggerDriver driver,
            Clock clock, ZoneId defaultZone) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.schedules = schedules;
        this.runner = runner;
        this.driver = driver;
        this.clock = clock;
        this.defaultZone = defaultZone;
    }

    /**
     * Rebuilds the triggers of every saved schedule, begins firing them, and brings each scheduled job to where its
     * schedule says it should be now (what fell due while the service was down starts now).
     */
    public JobScheduler start() {
        driver.start(this::wake);
        runner.onJobEnded(this::wake);
        for (String jobId : schedules.jobIds()) {
            try {
                schedules.find(jobId).ifPresent(s -> driver.replace(jobId, plan(s).triggers(clock.instant())));
                wake(jobId);
            } catch (RuntimeException e) {
                log.error("The schedule of job {} could not be restored", jobId, e);
            }
        }
        return this;
    }

    /**
     * Saves (or replaces) the job's schedule: its first pass is due at its start time (now when it has none) — unless
     * the schedule it replaces had the same start, already passed: then the next pass is the next recurring delta.
     *
     * @throws AppException 404 {@code job_not_found}, 400 {@code validation_failed} with one sentence per problem
     */
    public ScheduleStatus save(String jobId, JobSchedule request) {
        jobs.find(jobId).orElseThrow(() -> JobService.jobNotFound(jobId));
        Instant now = clock.instant();
        JobSchedule schedule = new JobSchedule(request.startAt() == null ? now : request.startAt(),
                request.activityPeriods(), request.deltaEveryHours(), request.deltaUntil(), request.timeZone());
        List<String> problems = problems(schedule, now);
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        synchronized (lock) {
            Optional<ScheduleStore.Stored> before = schedules.find(jobId);
            schedules.save(jobId, schedule, now);
            schedules.saveRefusal(jobId, null);
            if (before.map(ScheduleStore.Stored::paused).orElse(false)) {
                schedules.savePaused(jobId, true); // its stopped mailboxes still resume when a period begins
            }
            ScheduleStore.Stored stored = schedules.find(jobId).orElseThrow();
            if (before.isPresent() && before.get().schedule().startAt().equals(schedule.startAt())
                    && !schedule.startAt().isAfter(now)) {
                // an edit that keeps a start already passed: that first pass was due then, not again now; a pass
                // still due (refused meanwhile) stays due, otherwise the next is the next recurring delta
                Instant due = before.get().nextPassAt();
                schedules.saveNextPass(jobId, due != null && !due.isAfter(now) ? due : plan(stored).deltaAfter(now));
                stored = schedules.find(jobId).orElseThrow();
            }
            driver.replace(jobId, plan(stored).triggers(now));
            log.info("Job {}: schedule saved ({})", jobId, describe(schedule));
        }
        wake(jobId);
        return status(jobId);
    }

    /** The job's schedule with what it does next. @throws AppException 404 when the job or its schedule is missing */
    public ScheduleStatus status(String jobId) {
        jobs.find(jobId).orElseThrow(() -> JobService.jobNotFound(jobId));
        ScheduleStore.Stored s = schedules.find(jobId).orElseThrow(() -> AppException.notFound("schedule_not_found",
                "Job " + jobId + " has no schedule."));
        SchedulePlan plan = plan(s);
        Instant next = nextRun(s, plan);
        return new ScheduleStatus(s.schedule(), plan.zone().getId(), next, pausedNow(s, plan), summary(s, plan, next));
    }

    /** Removes the job's schedule: nothing starts or pauses by itself any more; a running pass goes on. */
    public void remove(String jobId) {
        jobs.find(jobId).orElseThrow(() -> JobService.jobNotFound(jobId));
        synchronized (lock) {
            if (!schedules.delete(jobId)) {
                throw AppException.notFound("schedule_not_found", "Job " + jobId + " has no schedule.");
            }
            driver.replace(jobId, List.of());
        }
        log.info("Job {}: schedule removed", jobId);
    }

    /** When the job's schedule next starts or resumes a pass; empty without a schedule or when it starts none. */
    public Optional<Instant> nextRunAt(String jobId) {
        return schedules.find(jobId).map(s -> nextRun(s, plan(s)));
    }

    /** The job with its next scheduled run. */
    public Job withNextRun(Job job) {
        return nextRunAt(job.id()).map(job::withNextRunAt).orElse(job);
    }

    /**
     * Whether the job may run now by its schedule (always, without one). A job that may not is marked paused, and the
     * mailboxes {@code pairIds} that would have run, paused by the schedule, so that they resume when its next activity
     * period begins.
     */
    public boolean mayRunNow(String jobId, java.util.Collection<String> pairIds) {
        synchronized (lock) {
            Optional<ScheduleStore.Stored> s = schedules.find(jobId);
            if (s.isEmpty() || plan(s.get()).activeAt(clock.instant())) {
                return true;
            }
            schedules.savePaused(jobId, true);
            pairs.markSchedulePaused(pairIds);
            log.info("Job {}: outside its activity periods; it resumes when the next one begins", jobId);
            return false;
        }
    }

    /** A trigger of the job fired, or a pass of it ended: does what the schedule says now. Never throws. */
    void wake(String jobId) {
        // the refusal is kept under the lock too: a status read between the refusal and its record would miss it
        synchronized (lock) {
            try {
                if (closed) {
                    return;
                }
                Optional<ScheduleStore.Stored> stored = schedules.find(jobId);
                Optional<Job> job = jobs.find(jobId);
                if (stored.isPresent() && job.isPresent()) {
                    bringUpToDate(stored.get(), job.get());
                } else {
                    driver.replace(jobId, List.of()); // the job or its schedule was deleted: its triggers go too
                }
            } catch (AppException e) {
                // refused in the admin's words (license, no pairs, target not in the directory): said, not a trace
                log.warn("Job {}: the schedule could not start it: {}", jobId, e.getMessage());
                sayRefused(jobId, "The last scheduled pass did not start: " + e.getMessage());
            } catch (RuntimeException e) {
                log.error("Job {}: the schedule could not start, pause or resume it", jobId, e);
                sayRefused(jobId, "The last scheduled pass could not start because of an unexpected error;"
                        + " the service's log has the details.");
            }
        }
    }

    private void bringUpToDate(ScheduleStore.Stored s, Job job) {
        Instant now = clock.instant();
        SchedulePlan plan = plan(s);
        boolean running = runner.isRunning(job.id());
        if (!plan.activeAt(now)) {
            // a pass that began inside a period pauses once it is outside (whenever this wake-up comes, early or late);
            // a pass the admin started by hand outside the periods is theirs and runs to its end
            Instant began = job.lastRunStartedAt();
            if (running && job.state() != JobState.STOPPING && (began == null || plan.activeAt(began))) {
                log.info("Job {}: outside its activity periods; pausing after the items in flight", job.id());
                schedules.savePaused(job.id(), true);
                pairs.markSchedulePaused(job.id());
                runner.stop(job.id(), List.of());
            }
            return;
        }
        if (running) {
            return; // what is due starts when this pass ends (the runner wakes us then)
        }
        if (s.paused()) {
            // only the pairs it stopped (not those the admin stopped); a pair a server's limit paused until later
            // resumes at its own time (PausedPairs)
            java.util.Set<String> ours = pairs.pausedBySchedule(job.id());
            List<String> stopped = pairs.list(job.id()).stream().filter(p -> p.state() == MailboxState.STOPPED
                            && (ours.contains(p.id()) || p.pause() != null)
                            && (p.pause() == null || !p.pause().lasts(now)))
                    .map(MailboxPair::id).toList();
            if (stopped.isEmpty()) {
                schedules.savePaused(job.id(), false);
            } else {
                log.info("Job {}: inside its activity periods again; resuming {} mailbox(es)", job.id(),
                        stopped.size());
                // paused until every one of them started: those the license refused now are tried again at the next
                // wake-up (each hour), when a key with more seats may be in; a due recurring delta still starts
                try {
                    if (startAsLicensed(job, RunKind.DELTA, stopped)) {
                        schedules.savePaused(job.id(), false);
                    }
                    return;
                } catch (AppException refused) {
                    log.warn("Job {}: the schedule could not resume it: {}", job.id(), refused.getMessage());
                    schedules.saveRefusal(job.id(), "The last scheduled pass did not start: " + refused.getMessage());
                }
            }
        }
        if (s.nextPassAt() != null && !now.isBefore(s.nextPassAt())) {
            if (!plan.beforeCutOver(now)) {
                schedules.saveNextPass(job.id(), null);
                log.info("Job {}: cut-over reached; the schedule starts no more passes", job.id());
                return;
            }
            RunKind kind = job.state() == JobState.NEW ? RunKind.FULL : RunKind.DELTA;
            // the next one is set first: a pass that cannot start (e.g. no pairs) must not be retried at every wake-up
            schedules.saveNextPass(job.id(), plan.deltaAfter(now));
            log.info("Job {}: scheduled {} pass starts", job.id(), kind);
            startAsLicensed(job, kind, List.of());
        }
    }

    /** Records why a scheduled pass did not start; from wake()'s catch blocks, so it never throws itself. */
    private void sayRefused(String jobId, String why) {
        try {
            schedules.saveRefusal(jobId, why);
        } catch (RuntimeException e) {
            log.error("Job {}: could not record why its scheduled pass did not start ({})", jobId, why, e);
        }
    }

    /**
     * Starts {@code pairIds} (all of the job's when empty) as {@link JobRunner#startHoldingSeats} does: when the license
     * has seats only for some (pairs added since, or stopped before they began), those keep in sync until the cut-over,
     * and the schedule's summary says why the others wait.
     *
     * @return true when every one of them started
     */
    private boolean startAsLicensed(Job job, RunKind kind, List<String> pairIds) {
        JobRunner.Started started = runner.startHoldingSeats(job.id(), kind, pairIds);
        if (started.refused() == null) {
            schedules.saveRefusal(job.id(), null); // said until a pass starts whole
            return true;
        }
        int n = started.pairIds().size();
        schedules.saveRefusal(job.id(), "The last scheduled pass started only partly: "
                + started.refused().getMessage() + " The " + (n == 1 ? "mailbox that has" : n + " mailboxes that have")
                + " migrated before ran; the others wait for seats.");
        return false;
    }

    /**
     * Paused as the admin sees it: a pass resumed for only some mailboxes (the others wait for seats) keeps the
     * schedule paused for them, but while it runs inside a period the job is not paused.
     */
    private boolean pausedNow(ScheduleStore.Stored s, SchedulePlan plan) {
        return s.paused() && !(runner.isRunning(s.jobId()) && plan.activeAt(clock.instant()));
    }

    private Instant nextRun(ScheduleStore.Stored s, SchedulePlan plan) {
        Instant now = clock.instant();
        if (pausedNow(s, plan)) {
            return plan.nextActive(now);
        }
        if (s.nextPassAt() == null) {
            return null;
        }
        Instant due = s.nextPassAt().isAfter(now) ? s.nextPassAt() : now;
        Instant at = plan.nextActive(due);
        return at == null || !plan.beforeCutOver(at) ? null : at;
    }

    private String summary(ScheduleStore.Stored s, SchedulePlan plan, Instant next) {
        String refused = s.refusal();
        String plain = plainSummary(s, plan, next);
        return refused == null ? plain : plain + " " + refused;
    }

    private String plainSummary(ScheduleStore.Stored s, SchedulePlan plan, Instant next) {
        String when = next == null ? null : WHEN.format(next.atZone(plan.zone())) + " (" + plan.zone().getId() + ")";
        if (pausedNow(s, plan)) {
            return "Paused outside its activity periods; resumes " + when + ".";
        }
        String running = runner.isRunning(s.jobId()) ? "Running; " : "";
        if (next != null) {
            return running + (running.isEmpty() ? "Next" : "next") + " pass " + when + ".";
        }
        if (!plan.beforeCutOver(clock.instant())) {
            return running + (running.isEmpty() ? "The" : "the") + " cut-over has passed; no more scheduled passes.";
        }
        return running + (running.isEmpty() ? "No" : "no") + " more scheduled passes (no recurring delta).";
    }

    private SchedulePlan plan(ScheduleStore.Stored s) {
        return new SchedulePlan(s.jobId(), s.schedule(), defaultZone);
    }

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    /** What makes a schedule unusable, one sentence each; empty when it is fine. */
    static List<String> problems(JobSchedule s, Instant now) {
        List<String> problems = new ArrayList<>();
        List<ActivityPeriod> periods = new ArrayList<>();
        for (String text : s.activityPeriods()) {
            try {
                periods.add(ActivityPeriod.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && !periods.isEmpty() && WeeklyGrid.of(periods).never()) {
            problems.add("The activity periods cover no hour of the week.");
        }
        if (s.deltaEveryHours() < 0 || s.deltaEveryHours() > MAX_EVERY_HOURS) {
            problems.add("Delta passes recur every 1 to " + MAX_EVERY_HOURS + " hours, not " + s.deltaEveryHours()
                    + ".");
        }
        boolean datesInRange = true; // beyond them the plan's arithmetic overflows
        for (Instant at : new Instant[] {s.startAt(), s.deltaUntil()}) {
            if (at != null && (at.isBefore(EARLIEST) || !at.isBefore(LATEST))) {
                problems.add("The date " + at + " must fall in the years 2000 to 9999.");
                datesInRange = false;
            }
        }
        if (!datesInRange) {
            // the order of two dates out of range says nothing more
        } else if (s.deltaUntil() != null && !s.deltaUntil().isAfter(s.startAt())) {
            problems.add("The cut-over (" + s.deltaUntil() + ") must be after the start (" + s.startAt() + ").");
        } else if (s.deltaUntil() != null && !s.deltaUntil().isAfter(now)) {
            problems.add("The cut-over (" + s.deltaUntil() + ") has already passed.");
        }
        if (s.timeZone() != null) {
            try {
                ZoneId.of(s.timeZone());
            } catch (DateTimeException e) {
                problems.add("\"" + s.timeZone() + "\" is not a time zone; use a name such as Europe/Berlin.");
            }
        }
        return problems;
    }

    private static String describe(JobSchedule s) {
        return "start " + s.startAt() + ", periods " + (s.activityPeriods().isEmpty() ? "any time"
                : String.join(", ", s.activityPeriods())) + (s.recurring() ? ", delta every " + s.deltaEveryHours()
                + " h" : "") + (s.deltaUntil() == null ? "" : " until " + s.deltaUntil());
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        driver.close();
    }
}
