package io.mailferry.service.store;

import io.mailferry.model.job.JobSchedule;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code job_schedule} table: one schedule per job, with the scheduler's own state (the pass due next, a pass
 * paused outside the activity periods). Deleting a job deletes its schedule. Thread-safe.
 */
public final class ScheduleStore {
    private static final String SELECT = "SELECT job_id, start_at, activity_periods, delta_every_hours, delta_until, "
            + "time_zone, next_pass_at, paused, refusal FROM job_schedule";

    /**
     * A saved schedule and its state.
     *
     * @param refusal why its last pass did not start or started only partly, until one starts; null when none was
     */
    public record Stored(String jobId, JobSchedule schedule, Instant nextPassAt, boolean paused, String refusal) {
    }

    private final Database database;

    public ScheduleStore(Database database) {
        this.database = database;
    }

    /**
     * Saves the schedule of a job (replacing one it had); its first pass becomes due at {@code schedule.startAt()},
     * which must be set, and nothing is paused any more.
     */
    public void save(String jobId, JobSchedule schedule, Instant now) {
        database.jdbi().useHandle(h -> h.createUpdate("INSERT INTO job_schedule (job_id, start_at, activity_periods, "
                        + "delta_every_hours, delta_until, time_zone, next_pass_at, paused, updated_at) VALUES (:job, "
                        + ":start, :periods, :every, :until, :zone, :start, 0, :now) ON CONFLICT (job_id) DO UPDATE "
                        + "SET start_at = excluded.start_at, activity_periods = excluded.activity_periods, "
                        + "delta_every_hours = excluded.delta_every_hours, delta_until = excluded.delta_until, "
                        + "time_zone = excluded.time_zone, next_pass_at = excluded.next_pass_at, paused = 0, "
                        + "updated_at = excluded.updated_at")
                .bind("job", jobId).bind("start", schedule.startAt().toEpochMilli())
                .bind("periods", StoreJson.write(schedule.activityPeriods()))
                .bind("every", schedule.deltaEveryHours()).bind("until", millis(schedule.deltaUntil()))
                .bind("zone", schedule.timeZone()).bind("now", now.toEpochMilli()).execute());
    }

    public Optional<Stored> find(String jobId) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE job_id = :job").bind("job", jobId)
                .map((rs, ctx) -> new Stored(rs.getString("job_id"), new JobSchedule(
                        Instant.ofEpochMilli(rs.getLong("start_at")),
                        Arrays.asList(StoreJson.read(rs.getString("activity_periods"), String[].class)),
                        rs.getInt("delta_every_hours"), JobStore.instant(JobStore.nullableLong(rs, "delta_until")),
                        rs.getString("time_zone")),
                        JobStore.instant(JobStore.nullableLong(rs, "next_pass_at")), rs.getInt("paused") != 0,
                        rs.getString("refusal")))
                .findOne());
    }

    /** The ids of the jobs that have a schedule. */
    public List<String> jobIds() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT job_id FROM job_schedule ORDER BY job_id")
                .mapTo(String.class).list());
    }

    /** The pass due next; null when none is. */
    public void saveNextPass(String jobId, Instant at) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE job_schedule SET next_pass_at = :at WHERE job_id = :job")
                .bind("job", jobId).bind("at", millis(at)).execute());
    }

    /** Why the last pass did not start or started only partly; null once one started. */
    public void saveRefusal(String jobId, String refusal) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE job_schedule SET refusal = :r WHERE job_id = :job")
                .bind("job", jobId).bind("r", refusal).execute());
    }

    public void savePaused(String jobId, boolean paused) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE job_schedule SET paused = :p WHERE job_id = :job")
                .bind("job", jobId).bind("p", paused ? 1 : 0).execute());
    }

    /** Removes the job's schedule; false when it had none. */
    public boolean delete(String jobId) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM job_schedule WHERE job_id = :job")
                .bind("job", jobId).execute()) > 0;
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
