package io.mailferry.service.app;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.csv.PairsCsv;
import io.mailferry.service.app.matching.MatchingService;
import io.mailferry.service.engine.JobVerdict;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.JobStore;
import io.mailferry.service.store.PairStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Define, change and remove jobs and their mailbox pairs; import/export pairs as CSV; match address lists; build job
 * and mailbox reports. Requests are validated with plain sentences; a job that runs cannot be changed or deleted (409
 * {@code job_running}). Jobs and pairs come back with live progress from the {@link JobRunner}. Thread-safe.
 */
public final class JobService {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobStore jobs;
    private final PairStore pairs;
    private final ConnectionStore connections;
    private final JobRunner runner;
    private final Clock clock;
    private final JobValidator validator = new JobValidator();
    private final PairsCsv csv = new PairsCsv();
    private final MatchingService matching = new MatchingService();
    private final JobSummaries summaries;
    private volatile java.util.function.UnaryOperator<Job> nextRuns = java.util.function.UnaryOperator.identity();

    public JobService(JobStore jobs, PairStore pairs, ConnectionStore connections, JobRunner runner, Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.connections = connections;
        this.runner = runner;
        this.clock = clock;
        this.summaries = new JobSummaries(pairs, runner);
    }

    /** Jobs come back with their next scheduled run from {@code scheduler} (the scheduler is built after this). */
    public void nextRunsFrom(java.util.function.UnaryOperator<Job> scheduler) {
        this.nextRuns = scheduler;
    }

    /**
     * What would make a job with these options and pairs invalid, checked before anything is tested or written (the
     * connections are not looked at): out-of-range numbers, bad patterns, bad pairs; empty when none.
     */
    public static List<String> problems(JobOptions options, List<MailboxPairRequest> requests) {
        JobValidator validator = new JobValidator();
        List<String> problems = new ArrayList<>(validator.options(options));
        problems.addAll(validator.pairs(requests, Set.of()));
        return problems;
    }

    /** Every job, newest first, with its summary (pairs by state, progress summed); never lists the pairs. */
    public List<Job> list() {
        return summaries.withSummaries(jobs.list()).stream().map(nextRuns).toList();
    }

    public Job get(String id) {
        return withProgress(jobs.find(id).orElseThrow(() -> jobNotFound(id)));
    }

    /** The job with this stable key (CLI migrations), if it exists. */
    public Optional<Job> findByKey(String key) {
        return jobs.findByKey(key).map(this::withProgress);
    }

    public Job create(JobRequest request) {
        return create(request, null);
    }

    /**
     * Creates a job with its pairs; {@code key} (nullable) lets the CLI find it again for a delta. When the target
     * connection has a directory, every pair's target must be in it (422 {@code target_not_in_directory}).
     */
    public Job create(JobRequest request, String key) {
        List<String> problems = validator.problems(request, connections::find);
        if (problems.isEmpty()) {
            problems = sharedLogins(request.sourceConnectionId(), request.targetConnectionId(), List.of(),
                    request.pairs());
        }
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        connections.find(request.targetConnectionId()).ifPresent(target -> runner.directories().requireTargets(target,
                request.pairs().stream().map(MailboxPairRequest::targetMailbox).toList()));
        JobOptions options = request.options() == null ? JobOptions.defaults() : request.options();
        Job job = new Job(UUID.randomUUID().toString(), request.name().strip(), request.sourceConnectionId(),
                request.targetConnectionId(), options, JobState.NEW, 0, Progress.empty(), null, clock.instant(), null,
                null);
        jobs.insert(job, key);
        try {
            pairs.insert(job.id(), normalized(request.pairs()));
        } catch (RuntimeException e) {
            jobs.delete(job.id());
            throw e;
        }
        log.info("Created job {} ({}) with {} pair(s)", job.id(), job.name(), request.pairs().size());
        return get(job.id());
    }

    /** Replaces name, connections and options (pairs are changed through the pairs operations). */
    public Job update(String id, JobRequest request) {
        Job existing = jobs.find(id).orElseThrow(() -> jobNotFound(id));
        refuseWhileRunning(existing);
        JobRequest withoutPairs = new JobRequest(request.name(), request.sourceConnectionId(),
                request.targetConnectionId(), request.options(), List.of());
        List<String> problems = validator.problems(withoutPairs, connections::find);
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        refuseAnotherLabelStrategy(existing, request.sourceConnectionId());
        jobs.update(id, request.name().strip(), request.sourceConnectionId(), request.targetConnectionId(),
                request.options() == null ? JobOptions.defaults() : request.options());
        log.info("Updated job {}", id);
        return get(id);
    }

    /**
     * A job that has copied from Gmail keeps its label strategy: another Gmail connection as its source must have the
     * same one, or its next pass would copy labelled mail a second time into the other strategy's folders (the same
     * rule as {@link ConnectionService#update} for the connection itself).
     */
    private void refuseAnotherLabelStrategy(Job existing, String sourceConnectionId) {
        if (existing.lastRunStartedAt() == null || existing.sourceConnectionId().equals(sourceConnectionId)) {
            return;
        }
        var before = connections.find(existing.sourceConnectionId()).map(c -> c.gmail()).orElse(null);
        var after = connections.find(sourceConnectionId).map(c -> c.gmail()).orElse(null);
        if (before != null && after != null && before.labelStrategy() != after.labelStrategy()) {
            throw new AppException(AppException.Kind.CONFLICT, "gmail_label_strategy_in_use", "Job '"
                    + existing.name() + "' has copied with Gmail's " + before.labelStrategy().name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', ' ') + " label strategy, and its new source connection uses"
                    + " another: its next pass would copy labelled messages a second time into other folders. Use a"
                    + " connection with the same strategy, or a new job into an empty target.");
        }
    }

    /**
     * As {@link #update}, but writes nothing when the request holds what {@code existing} (as just read, e.g. by
     * {@link #findByKey}) holds — name, connections, options — so that a command run again with the same arguments
     * neither rewrites its job nor reads it once more; then returns {@code existing}.
     */
    public Job updateIfChanged(Job existing, JobRequest request) {
        JobOptions options = request.options() == null ? JobOptions.defaults() : request.options();
        if (request.name() != null && existing.name().equals(request.name().strip())
                && existing.sourceConnectionId().equals(request.sourceConnectionId())
                && existing.targetConnectionId().equals(request.targetConnectionId())
                && existing.options().equals(options)) {
            return existing;
        }
        return update(existing.id(), request);
    }

    public void delete(String id) {
        Job job = jobs.find(id).orElseThrow(() -> jobNotFound(id));
        refuseWhileRunning(job);
        jobs.delete(id);
        log.info("Deleted job {} ({})", id, job.name());
    }

    /** The job's pairs in order, with live progress. */
    public List<MailboxPair> pairs(String jobId) {
        jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
        return pairs.list(jobId).stream().map(runner::live).toList();
    }

    /** One page of a job's pairs and how many it has. */
    public record PairPage(List<MailboxPair> pairs, int total) {
    }

    /**
     * At most {@code limit} of the job's pairs from the {@code offset}-th on (0-based), in order, with live progress,
     * and the job's pair count.
     */
    public PairPage pairs(String jobId, int offset, int limit) {
        jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
        return new PairPage(pairs.page(jobId, offset, limit).stream().map(runner::live).toList(),
                pairs.count(jobId));
    }

    public MailboxPair pair(String jobId, String pairId) {
        return runner.live(storedPair(jobId, pairId));
    }

    /** Adds pairs to a job, all or none. */
    public List<MailboxPair> addPairs(String jobId, List<MailboxPairRequest> requests) {
        jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
        Set<String> existing = pairs.list(jobId).stream()
                .map(p -> p.sourceMailbox().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> problems = validator.pairs(requests, existing);
        if (problems.isEmpty()) {
            Job job = jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
            problems = sharedLogins(job.sourceConnectionId(), job.targetConnectionId(), pairs.list(jobId), requests);
        }
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        try {
            return pairs.insert(jobId, normalized(requests));
        } catch (PairStore.DuplicateSourceException e) {
            throw new AppException(AppException.Kind.CONFLICT, "pair_exists", e.getMessage());
        }
    }

    private List<String> sharedLogins(String sourceId, String targetId, List<MailboxPair> existing,
            List<MailboxPairRequest> added) {
        List<String> withoutSource = new ArrayList<>();
        List<String> withoutTarget = new ArrayList<>();
        for (MailboxPair p : existing) {
            if (p.sourceUser() == null || p.sourceUser().isBlank()) {
                withoutSource.add(p.sourceMailbox());
            }
            if (p.targetUser() == null || p.targetUser().isBlank()) {
                withoutTarget.add(p.targetMailbox());
            }
        }
        for (MailboxPairRequest p : added) {
            if (p.sourceUser() == null || p.sourceUser().isBlank()) {
                withoutSource.add(p.sourceMailbox());
            }
            if (p.targetUser() == null || p.targetUser().isBlank()) {
                withoutTarget.add(p.targetMailbox());
            }
        }
        return validator.sharedLogins(connections.find(sourceId).orElse(null),
                connections.find(targetId).orElse(null), withoutSource, withoutTarget);
    }

    /**
     * Replaces a pair's own users and passwords with those of {@code logins} (its mailboxes, state and ledger stay):
     * a corrected CSV row for a pair that already exists.
     */
    public MailboxPair updatePairLogins(String jobId, String pairId, MailboxPairRequest logins) {
        MailboxPair pair = storedPair(jobId, pairId);
        if (runner.isRunning(jobId, pairId)) {
            throw new AppException(AppException.Kind.CONFLICT, "pair_running",
                    "Mailbox " + pair.sourceMailbox() + " is running; stop it before changing its login.");
        }
        Job job = jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
        List<MailboxPair> others = pairs.list(jobId).stream().filter(p -> !p.id().equals(pairId)).toList();
        List<String> problems = sharedLogins(job.sourceConnectionId(), job.targetConnectionId(), others,
                List.of(new MailboxPairRequest(pair.sourceMailbox(), pair.targetMailbox(), logins.sourceUser(), null,
                        logins.targetUser(), null)));
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        pairs.updateLogins(pairId, logins);
        return pair(jobId, pairId);
    }

    public void deletePair(String jobId, String pairId) {
        MailboxPair pair = storedPair(jobId, pairId);
        if (runner.isRunning(jobId, pairId)) {
            throw new AppException(AppException.Kind.CONFLICT, "pair_running",
                    "Mailbox " + pair.sourceMailbox() + " is running; stop it before removing it.");
        }
        pairs.delete(pairId);
    }

    /**
     * Parses a pairs CSV and adds its pairs to the job when no row is bad, or, with {@code acceptValid}, the good
     * rows anyway. The result lists every bad row with its line and reason, and the pairs read without their
     * passwords: they are stored sealed and never sent back.
     */
    public CsvImportResult importPairs(String jobId, String text, boolean acceptValid) {
        jobs.find(jobId).orElseThrow(() -> jobNotFound(jobId));
        PairsCsv.Lines parsed = csv.parseWithLines(text);
        CsvImportResult read = parsed.result();
        // rows that read well but do not fit this job (already paired, ...) are bad rows too, named by their line
        Set<String> seen = pairs.list(jobId).stream().map(p -> p.sourceMailbox().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(java.util.HashSet::new));
        List<MailboxPairRequest> good = new ArrayList<>();
        List<CsvImportResult.RowError> errors = new ArrayList<>(read.errors());
        for (int i = 0; i < read.pairs().size(); i++) {
            List<String> problems = validator.pair(read.pairs().get(i), seen);
            if (problems.isEmpty()) {
                good.add(read.pairs().get(i));
            } else {
                errors.add(new CsvImportResult.RowError(parsed.pairLines().get(i), capitalized(problems)));
            }
        }
        errors.sort(java.util.Comparator.comparingLong(CsvImportResult.RowError::line));
        if (!good.isEmpty() && (errors.isEmpty() || acceptValid)) {
            addPairs(jobId, good);
        }
        return new CsvImportResult(read.format(), good.stream()
                .map(p -> new MailboxPairRequest(p.sourceMailbox(), p.targetMailbox(), p.sourceUser(), null,
                        p.targetUser(), null, p.sourceRoot()))
                .toList(), errors);
    }

    private static String capitalized(List<String> problems) {
        String all = String.join(" ", problems);
        return Character.toUpperCase(all.charAt(0)) + all.substring(1);
    }

    /** The job's pairs in the pairs CSV layout, without passwords. */
    public String exportPairs(String jobId) {
        return csv.export(pairs(jobId));
    }

    /** Parses a pairs CSV without storing anything (the panel's grid import). */
    public CsvImportResult parseCsv(String text) {
        return csv.parse(text);
    }

    public MatchResult match(MatchRequest request) {
        return matching.match(request);
    }

    /** The report of the job's last run: one report per pair (its last pass) and the job's verdict. */
    public JobReport report(String jobId) {
        Job job = get(jobId);
        List<MailboxPair> all = pairs.list(jobId).stream().map(runner::live).toList();
        List<MailboxReport> reports = all.stream().map(p -> PairReports.current(p, pairs.report(p.id()).orElse(null)))
                .toList();
        boolean verified = !all.isEmpty() && all.stream().allMatch(p -> p.state() == MailboxState.COMPLETED);
        Instant start = job.lastRunStartedAt();
        Instant end = job.lastRunEndedAt();
        long millis = start != null && end != null ? Duration.between(start, end).toMillis() : 0;
        String verdict = runner.isRunning(jobId) ? "Running: " + JobVerdict.of(reports) : JobVerdict.of(reports);
        return new JobReport(job.id(), job.name(), job.state(), start, end, millis, verified, verdict, reports);
    }

    public MailboxReport pairReport(String jobId, String pairId) {
        MailboxPair pair = storedPair(jobId, pairId);
        return PairReports.current(runner.live(pair), pairs.report(pairId).orElse(null));
    }

    static AppException jobNotFound(String id) {
        return AppException.notFound("job_not_found", "There is no job with id " + id + ".");
    }

    static AppException pairNotFound(String jobId, String pairId) {
        return AppException.notFound("pair_not_found", "Job " + jobId + " has no mailbox pair with id " + pairId + ".");
    }

    static AppException jobRunning(Job job) {
        return new AppException(AppException.Kind.CONFLICT, "job_running",
                "Job '" + job.name() + "' is running; stop it or wait until it ends.");
    }

    private MailboxPair storedPair(String jobId, String pairId) {
        return pairs.find(pairId).filter(p -> p.jobId().equals(jobId)).orElseThrow(() -> pairNotFound(jobId, pairId));
    }

    private void refuseWhileRunning(Job job) {
        if (runner.isRunning(job.id())) {
            throw jobRunning(job);
        }
    }

    private Job withProgress(Job job) {
        return nextRuns.apply(summaries.withSummary(job));
    }

    private static List<MailboxPairRequest> normalized(List<MailboxPairRequest> requests) {
        return requests.stream().map(p -> new MailboxPairRequest(p.sourceMailbox().strip(), p.targetMailbox().strip(),
                p.sourceUser(), p.sourcePassword(), p.targetUser(), p.targetPassword(), p.sourceRoot())).toList();
    }
}
