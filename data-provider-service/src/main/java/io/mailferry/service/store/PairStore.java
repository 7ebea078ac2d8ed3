package io.mailferry.service.store;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The {@code mailbox_pair} table: the pairs of each job in insertion order, their per-pair passwords sealed with
 * {@link SecretCipher} (context {@code pair:<id>:source|target}, so a sealed password moved to another row does not
 * decrypt), and the last pass's state, progress, verdict and report (JSON). Passwords leave this class only through
 * {@link #sourcePassword}/{@link #targetPassword}. Thread-safe.
 */
public final class PairStore {
    private static final String SELECT = "SELECT id, job_id, source_mailbox, target_mailbox, source_user, "
            + "source_password IS NOT NULL AS has_sp, target_user, target_password IS NOT NULL AS has_tp, state, "
            + "progress_json, error, verdict, last_run_started_at, last_run_ended_at, source_root, resume_at, paused_by FROM mailbox_pair";

    private final Database database;
    private final SecretCipher cipher;

    public PairStore(Database database, SecretCipher cipher) {
        this.database = database;
        this.cipher = cipher;
    }

    /** Thrown by {@link #insert} when the job already has a pair for that source mailbox. */
    public static final class DuplicateSourceException extends RuntimeException {
        public DuplicateSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Adds pairs (state NEW) after the job's existing ones, all or none.
     *
     * @throws DuplicateSourceException when a source mailbox is already paired in this job
     */
    public List<MailboxPair> insert(String jobId, List<MailboxPairRequest> pairs) {
        List<String> ids = new ArrayList<>();
        try {
            database.jdbi().useTransaction(h -> {
                int position = h.createQuery("SELECT COALESCE(MAX(position), 0) FROM mailbox_pair WHERE job_id = :j")
                        .bind("j", jobId).mapTo(Integer.class).one();
                PreparedBatch batch = h.prepareBatch("INSERT INTO mailbox_pair (id, job_id, position, "
                        + "source_mailbox, target_mailbox, source_user, source_password, target_user, "
                        + "target_password, source_root, state) VALUES (:id, :job, :pos, :sm, :tm, :su, :sp, :tu, :tp, :root, "
                        + "'NEW')");
                for (MailboxPairRequest p : pairs) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    batch.bind("id", id).bind("job", jobId).bind("pos", ++position)
                            .bind("sm", p.sourceMailbox()).bind("tm", p.targetMailbox())
                            .bind("su", blankToNull(p.sourceUser())).bind("sp", seal(id, "source", p.sourcePassword()))
                            .bind("tu", blankToNull(p.targetUser())).bind("tp", seal(id, "target", p.targetPassword()))
                            .bind("root", blankToNull(p.sourceRoot()))
                            .add();
                }
                if (!pairs.isEmpty()) {
                    batch.execute();
                }
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw new DuplicateSourceException("A source mailbox is already paired in this job.", e);
            }
            throw e;
        }
        return ids.stream().map(id -> find(id).orElseThrow()).toList();
    }

    /** The pairs of a job in the order they were added. */
    public List<MailboxPair> list(String jobId) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE job_id = :j ORDER BY position")
                .bind("j", jobId).map((rs, ctx) -> row(rs)).list()).stream().map(PairStore::toPair).toList();
    }

    /** At most {@code limit} pairs of a job from the {@code offset}-th on (0-based), in the order they were added. */
    public List<MailboxPair> page(String jobId, int offset, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE job_id = :j ORDER BY position "
                        + "LIMIT :limit OFFSET :offset")
                .bind("j", jobId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> row(rs)).list()).stream().map(PairStore::toPair).toList();
    }

    /** How many pairs the job has. */
    public int count(String jobId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM mailbox_pair WHERE job_id = :j")
                .bind("j", jobId).mapTo(Integer.class).one());
    }

    /**
     * How many pairs of a job are in one state, how many of them know their item total (above 0), and their stored
     * progress summed.
     */
    public record StateTotals(String jobId, MailboxState state, int pairs, int knownTotals, Progress progress) {
    }

    /**
     * Per job (one job, or every job when {@code jobId} is null) and stored state: the pairs counted, with the last
     * pass's counts, bytes and throttled time summed (rates 0, ETA unknown). Pairs whose ids are in {@code excluded}
     * are left out (the caller adds them with their live state). Read from an index alone: no pair's JSON is parsed.
     */
    public List<StateTotals> totals(String jobId, Collection<String> excluded) {
        String sql = "SELECT job_id, state, COUNT(*) AS pairs, SUM(items_total > 0) AS known, "
                + "SUM(items_total) AS it, SUM(items_done) AS id, "
                + "SUM(items_copied) AS ic, SUM(items_skipped) AS isk, SUM(items_failed) AS ifl, "
                + "SUM(bytes_total) AS bt, SUM(bytes_done) AS bd, SUM(throttled_millis) AS tm FROM mailbox_pair "
                + "WHERE " + (jobId == null ? "" : "job_id = :j AND ")
                + "id NOT IN (SELECT value FROM json_each(:excluded)) GROUP BY job_id, state";
        return database.jdbi().withHandle(h -> h.createQuery(sql)
                .bind("j", jobId).bind("excluded", StoreJson.write(List.copyOf(excluded)))
                .map((rs, ctx) -> new StateTotals(rs.getString("job_id"), MailboxState.valueOf(rs.getString("state")),
                        rs.getInt("pairs"), rs.getInt("known"), new Progress(rs.getLong("it"), rs.getLong("id"), rs.getLong("ic"),
                        rs.getLong("isk"), rs.getLong("ifl"), rs.getLong("bt"), rs.getLong("bd"), 0, 0, -1, null,
                        rs.getLong("tm"))))
                .list());
    }

    public Optional<MailboxPair> find(String pairId) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", pairId)
                .map((rs, ctx) -> row(rs)).findOne()).map(PairStore::toPair);
    }

    /** The first pairs of one job in one state, in pair order, and how many of its pairs are in that state. */
    public record StateSample(String jobId, String jobName, int count, List<MailboxPair> first) {
    }

    /** For each job with pairs in {@code state}: at most {@code perJob} of them and their count (alerts). */
    public List<StateSample> sample(MailboxState state, int perJob) {
        return database.jdbi().withHandle(h -> {
            List<StateSample> result = new ArrayList<>();
            h.createQuery("SELECT p.job_id, j.name, COUNT(*) AS n FROM mailbox_pair p JOIN job j ON j.id = p.job_id "
                            + "WHERE p.state = :s GROUP BY p.job_id, j.name ORDER BY p.job_id")
                    .bind("s", state.name())
                    .map((rs, ctx) -> new StateSample(rs.getString("job_id"), rs.getString("name"), rs.getInt("n"),
                            List.of()))
                    .list()
                    .forEach(job -> result.add(new StateSample(job.jobId(), job.jobName(), job.count(),
                            h.createQuery(SELECT + " WHERE job_id = :j AND state = :s ORDER BY position LIMIT :n")
                                    .bind("j", job.jobId()).bind("s", state.name()).bind("n", perJob)
                                    .map((rs, ctx) -> row(rs)).list().stream().map(PairStore::toPair).toList())));
            return result;
        });
    }

    public Optional<Secret> sourcePassword(String pairId) {
        return password(pairId, "source");
    }

    public Optional<Secret> targetPassword(String pairId) {
        return password(pairId, "target");
    }

    /**
     * Replaces a pair's own logins (users and passwords, sealed again; blank = none) and keeps everything else, its
     * ledger included; false when the pair does not exist.
     */
    public boolean updateLogins(String pairId, MailboxPairRequest logins) {
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE mailbox_pair SET source_user = :su, "
                        + "source_password = :sp, target_user = :tu, target_password = :tp WHERE id = :id")
                .bind("id", pairId)
                .bind("su", blankToNull(logins.sourceUser())).bind("sp", seal(pairId, "source", logins.sourcePassword()))
                .bind("tu", blankToNull(logins.targetUser())).bind("tp", seal(pairId, "target", logins.targetPassword()))
                .execute()) > 0;
    }

    /** Deletes a pair with its ledger; false when it did not exist. */
    public boolean delete(String pairId) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM mailbox_pair WHERE id = :id")
                .bind("id", pairId).execute()) > 0;
    }

    public void saveState(String pairId, MailboxState state) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE mailbox_pair SET state = :s WHERE id = :id")
                .bind("id", pairId).bind("s", state.name()).execute());
    }

    /** A pass was requested or began: state, start instant; the previous pass's error and pause are cleared. */
    public void markStarted(String pairId, MailboxState state, Instant startedAt) {
        markStarted(List.of(pairId), state, startedAt);
    }

    /** {@link #markStarted(String, MailboxState, Instant)} for many pairs in one transaction. */
    public void markStarted(Collection<String> pairIds, MailboxState state, Instant startedAt) {
        database.jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("UPDATE mailbox_pair SET state = :s, error = NULL, "
                    + "last_run_started_at = :at, last_run_ended_at = NULL, resume_at = NULL, paused_by = NULL, "
                    + "schedule_paused = 0 WHERE id = :id");
            for (String id : pairIds) {
                batch.bind("id", id).bind("s", state.name()).bind("at", startedAt.toEpochMilli()).add();
            }
            if (!pairIds.isEmpty()) {
                batch.execute();
            }
        });
    }

    /**
     * A pass ended: its report (state, verdict, error come from it), final progress (with the time it waited for
     * throttling servers) and end instant.
     */
    public void saveOutcome(String pairId, MailboxReport report, Progress progress, Instant endedAt) {
        saveOutcome(pairId, report, progress, endedAt, null);
    }

    /**
     * As {@link #saveOutcome(String, MailboxReport, Progress, Instant)}, and in the same transaction the pass joins
     * the pair's pass history ({@link PassStore}) when {@code kind} is given.
     */
    public void saveOutcome(String pairId, MailboxReport report, Progress progress, Instant endedAt, RunKind kind) {
        // in turn with the writes of the passes still running (Database#durableWrites)
        database.inTurn(() -> database.jdbi().useTransaction(h -> {
            saveOutcome(h, pairId, report, progress, endedAt);
            if (kind != null) {
                PassStore.insert(h, pairId, kind, report, progress, endedAt);
            }
        }));
    }

    private static void saveOutcome(Handle h, String pairId, MailboxReport report, Progress progress,
            Instant endedAt) {
        h.createUpdate("UPDATE mailbox_pair SET state = :s, error = :error, "
                        + "verdict = :verdict, progress_json = :progress, report_json = :report, "
                        + "throttled_millis = :throttled, items_total = :it, items_done = :id2, items_copied = :ic, "
                        + "items_skipped = :isk, items_failed = :ifl, bytes_total = :bt, bytes_done = :bd, "
                        + "last_run_ended_at = :at WHERE id = :id")
                .bind("id", pairId).bind("s", report.state().name()).bind("error", report.error())
                .bind("it", progress.itemsTotal()).bind("id2", progress.itemsDone())
                .bind("ic", progress.itemsCopied()).bind("isk", progress.itemsSkipped())
                .bind("ifl", progress.itemsFailed()).bind("bt", progress.bytesTotal())
                .bind("bd", progress.bytesDone())
                .bind("verdict", report.verdict()).bind("progress", StoreJson.write(progress))
                .bind("report", StoreJson.write(report)).bind("throttled", progress.throttledMillis())
                .bind("at", endedAt.toEpochMilli()).execute();
    }

    /** Throttled time summed over passes, and how many of them were throttled at all. */
    public record ThrottledPasses(long millis, int mailboxes) {
    }

    /**
     * The throttled time of every pair's last pass that ended at or after {@code since} (a pair running now has no end
     * yet and is left out: its live progress tells).
     */
    public ThrottledPasses throttledSince(Instant since) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(throttled_millis), 0) AS millis, "
                        + "COUNT(*) AS mailboxes FROM mailbox_pair WHERE throttled_millis > 0 "
                        + "AND last_run_ended_at >= :since")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> new ThrottledPasses(rs.getLong("millis"), rs.getInt("mailboxes"))).one());
    }

    /** Ends a pair's pass without a report (it never ran, e.g. stopped while queued, or refused). */
    public void saveError(String pairId, MailboxState state, String error, Instant endedAt) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE mailbox_pair SET state = :s, error = :error, "
                        + "last_run_ended_at = :at WHERE id = :id")
                .bind("id", pairId).bind("s", state.name()).bind("error", error)
                .bind("at", endedAt.toEpochMilli()).execute());
    }

    /** The report of the pair's last finished pass, if any. */
    public Optional<MailboxReport> report(String pairId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT report_json FROM mailbox_pair WHERE id = :id "
                        + "AND report_json IS NOT NULL").bind("id", pairId).mapTo(String.class).findOne())
                .map(json -> StoreJson.read(json, MailboxReport.class));
    }

    /**
     * Pairs a crash left QUEUED, RUNNING or STOPPING become STOPPED with {@code error}; returns how many. The ledger
     * holds what they had done, so the next pass resumes exactly.
     */
    /**
     * The pairs a crash left QUEUED or RUNNING, by job id in pair order, leaving out jobs the admin was stopping (call
     * before {@link #markInterrupted(String)}).
     */
    public java.util.Map<String, List<String>> interrupted() {
        java.util.Map<String, List<String>> byJob = new java.util.LinkedHashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("SELECT p.job_id, p.id FROM mailbox_pair p JOIN job j "
                        + "ON j.id = p.job_id WHERE p.state IN ('QUEUED', 'RUNNING') AND j.state <> 'STOPPING' "
                        + "ORDER BY p.job_id, p.position")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byJob.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        return byJob;
    }

    /**
     * Of the given pairs, those a shutdown just left STOPPED become QUEUED again, so that the next start finds them
     * interrupted and resumes them; returns how many.
     */
    public int markResumable(Collection<String> pairIds) {
        if (pairIds.isEmpty()) {
            return 0;
        }
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE mailbox_pair SET state = 'QUEUED' "
                        + "WHERE state = 'STOPPED' AND id IN (<ids>)")
                .bindList("ids", List.copyOf(pairIds)).execute());
    }

    public int markInterrupted(String error) {
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE mailbox_pair SET state = 'STOPPED', "
                        + "error = :e WHERE state IN ('QUEUED', 'RUNNING', 'STOPPING')").bind("e", error).execute());
    }

    /** Distinct source mailboxes (per source connection) that have ever started a pass: the seats consumed. */
    public int startedSourceMailboxes() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT DISTINCT "
                + "j.source_connection_id, lower(p.source_mailbox) FROM mailbox_pair p JOIN job j ON j.id = p.job_id "
                + "WHERE p.last_run_started_at IS NOT NULL)").mapTo(Integer.class).one());
    }

    /**
     * The job's pairs a pass is running or about to run are stopped by its schedule (an activity period ended): the
     * next period resumes them ({@link #pausedBySchedule}); pairs the admin stopped are not marked.
     */
    public void markSchedulePaused(String jobId) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE mailbox_pair SET schedule_paused = 1 WHERE job_id = :job "
                + "AND state IN ('QUEUED', 'RUNNING')").bind("job", jobId).execute());
    }

    /**
     * {@link #markSchedulePaused(String)} for pairs already stopped: interrupted by a restart outside the periods, or
     * paused by a server's limit that ended outside them.
     */
    public void markSchedulePaused(Collection<String> pairIds) {
        if (pairIds.isEmpty()) {
            return;
        }
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE mailbox_pair SET schedule_paused = 1 WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(pairIds)).execute());
    }

    /** The job's STOPPED pairs its schedule stopped ({@link #markSchedulePaused}) and no pass has started since. */
    public java.util.Set<String> pausedBySchedule(String jobId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM mailbox_pair WHERE job_id = :job "
                + "AND state = 'STOPPED' AND schedule_paused = 1").bind("job", jobId).mapTo(String.class).set());
    }

    /** The pair waits for a server's limit until {@code pause.resumeAt()} (set after its pass ended STOPPED). */
    public void savePause(String pairId, MailboxPause pause) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE mailbox_pair SET resume_at = :at, paused_by = :by "
                        + "WHERE id = :id")
                .bind("id", pairId).bind("at", pause.resumeAt().toEpochMilli()).bind("by", pause.by()).execute());
    }

    /** The paused pairs (a pause is set) of one job, or of every job when {@code jobId} is null, soonest first. */
    public List<MailboxPair> paused(String jobId, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE resume_at IS NOT NULL "
                        + (jobId == null ? "" : "AND job_id = :j ") + "ORDER BY resume_at, job_id, position LIMIT :n")
                .bind("j", jobId).bind("n", limit)
                .map((rs, ctx) -> row(rs)).list()).stream().map(PairStore::toPair).toList();
    }

    private Optional<Secret> password(String pairId, String side) {
        Optional<byte[]> sealed = database.jdbi().withHandle(h -> h.createQuery("SELECT " + side + "_password "
                        + "FROM mailbox_pair WHERE id = :id AND " + side + "_password IS NOT NULL")
                .bind("id", pairId).mapTo(byte[].class).findOne());
        return sealed.map(bytes -> new Secret(cipher.decrypt(bytes, context(pairId, side))));
    }

    private byte[] seal(String pairId, String side, Secret secret) {
        return secret == null || secret.isBlank() ? null : cipher.encrypt(secret.value(), context(pairId, side));
    }

    private static String context(String pairId, String side) {
        return "pair:" + pairId + ":" + side;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static PairRow row(ResultSet rs) throws SQLException {
        return new PairRow(rs.getString("id"), rs.getString("job_id"), rs.getString("source_mailbox"),
                rs.getString("target_mailbox"), rs.getString("source_user"), rs.getBoolean("has_sp"),
                rs.getString("target_user"), rs.getBoolean("has_tp"), rs.getString("state"),
                rs.getString("progress_json"), rs.getString("error"), rs.getString("verdict"),
                JobStore.nullableLong(rs, "last_run_started_at"), JobStore.nullableLong(rs, "last_run_ended_at"),
                rs.getString("source_root"), JobStore.nullableLong(rs, "resume_at"), rs.getString("paused_by"));
    }

    private static MailboxPair toPair(PairRow r) {
        Progress progress = r.progressJson() == null ? Progress.empty() : StoreJson.read(r.progressJson(), Progress.class);
        return new MailboxPair(r.id(), r.jobId(), r.sourceMailbox(), r.targetMailbox(), r.sourceUser(), r.targetUser(),
                r.hasSourcePassword(), r.hasTargetPassword(), MailboxState.valueOf(r.state()), progress, r.error(),
                r.verdict(), JobStore.instant(r.lastRunStartedAt()), JobStore.instant(r.lastRunEndedAt()),
                r.sourceRoot(), r.resumeAt() == null ? null : new MailboxPause(JobStore.instant(r.resumeAt()),
                r.pausedBy()));
    }
}
