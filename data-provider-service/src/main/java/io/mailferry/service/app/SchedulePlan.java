package io.mailferry.service.app;

import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.WeeklyGrid;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * One job's schedule made concrete: its activity periods as a weekly grid in its time zone, and the Quartz triggers
 * that wake the scheduler when something may change: the first pass, each recurring delta (a simple trigger every N
 * hours from the start until the cut-over), and each hour at which an activity period begins or ends (cron triggers
 * in the schedule's zone). When a delta is due is Quartz's arithmetic ({@link Trigger#getFireTimeAfter}), never ours.
 * Immutable.
 */
final class SchedulePlan {

    private final String jobId;
    private final JobSchedule schedule;
    private final ZoneId zone;
    private final WeeklyGrid grid;
    private final Trigger delta;

    SchedulePlan(String jobId, JobSchedule schedule, ZoneId defaultZone) {
        this.jobId = jobId;
        this.schedule = schedule;
        this.zone = schedule.timeZone() == null ? defaultZone : ZoneId.of(schedule.timeZone());
        this.grid = WeeklyGrid.of(schedule.periods());
        this.delta = schedule.recurring()
                ? deltaTrigger(schedule.startAt().plus(Duration.ofHours(schedule.deltaEveryHours()))) : null;
    }

    ZoneId zone() {
        return zone;
    }

    /** Whether {@code at} lies inside the activity periods. */
    boolean activeAt(Instant at) {
        ZonedDateTime t = at.atZone(zone);
        return grid.isActive(t.getDayOfWeek(), t.getHour());
    }

    /** The first instant at or after {@code at} inside the activity periods; null when there is none. */
    Instant nextActive(Instant at) {
        if (activeAt(at)) {
            return at;
        }
        ZonedDateTime hour = at.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i <= WeeklyGrid.HOURS + 1; i++) { // one more than a week for the hour a DST change repeats
            hour = hour.plusHours(1);
            if (grid.isActive(hour.getDayOfWeek(), hour.getHour())) {
                return hour.toInstant();
            }
        }
        return null;
    }

    /** When the next recurring delta falls due after {@code at}; null when none recurs or the cut-over is reached. */
    Instant deltaAfter(Instant at) {
        if (delta == null) {
            return null;
        }
        Date next = delta.getFireTimeAfter(Date.from(at));
        return next == null ? null : next.toInstant();
    }

    /** Whether a pass may still start at {@code at} (the cut-over is later, or there is none). */
    boolean beforeCutOver(Instant at) {
        return schedule.deltaUntil() == null || at.isBefore(schedule.deltaUntil());
    }

    /** The triggers that wake the scheduler for this job from {@code now} on. */
    List<Trigger> triggers(Instant now) {
        JobKey key = new JobKey(jobId, QuartzTriggerDriver.GROUP);
        List<Trigger> triggers = new ArrayList<>();
        if (schedule.startAt().isAfter(now)) {
            triggers.add(TriggerBuilder.newTrigger().withIdentity("start", jobId).forJob(key)
                    .startAt(Date.from(schedule.startAt()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        }
        Date nextDelta = delta == null ? null : delta.getFireTimeAfter(Date.from(now.minusMillis(1)));
        if (nextDelta != null) {
            // from its next time on: one that fell due before now is the wake-up's that follows registering (which
            // starts what is due), never a burst of every late one since the schedule's start
            triggers.add(deltaTrigger(nextDelta.toInstant()));
        }
        if (hasEdges()) {
            // every hour on the hour in the schedule's zone (normalized: "UTC+1" is a ZoneId with a fixed offset,
            // which TimeZone does not know by that name and would take for GMT; as the offset itself it is read
            // right): a wake-up only looks at the clock, so the hours that are no period's edge change nothing, and
            // an edge in the hour daylight saving time skips (02:00 on the spring-forward Sunday, which a trigger at
            // that hour would leave for a week) is found at the next hour that exists
            triggers.add(TriggerBuilder.newTrigger().withIdentity("period-edges", jobId).forJob(key)
                    .startAt(Date.from(now))
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 0 * ? * *")
                            .inTimeZone(TimeZone.getTimeZone(zone.normalized()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build());
        }
        return triggers;
    }

    /** True when some hour of the week begins or ends an activity period (false: always active, or never). */
    private boolean hasEdges() {
        for (int index = 0; index < WeeklyGrid.HOURS; index++) {
            int before = Math.floorMod(index - 1, WeeklyGrid.HOURS);
            if (grid.isActive(DayOfWeek.of(index / 24 + 1), index % 24)
                    != grid.isActive(DayOfWeek.of(before / 24 + 1), before % 24)) {
                return true;
            }
        }
        return false;
    }

    /** The recurring delta's wake-ups from {@code first} on (one of its times), or null when the cut-over is earlier. */
    private Trigger deltaTrigger(Instant first) {
        if (!beforeCutOver(first)) {
            return null;
        }
        TriggerBuilder<?> b = TriggerBuilder.newTrigger().withIdentity("delta", jobId)
                .forJob(new JobKey(jobId, QuartzTriggerDriver.GROUP)).startAt(Date.from(first))
                // a wake-up late by more than Quartz's misfire threshold (a suspended machine, a busy scheduler thread)
                // still comes, at once and on the old rhythm after it: skipped, the due delta would wait a whole
                // interval more (a wake-up only looks at the clock, so several late ones at once start one pass)
                .withSchedule(SimpleScheduleBuilder.repeatHourlyForever(schedule.deltaEveryHours())
                        .withMisfireHandlingInstructionIgnoreMisfires());
        if (schedule.deltaUntil() != null) {
            // Quartz's end time is inclusive; the cut-over is not
            b.endAt(Date.from(schedule.deltaUntil().minusMillis(1)));
        }
        return b.build();
    }
}
