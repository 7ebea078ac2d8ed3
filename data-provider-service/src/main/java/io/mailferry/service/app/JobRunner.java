package io.mailferry.service.app;

import io.mailferry.service.engine.port.FailureText;
import io.mailferry.model.api.Accepted;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.license.LicensePolicy;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.JobVerdict;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.JobStore;
import io.mailferry.service.store.PairStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the passes of jobs: each job that runs gets a pool of {@code options.concurrentMailboxes} threads, so at most
 * that many of its pairs migrate at once; start, stop (graceful, via {@link StopSignal}) and delta work on a whole job
 * or on selected pairs. Live progress per pair is kept in memory (the API reads it) and persisted with the report at
 * the end of each pass; when the last running pair of a job ends, the job gets its state and {@link JobVerdict}.
 *
 * <p>After a crash, {@link #recoverInterrupted()} marks what was QUEUED/RUNNING as STOPPED with {@link #INTERRUPTED};
 * the service then starts those pairs again by itself ({@link #resumeInterrupted}), a normal pass that the ledger
 * makes resume exactly. Thread-safe.
 */
public final class JobRunner implements AutoCloseable {
    public static final String INTERRUPTED = MailboxPair.INTERRUPTED;
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A pair of a running job, as the dashboard sees it. */
    public record LivePair(String jobId, String pairId, String sourceMailbox, MailboxState state, Progress progress,
            Instant lastChange) {
    }

    private final JobStore jobs;
    private final PairStore pairs;
    private final ConnectionStore connections;
    private final Map<ConnectionKind, MailboxAccessProvider> providers = new EnumMap<>(ConnectionKind.class);
    private final MigrationEngine engine;
    private final DirectoryService directories;
    private final LicenseService license;
    private final Clock clock;
    private final Map<String, JobRun> runs = new LinkedHashMap<>();
    /** {@code runs.size()}, written under the lock, read without it. */
    private volatile int runningJobs;
    private final TransferTotals totals = new TransferTotals();
    private final Object lock = new Object();
    /** Pairs whose last ending could not be written (a full disk): what the store would say, kept in memory. */
    private final Map<String, String> unrecorded = new java.util.concurrent.ConcurrentHashMap<>();
    /** Told the id of each job whose run ended, outside the runner's lock (the scheduler starts what is due then). */
    private volatile java.util.function.Consumer<String> jobEnded = id -> { };
    /** Told the id of the job of each pair a server's limit paused (its resumption is then set). */
    private volatile java.util.function.Consumer<String> pairPaused = id -> { };
    /** The pairs a crash left running, by job, until {@link #resumeInterrupted} starts them again. */
    private Map<String, List<String>> interrupted = Map.of();
    private volatile Resumed resumed;
    /** Set by the service: pairs a shutdown stops are left to resume at the next start (see {@link #close()}). */
    private volatile boolean resumeAfterClose;
    /** Jobs whose last ending could not be written, as the store would say. */
    private final UnsavedJobEndings unsavedJobs = new UnsavedJobEndings();

    /** What {@link #resumeInterrupted} started again after the service had stopped while jobs ran. */
    public record Resumed(int jobs, int mailboxes, int held, Instant at) {
    }

    public JobRunner(JobStore jobs, PairStore pairs, ConnectionStore connections,
            List<MailboxAccessProvider> providers, LicenseService license, MigrationEngine engine, Clock clock) {
        this(jobs, pairs, connections, providers, new DirectoryService(connections, providers), license, engine,
                clock);
    }

    /**
     * @param directories checks the pairs' target addresses against the target connection's directory at start
     * @param license     admits each pass (seats, trial cap, expiry) before anything runs
     */
    public JobRunner(JobStore jobs, PairStore pairs, ConnectionStore connections,
            List<MailboxAccessProvider> providers, DirectoryService directories, LicenseService license,
            MigrationEngine engine, Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.connections = connections;
        this.directories = directories;
        this.license = license;
        this.engine = engine;
        this.clock = clock;
        providers.forEach(p -> this.providers.put(p.kind(), p));
    }

    /** The directories this runner checks target addresses against (the job service checks new jobs with it). */
    DirectoryService directories() {
        return directories;
    }

    /** Pairs and jobs a crash left QUEUED/RUNNING/STOPPING become STOPPED; call once before the first start. */
    public void recoverInterrupted() {
        interrupted = pairs.interrupted();
        int pairCount = pairs.markInterrupted(INTERRUPTED);
        int jobCount = jobs.markInterrupted();
        if (pairCount + jobCount > 0) {
            log.warn("{} mailbox pair(s) of {} job(s) were running when the service stopped; marked STOPPED",
                    pairCount, jobCount);
        }
    }

    /**
     * Starts again the pairs {@link #recoverInterrupted()} found running (not those the admin was stopping), as delta
     * passes that the ledger makes go on exactly where the crash left them; jobs for which {@code mayRunNow} says
     * no (outside their activity periods) are left to their schedule. Call once, when the service has started.
     */
    public Resumed resumeInterrupted(java.util.function.BiPredicate<String, List<String>> mayRunNow) {
        int jobCount = 0;
        int mailboxes = 0;
        int held = 0;
        for (Map.Entry<String, List<String>> e : interrupted.entrySet()) {
            try {
                if (!mayRunNow.test(e.getKey(), e.getValue())) {
                    held++;
                    continue;
                }
                mailboxes += startHoldingSeats(e.getKey(), RunKind.DELTA, e.getValue()).pairIds().size();
                jobCount++;
            } catch (RuntimeException ex) {
                log.warn("Job {}: could not resume it after the restart: {}", e.getKey(), ex.getMessage());
            }
        }
        interrupted = Map.of();
        Resumed r = new Resumed(jobCount, mailboxes, held, clock.instant());
        if (jobCount + held > 0) {
            log.info("Resumed {} mailbox(es) of {} job(s) that were running when the service stopped; {} job(s) wait "
                    + "for their activity periods", mailboxes, jobCount, held);
            resumed = r;
        }
        return r;
    }

    /** What {@link #startHoldingSeats} started, and the license's refusal of the rest (null when nothing was left). */
    public record Started(List<String> pairIds, AppException refused) {
    }

    /**
     * Starts the pairs {@code pairIds} (all of the job's when empty). Refused for license seats — mailboxes that never
     * began need seats others may have taken meanwhile — it starts those of them whose source mailboxes hold seats
     * already, leaving pairs a server's limit paused to their time, and says what it refused; any other refusal, or
     * no such pair, is thrown.
     */
    public Started startHoldingSeats(String jobId, RunKind kind, List<String> pairIds) {
        try {
            start(jobId, kind, pairIds);
            return new Started(pairIds, null);
        } catch (AppException refused) {
            if (!"license_seats_exhausted".equals(refused.code())) {
                throw refused;
            }
            Job job = job(jobId);
            java.util.Set<String> seated = new java.util.HashSet<>(seatedPairs(job));
            List<String> start = notPaused(job, pairs.list(jobId)).stream().map(MailboxPair::id)
                    .filter(id -> seated.contains(id) && (pairIds.isEmpty() || pairIds.contains(id))).toList();
            if (start.isEmpty()) {
                throw refused;
            }
            start(jobId, kind, start);
            log.warn("Job {}: {} of its mailboxes start; the others wait for license seats: {}", jobId, start.size(),
                    refused.getMessage());
            return new Started(start, refused);
        }
    }

    /** What the last {@link #resumeInterrupted} started again, if it started or held anything. */
    public Optional<Resumed> resumedAtStart() {
        return Optional.ofNullable(resumed);
    }

    /**
     * From now on a shutdown ({@link #close()}) leaves the pairs it stops QUEUED in the store, so that the next start
     * of the service resumes them like pairs a crash interrupted. The service sets it; the command line's
     * {@code migrate} does not (it runs its pairs again itself).
     */
    public void resumeAfterClose() {
        this.resumeAfterClose = true;
    }

    /** {@code listener} is told the id of each job whose run ends (one listener; the scheduler). */
    public void onJobEnded(java.util.function.Consumer<String> listener) {
        this.jobEnded = listener;
    }

    /** {@code listener} is told the job id of each pair a server's limit paused (one listener; {@link PausedPairs}). */
    public void onPairPaused(java.util.function.Consumer<String> listener) {
        this.pairPaused = listener;
    }

    /**
     * Starts a pass (FULL or DELTA: the same algorithm) for the given pairs of a job, or all its pairs when
     * {@code pairIds} is empty — leaving out then the pairs a server's limit paused until later
     * ({@link MailboxPair#pause()}), which resume at their time.
     *
     * <p>The license admits the pass last, after every other check: each source mailbox that never ran gets a seat
     * held for it, taken when its own pass begins, and without a key the pass copies at most the trial's items per
     * folder.
     *
     * @throws AppException 404 job/pair not found, 409 {@code job_running} / {@code pair_running}, 422
     *                      {@code job_without_pairs}, {@code move_with_deletion_sync} (a job stored before the two
     *                      were refused together), {@code target_not_in_directory}, a connection that cannot be
     *                      used, or the license's refusal ({@link LicenseService#admit})
     */
    public Accepted start(String jobId, RunKind kind, Collection<String> pairIds) {
        refuseTargetsOutsideDirectory(jobId, pairIds);
        synchronized (lock) {
            Job job = job(jobId);
            List<MailboxPair> all = pairs.list(jobId);
            if (all.isEmpty()) {
                throw new AppException(AppException.Kind.UNPROCESSABLE, "job_without_pairs",
                        "Job '" + job.name() + "' has no mailbox pairs; add pairs before starting it.");
            }
            List<MailboxPair> selected = select(jobId, all, pairIds);
            if (pairIds.isEmpty()) {
                selected = notPaused(job, selected);
            }
            JobRun run = runs.get(jobId);
            if (run != null && pairIds.isEmpty()) {
                throw JobService.jobRunning(job);
            }
            for (MailboxPair p : selected) {
                if (run != null && run.pairs.containsKey(p.id())) {
                    throw new AppException(AppException.Kind.CONFLICT, "pair_running",
                            "Mailbox " + p.sourceMailbox() + " is already running.");
                }
            }
            if (job.options().deleteFromSource() && job.options().deletionSync()) {
                // refused when saved since then; a job stored before that must not run the two together either
                throw new AppException(AppException.Kind.UNPROCESSABLE, "move_with_deletion_sync", "Job '"
                        + job.name() + "' combines move mode with deletion sync: one empties the source, the other"
                        + " follows it; edit the job to turn one of them off.");
            }
            Sides sides = sides(job);
            Map<String, String> seats = seats(job, selected);
            JobOptions options = admit(job, seats.values());
            Instant now = clock.instant();
            JobRun created = null;
            try {
                if (run == null) {
                    created = new JobRun(jobId, job.options().concurrentMailboxes());
                    run = created;
                    runs.put(jobId, run);
                    runningJobs = runs.size();
                    jobs.markStarted(jobId, JobState.RUNNING, now);
                    unsavedJobs.remove(jobId);
                }
                // one transaction for all (a job of thousands of pairs), before any of them may begin to run
                pairs.markStarted(selected.stream().map(MailboxPair::id).toList(), MailboxState.QUEUED, now);
            } catch (RuntimeException e) {
                seats.values().forEach(license::notBegun); // admitted, but none of them will begin
                if (created != null) {
                    // nothing of it runs: kept, the job would answer "running" until the service restarts
                    runs.remove(jobId);
                    runningJobs = runs.size();
                    created.pool.shutdown();
                    try {
                        jobs.saveState(jobId, job.state()); // nor say "running" when the database writes again
                    } catch (RuntimeException again) {
                        e.addSuppressed(again); // the next start, or the service's, marks it interrupted
                    }
                }
                throw e;
            }
            for (MailboxPair p : selected) {
                PairRun pr = new PairRun(p, seats.get(p.id()), clock, totals);
                run.pairs.put(p.id(), pr);
                JobRun r = run;
                run.pool.submit(() -> runPair(r, pr, options, sides, kind));
            }
            log.info("Job {}: {} pass of {} mailbox(es) queued", jobId, kind, selected.size());
            String what = selected.size() == 1 ? "mailbox " + selected.get(0).sourceMailbox()
                    : selected.size() + " mailboxes";
            return new Accepted((kind == RunKind.DELTA ? "Delta pass" : "Pass") + " started for " + what + ".",
                    "/api/v1/jobs/" + jobId);
        }
    }

    /**
     * Reads the target's directory (a network call, so outside the lock: a stop must not wait for it) and refuses the
     * pass when a selected pair's target is not in it. What the lock then checks again (running, no pairs) is left to
     * it, so those answers keep their precedence.
     */
    private void refuseTargetsOutsideDirectory(String jobId, Collection<String> pairIds) {
        Job job = job(jobId);
        List<MailboxPair> all = pairs.list(jobId);
        if (all.isEmpty() || (pairIds.isEmpty() && isRunning(jobId))) {
            return;
        }
        List<String> targets = select(jobId, all, pairIds).stream().map(MailboxPair::targetMailbox).toList();
        connections.find(job.targetConnectionId()).ifPresent(target -> directories.requireTargets(target, targets));
    }

    /**
     * Asks the given running pairs (all when empty) to stop after their batches in flight; idempotent. A pair still
     * queued ends here and now (stopped, its seat held for it given back, no longer running), not when a worker
     * would have reached it, which may be hours later.
     */
    public Accepted stop(String jobId, Collection<String> pairIds) {
        JobRun ended = null;
        Accepted accepted;
        synchronized (lock) {
            Job job = job(jobId);
            JobRun run = runs.get(jobId);
            if (run == null) {
                select(jobId, pairs.list(jobId), pairIds);
                return new Accepted("Job '" + job.name() + "' is not running.", "/api/v1/jobs/" + jobId);
            }
            List<PairRun> targets = new ArrayList<>();
            if (pairIds.isEmpty()) {
                run.stopRequested = true;
                targets.addAll(run.pairs.values());
                jobs.saveState(jobId, JobState.STOPPING);
            } else {
                for (MailboxPair p : select(jobId, pairs.list(jobId), pairIds)) {
                    Optional.ofNullable(run.pairs.get(p.id())).ifPresent(targets::add);
                }
            }
            for (PairRun pr : targets) {
                pr.stop.requestStop();
                if (!pr.begun) {
                    pr.released = true; // its worker returns at once when it reaches it
                    pr.state = MailboxState.STOPPED;
                    run.pairs.remove(pr.pair.id());
                    license.notBegun(pr.seat);
                    try {
                        pairs.saveError(pr.pair.id(), MailboxState.STOPPED, null, clock.instant());
                    } catch (RuntimeException e) {
                        // e.g. a full disk: the run must still end; a restart marks the pair interrupted
                        log.error("Pair {}: could not record that it was stopped", pr.pair.id(), e);
                    }
                    continue;
                }
                pr.state = MailboxState.STOPPING;
                pairs.saveState(pr.pair.id(), MailboxState.STOPPING);
            }
            if (!targets.isEmpty() && run.pairs.isEmpty() && endRun(run)) {
                ended = run;
            }
            accepted = new Accepted("Stopping " + targets.size() + " mailbox(es) after the items in flight.",
                    "/api/v1/jobs/" + jobId);
        }
        if (ended != null) {
            // outside the lock and off the caller's thread (an API request): whoever listens may start jobs, which
            // can read a tenant's directory
            JobRun run = ended;
            Thread t = new Thread(() -> announceEnd(run), "job-ended-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
        return accepted;
    }

    public boolean isRunning(String jobId) {
        synchronized (lock) {
            return runs.containsKey(jobId);
        }
    }

    public boolean isRunning(String jobId, String pairId) {
        synchronized (lock) {
            JobRun run = runs.get(jobId);
            return run != null && run.pairs.containsKey(pairId);
        }
    }

    /** Read without the runner's lock (health polls must never wait for a start or stop that holds it). */
    public int runningJobs() {
        return runningJobs;
    }

    /** Pairs whose last ending could not be written (a full disk), with the sentence the store would hold. */
    Map<String, String> unrecordedEndings() {
        return Map.copyOf(unrecorded);
    }

    /** {@code job} with its ending when the store could not write it (it still says the job runs); else as is. */
    Job live(Job job) {
        synchronized (lock) {
            if (runs.containsKey(job.id())) {
                return job;
            }
        }
        return unsavedJobs.apply(job);
    }

    /** What every pass has processed since the service started. */
    public TransferTotals.Totals transferred() {
        return totals.now();
    }

    /** Every pair that is queued or running now, with its live progress. */
    public List<LivePair> livePairs() {
        synchronized (lock) {
            List<LivePair> result = new ArrayList<>();
            for (JobRun run : runs.values()) {
                for (PairRun pr : run.pairs.values()) {
                    result.add(new LivePair(run.jobId, pr.pair.id(), pr.pair.sourceMailbox(), pr.state, pr.progress,
                            Instant.ofEpochMilli(pr.lastChange)));
                }
            }
            return result;
        }
    }

    /**
     * The pair with its live state and progress when it is queued or running; FAILED with the sentence when its last
     * ending could not be written (the store still says it runs); else as stored.
     */
    public MailboxPair live(MailboxPair pair) {
        PairRun pr;
        synchronized (lock) {
            JobRun run = runs.get(pair.jobId());
            pr = run == null ? null : run.pairs.get(pair.id());
        }
        if (pr == null) {
            String lost = unrecorded.get(pair.id());
            boolean stale = pair.state() == MailboxState.RUNNING || pair.state() == MailboxState.STOPPING
                    || pair.state() == MailboxState.QUEUED;
            return lost == null || !stale ? pair : new MailboxPair(pair.id(), pair.jobId(), pair.sourceMailbox(),
                    pair.targetMailbox(), pair.sourceUser(), pair.targetUser(), pair.hasSourcePassword(),
                    pair.hasTargetPassword(), MailboxState.FAILED, pair.progress(), lost, null,
                    pair.lastRunStartedAt(), pair.lastRunEndedAt(), pair.sourceRoot());
        }
        return pair.live(pr.state, pr.progress);
    }

    /**
     * Waits until the run of this job that is active now, if any, has ended with its state and verdict recorded — not
     * for a later run (a schedule or a client may start the next one at once, before a waiter wakes). True when it
     * ended (or none was active), false when the timeout passed first.
     */
    public boolean awaitRunEnd(String jobId, Duration timeout) throws InterruptedException {
        synchronized (lock) {
            JobRun active = runs.get(jobId);
            return awaitUnderLock(timeout, () -> active == null || runs.get(jobId) != active);
        }
    }

    /** Blocks until no pair of the job runs any more, or the timeout passes; true when idle. */
    public boolean awaitIdle(String jobId, Duration timeout) throws InterruptedException {
        synchronized (lock) {
            return awaitUnderLock(timeout, () -> !runs.containsKey(jobId));
        }
    }

    /** Waits on {@link #lock} (held by the caller) until {@code done} or the timeout; true when done. */
    private boolean awaitUnderLock(Duration timeout, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            lock.wait(left);
        }
        return true;
    }

    /**
     * Stops every running pair gracefully and waits up to 15 s; what is still running then resumes next start. With
     * {@link #resumeAfterClose()}, the pairs this stops (not those the admin was stopping) are left QUEUED, so that the
     * next start resumes them too.
     */
    @Override
    public void close() {
        List<JobRun> active;
        List<String> interruptedNow = new ArrayList<>();
        synchronized (lock) {
            active = new ArrayList<>(runs.values());
            for (JobRun run : active) {
                for (PairRun pr : run.pairs.values()) {
                    if (!run.stopRequested && pr.state != MailboxState.STOPPING && !pr.stop.stopRequested()) {
                        interruptedNow.add(pr.pair.id());
                    }
                    pr.stop.requestStop();
                    if (pr.state == MailboxState.RUNNING) {
                        pr.state = MailboxState.STOPPING; // live view only: the store learns how each one ends
                    }
                }
            }
        }
        int asked = active.stream().mapToInt(run -> run.pairs.size()).sum();
        if (asked > 0) {
            log.info("Service stopping: {} mailbox pair(s) asked to stop after the items in flight", asked);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (JobRun run : active) {
            run.pool.shutdown();
            try {
                if (!run.pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    run.pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                run.pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (resumeAfterClose && !interruptedNow.isEmpty()) {
            try {
                int left = pairs.markResumable(interruptedNow);
                log.info("{} mailbox pair(s) stopped by the shutdown resume when the service starts again", left);
            } catch (RuntimeException e) {
                log.warn("Could not leave the stopped pairs to resume at the next start: {}", e.getMessage());
            }
        }
    }

    /** The job's pairs whose source mailbox holds a license seat already (a pass of them takes none), in order. */
    private List<String> seatedPairs(Job job) {
        String jobId = job.id();
        Connection source = connections.find(job.sourceConnectionId()).orElseThrow();
        List<MailboxPair> all = pairs.list(jobId);
        java.util.Set<String> seated = license.seated(all.stream()
                .map(p -> LicenseService.seat(source, p.sourceMailbox())).toList());
        return all.stream().filter(p -> seated.contains(LicenseService.seat(source, p.sourceMailbox())))
                .map(MailboxPair::id).toList();
    }

    /** The license seat of each selected pair's source mailbox, by pair id. */
    private Map<String, String> seats(Job job, List<MailboxPair> selected) {
        Connection source = connections.find(job.sourceConnectionId()).orElseThrow();
        Map<String, String> seats = new java.util.LinkedHashMap<>();
        selected.forEach(p -> seats.put(p.id(), LicenseService.seat(source, p.sourceMailbox())));
        return seats;
    }

    /** Asks the license to admit the pass; returns the job's options with the trial's item cap when it applies. */
    private JobOptions admit(Job job, Collection<String> seats) {
        int cap = license.admit(seats);
        JobOptions o = job.options();
        if (cap == LicensePolicy.UNLIMITED || (o.maxItemsPerFolder() > 0 && o.maxItemsPerFolder() <= cap)) {
            return o;
        }
        return o.withMaxItemsPerFolder(cap); // every other option (deletion sync included) stays as the job has it
    }

    private void runPair(JobRun run, PairRun pr, JobOptions options, Sides sides, RunKind kind) {
        synchronized (lock) {
            if (pr.released) {
                return; // stopped while it waited for a worker: stop() ended it
            }
            pr.begun = true;
        }
        String pairId = pr.pair.id();
        try {
            if (pr.stop.stopRequested()) {
                license.notBegun(pr.seat);
                pairs.saveError(pairId, MailboxState.STOPPED, null, clock.instant());
                return;
            }
            license.began(pr.seat); // the mailbox's seat, once, for good: its pass begins now
            pr.state = MailboxState.RUNNING;
            pairs.markStarted(pairId, MailboxState.RUNNING, clock.instant());
            MailboxTask task = new MailboxTask(pairId, sides.source,
                    new MailboxAccess.Login(pr.pair.sourceMailbox(), pr.pair.sourceUser(),
                            pairs.sourcePassword(pairId).orElse(null)),
                    sides.target,
                    new MailboxAccess.Login(pr.pair.targetMailbox(), pr.pair.targetUser(),
                            pairs.targetPassword(pairId).orElse(null)),
                    options, kind, pr.pair.sourceMailbox(), pr.pair.targetMailbox(), pr.pair.sourceRoot());
            MailboxOutcome out = engine.run(task, pr, pr.stop);
            pr.progress(out.progress());
            pairs.saveOutcome(pairId, out.report(), out.progress(), clock.instant(), kind);
            if (out.pause() != null) {
                MailboxPause pause = new MailboxPause(clock.instant().plus(out.pause().after()), out.pause().by());
                pairs.savePause(pairId, pause);
                log.info("Pair {}: paused by {} until {}", pairId, pause.by(), pause.resumeAt());
                pairPaused(run.jobId);
            }
        } catch (RuntimeException | Error e) {
            // the engine never throws for mailbox trouble; this is ours (e.g. a secret that no longer decrypts, a
            // data directory that can take no more writes, or a pass that ran out of memory): the mailbox is recorded
            // as failed with a sentence instead of staying "running"
            log.error("Pair {}: the pass could not run or its end could not be recorded", pairId, e);
            String sentence = FailureText.unexpected(e, engine.storeLocation());
            try {
                pairs.saveError(pairId, MailboxState.FAILED, sentence, clock.instant());
                unrecorded.remove(pairId);
            } catch (RuntimeException again) {
                // e.g. the disk is still full: the admin still learns the ending from this process
                log.error("Pair {}: could not record its failure either", pairId, again);
                unrecorded.put(pairId, sentence);
            }
        } finally {
            pairEnded(run, pr);
        }
    }

    /** Before the pair's run ends: whoever waits for the job's end finds the resumption set. */
    private void pairPaused(String jobId) {
        try {
            pairPaused.accept(jobId);
        } catch (RuntimeException e) {
            log.error("Job {}: the resumption of a paused mailbox could not be set", jobId, e);
        }
    }

    private void pairEnded(JobRun run, PairRun pr) {
        if (jobRunEnded(run, pr)) {
            announceEnd(run);
        }
    }

    private void announceEnd(JobRun run) {
        try {
            jobEnded.accept(run.jobId);
        } catch (RuntimeException e) {
            log.error("Job {}: what follows the end of its run failed", run.jobId, e);
        }
    }

    /** True when {@code pr} was the job's last running pair. */
    private boolean jobRunEnded(JobRun run, PairRun pr) {
        synchronized (lock) {
            run.pairs.remove(pr.pair.id());
            return run.pairs.isEmpty() && endRun(run);
        }
    }

    /** The run's last pair is gone: the job's run ends (under the lock). */
    private boolean endRun(JobRun run) {
        synchronized (lock) {
            runs.remove(run.jobId);
            runningJobs = runs.size();
            run.pool.shutdown();
            try {
                finishJob(run);
            } catch (RuntimeException e) {
                log.error("Job {}: could not record the end of the run", run.jobId, e);
            }
            lock.notifyAll();
            return true;
        }
    }

    private void finishJob(JobRun run) {
        List<MailboxPair> all = pairs.list(run.jobId).stream().map(this::live).toList();
        List<MailboxReport> reports = all.stream()
                .map(p -> PairReports.current(p, pairs.report(p.id()).orElse(null))).toList();
        JobState state = PairReports.jobState(all, run.stopRequested);
        String verdict = JobVerdict.of(reports);
        Instant now = clock.instant();
        try {
            jobs.markEnded(run.jobId, state, verdict, now);
            unsavedJobs.remove(run.jobId);
        } catch (RuntimeException e) {
            // e.g. the disk is still full: the list and the report still learn the ending from this process
            unsavedJobs.put(run.jobId, state, verdict, now);
            throw e;
        }
        log.info("Job {}: {} - {}", run.jobId, state, verdict);
    }

    /**
     * The pairs no limit keeps paused now. @throws AppException 409 {@code job_paused} when every pair of the job waits
     */
    private List<MailboxPair> notPaused(Job job, List<MailboxPair> pairsOfJob) {
        Instant now = clock.instant();
        List<MailboxPair> free = pairsOfJob.stream().filter(p -> p.pause() == null || !p.pause().lasts(now))
                .toList();
        if (free.isEmpty()) {
            MailboxPause first = pairsOfJob.stream().map(MailboxPair::pause)
                    .min(java.util.Comparator.comparing(MailboxPause::resumeAt)).orElseThrow();
            throw new AppException(AppException.Kind.CONFLICT, "job_paused", "Every mailbox of job '" + job.name()
                    + "' is paused by " + first.by() + "; " + (pairsOfJob.size() == 1 ? "it resumes" : "the first "
                    + "resumes") + " by itself " + first.when(java.time.ZoneId.systemDefault(), now) + ".");
        }
        return free;
    }

    private Job job(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> JobService.jobNotFound(jobId));
    }

    private static List<MailboxPair> select(String jobId, List<MailboxPair> all, Collection<String> pairIds) {
        if (pairIds.isEmpty()) {
            return all;
        }
        List<MailboxPair> selected = new ArrayList<>();
        for (String id : pairIds) {
            selected.add(all.stream().filter(p -> p.id().equals(id)).findFirst()
                    .orElseThrow(() -> JobService.pairNotFound(jobId, id)));
        }
        return selected;
    }

    private record Sides(MailboxAccess source, MailboxAccess target) {
    }

    private Sides sides(Job job) {
        return new Sides(access(job.sourceConnectionId(), ConnectionRole.SOURCE),
                access(job.targetConnectionId(), ConnectionRole.TARGET));
    }

    private MailboxAccess access(String connectionId, ConnectionRole role) {
        String side = role == ConnectionRole.SOURCE ? "source" : "target";
        Connection c = connections.find(connectionId).orElseThrow(() -> new AppException(
                AppException.Kind.UNPROCESSABLE, "connection_not_found",
                "The job's " + side + " connection " + connectionId + " no longer exists."));
        MailboxAccessProvider provider = providers.get(c.kind());
        if (provider == null) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "connection_unsupported",
                    "Migrating with the " + side + " connection '" + c.name() + "' (" + c.kind()
                            + ") is not supported by this build yet.");
        }
        Secret secret = StoredSecrets.of(connections, c, "The job's " + side + " connection '" + c.name() + "'");
        return provider.open(c, secret, role);
    }

    /** The pool and pairs of one running job. */
    private static final class JobRun {
        final String jobId;
        final ExecutorService pool;
        final Map<String, PairRun> pairs = new LinkedHashMap<>();
        volatile boolean stopRequested;

        JobRun(String jobId, int threads) {
            this.jobId = jobId;
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "job-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** One queued or running pair: its stop signal and the live progress its pass reports. */
    private static final class PairRun implements ProgressListener {
        final MailboxPair pair;
        /** The license seat of the pair's source mailbox ({@link LicenseService#seat}). */
        final String seat;
        final StopSignal stop = new StopSignal();
        /** Under the runner's lock: a worker took it up (its pass begins), or a stop ended it before that. */
        boolean begun;
        boolean released;
        volatile MailboxState state = MailboxState.QUEUED;
        volatile Progress progress = Progress.empty();
        volatile long lastChange;
        private final Clock clock;
        private final TransferTotals totals;

        PairRun(MailboxPair pair, String seat, Clock clock, TransferTotals totals) {
            this.pair = pair;
            this.seat = seat;
            this.clock = clock;
            this.totals = totals;
            this.lastChange = clock.millis();
        }

        @Override
        public void progress(Progress p) {
            Progress before = progress;
            if (p.itemsDone() != before.itemsDone() || p.itemsSkipped() != before.itemsSkipped()
                    || p.itemsFailed() != before.itemsFailed() || p.itemsTotal() != before.itemsTotal()
                    || p.bytesDone() != before.bytesDone()) {
                lastChange = clock.millis();
            }
            totals.add(before, p);
            progress = p;
        }

        @Override
        public void folderStarted(String sourceFolder, String targetFolder) {
            lastChange = clock.millis();
        }
    }
}
