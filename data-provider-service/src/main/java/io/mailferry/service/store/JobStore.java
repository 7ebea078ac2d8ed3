package io.mailferry.service.store;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.Progress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code job} table. Options are kept as JSON; {@code mailboxCount} is counted from the pairs. Jobs come back with
 * {@link Progress#empty()}: live and stored progress is the job runner's business. Thread-safe.
 */
public final class JobStore {
    private static final String SELECT = "SELECT id, name, job_key, source_connection_id, target_connection_id, "
            + "options_json, state, verdict, created_at, last_run_started_at, last_run_ended_at, "
            + "(SELECT COUNT(*) FROM mailbox_pair p WHERE p.job_id = job.id) AS pair_count FROM job";

    private final Database database;

    public JobStore(Database database) {
        this.database = database;
    }

    /**
     * Inserts a job; {@code jobKey} may be null (jobs made in the panel have none).
     *
     * @throws IllegalStateException when another job already has that key
     */
    public Job insert(Job job, String jobKey) {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO job (id, name, job_key, source_connection_id, "
                        + "target_connection_id, options_json, state, verdict, created_at) VALUES (:id, :name, :key, "
                        + ":src, :tgt, :options, :state, :verdict, :created)")
                .bind("id", job.id()).bind("name", job.name()).bind("key", jobKey)
                .bind("src", job.sourceConnectionId()).bind("tgt", job.targetConnectionId())
                .bind("options", StoreJson.write(job.options())).bind("state", job.state().name())
                .bind("verdict", job.verdict()).bind("created", job.createdAt().toEpochMilli()).execute());
        return find(job.id()).orElseThrow();
    }

    public Optional<Job> find(String id) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne()).map(JobStore::toJob);
    }

    /** The job with this key (CLI migrations), if any. */
    public Optional<Job> findByKey(String jobKey) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE job_key = :k").bind("k", jobKey)
                .map((rs, ctx) -> row(rs)).findOne()).map(JobStore::toJob);
    }

    /** All jobs, newest first. */
    public List<Job> list() {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " ORDER BY created_at DESC, id")
                .map((rs, ctx) -> row(rs)).list()).stream().map(JobStore::toJob).toList();
    }

    /** Replaces name, connections and options; false when no job has that id. */
    public boolean update(String id, String name, String sourceConnectionId, String targetConnectionId,
            JobOptions options) {
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE job SET name = :name, source_connection_id = "
                        + ":src, target_connection_id = :tgt, options_json = :options WHERE id = :id")
                .bind("id", id).bind("name", name).bind("src", sourceConnectionId).bind("tgt", targetConnectionId)
                .bind("options", StoreJson.write(options)).execute()) > 0;
    }

    /** A run began: state and start instant (the end of the previous run is cleared). */
    public void markStarted(String id, JobState state, Instant startedAt) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE job SET state = :state, last_run_started_at = :at, "
                        + "last_run_ended_at = NULL WHERE id = :id")
                .bind("id", id).bind("state", state.name()).bind("at", startedAt.toEpochMilli()).execute());
    }

    public void saveState(String id, JobState state) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE job SET state = :state WHERE id = :id")
                .bind("id", id).bind("state", state.name()).execute());
    }

    /** A run ended: final state, verdict and end instant. */
    public void markEnded(String id, JobState state, String verdict, Instant endedAt) {
        // in turn with the writes of passes of other jobs still running (Database#durableWrites)
        database.inTurn(() -> database.jdbi().useHandle(h -> h.createUpdate("UPDATE job SET state = :state, "
                        + "verdict = :verdict, last_run_ended_at = :at WHERE id = :id")
                .bind("id", id).bind("state", state.name()).bind("verdict", verdict)
                .bind("at", endedAt.toEpochMilli()).execute()));
    }

    /** Deletes the job with its pairs and their ledgers; false when it did not exist. */
    public boolean delete(String id) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM job WHERE id = :id").bind("id", id)
                .execute()) > 0;
    }

    /** Jobs a crash left QUEUED, RUNNING or STOPPING become STOPPED; returns how many. */
    public int markInterrupted() {
        return database.jdbi().withHandle(h -> h.createUpdate("UPDATE job SET state = 'STOPPED' "
                + "WHERE state IN ('QUEUED', 'RUNNING', 'STOPPING')").execute());
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        return new JobRow(rs.getString("id"), rs.getString("name"), rs.getString("job_key"),
                rs.getString("source_connection_id"), rs.getString("target_connection_id"),
                rs.getString("options_json"), rs.getString("state"), rs.getString("verdict"),
                rs.getLong("created_at"), nullableLong(rs, "last_run_started_at"),
                nullableLong(rs, "last_run_ended_at"), rs.getInt("pair_count"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Job toJob(JobRow r) {
        return new Job(r.id(), r.name(), r.sourceConnectionId(), r.targetConnectionId(),
                StoreJson.read(r.optionsJson(), JobOptions.class), JobState.valueOf(r.state()), r.pairCount(),
                Progress.empty(), r.verdict(), Instant.ofEpochMilli(r.createdAt()), instant(r.lastRunStartedAt()),
                instant(r.lastRunEndedAt()));
    }
}
