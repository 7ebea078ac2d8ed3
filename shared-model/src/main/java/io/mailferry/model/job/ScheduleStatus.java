package io.mailferry.model.job;

import java.time.Instant;

/**
 * A job's schedule as the service keeps it, with what it will do next.
 *
 * @param schedule  the definition as saved
 * @param timeZone  the zone its activity periods are read in (the saved one, or the service machine's)
 * @param nextRunAt when a pass next starts or resumes; null when the schedule will start nothing more (past its
 *                  cut-over, or its first pass is running and no delta recurs)
 * @param paused    a pass is paused outside the activity periods and resumes at {@code nextRunAt}
 * @param summary   one sentence for the admin, e.g. "Paused outside its activity periods; resumes Mon 19:00."
 */
public record ScheduleStatus(JobSchedule schedule, String timeZone, Instant nextRunAt, boolean paused,
        String summary) {
}
