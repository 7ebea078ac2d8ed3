package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Trigger;

/** The real Quartz scheduler fires a schedule's triggers (one, a fraction of a second ahead), and the plan's edges. */
class QuartzTriggerDriverTest {
    @Test
    void quartzShouldFireTheStartTriggerWithTheJobId() throws Exception {
        Instant now = Clock.systemUTC().instant();
        SchedulePlan plan = new SchedulePlan("job-1", new JobSchedule(now.plusMillis(300), List.of(), null, null,
                null), ZoneId.of("UTC"));
        BlockingQueue<String> fired = new LinkedBlockingQueue<>();
        try (QuartzTriggerDriver driver = new QuartzTriggerDriver()) {
            driver.start(fired::add);
            driver.replace("job-1", plan.triggers(now));

            assertThat(fired.poll(10, TimeUnit.SECONDS)).isEqualTo("job-1");
            driver.replace("job-1", List.of());
        }
    }

    /** A machine suspended over the delta's time: Quartz finds the trigger late by more than its threshold (60 s). */
    @Test
    void aRecurringDeltaWakeUpMissedByMinutesShouldStillComeAtOnce() throws Exception {
        Instant now = Clock.systemUTC().instant();
        SchedulePlan plan = new SchedulePlan("job-1", new JobSchedule(now.minus(Duration.ofHours(24).plusMinutes(2)),
                List.of(), 24, null, null), ZoneId.of("UTC"));
        BlockingQueue<String> fired = new LinkedBlockingQueue<>();
        try (QuartzTriggerDriver driver = new QuartzTriggerDriver()) {
            driver.start(fired::add);
            // registered three minutes ago, then the machine slept past the first delta's time (two minutes ago)
            driver.replace("job-1", plan.triggers(now.minus(Duration.ofMinutes(3))));

            assertThat(fired.poll(10, TimeUnit.SECONDS)).as("the late wake-up").isEqualTo("job-1");
            driver.replace("job-1", List.of());
        }
    }

    @Test
    void planShouldWakeEveryHourInItsZoneWhenItHasPeriodsAndNeverWithout() {
        Instant now = Instant.parse("2025-05-01T10:00:00Z");
        SchedulePlan plan = new SchedulePlan("job-1", new JobSchedule(now, List.of("Mon-Fri 19-07", "Sat-Sun 0-24"),
                24, null, "Europe/Berlin"), ZoneId.of("UTC"));

        List<Trigger> triggers = plan.triggers(now);

        assertThat(triggers).filteredOn(t -> t instanceof CronTrigger).singleElement().satisfies(t -> {
            assertThat(((CronTrigger) t).getCronExpression()).isEqualTo("0 0 * ? * *");
            assertThat(((CronTrigger) t).getTimeZone().getRawOffset()).isEqualTo(3_600_000);
        });
        assertThat(new SchedulePlan("job-2", new JobSchedule(now, List.of(), 24, null, null), ZoneId.of("UTC"))
                .triggers(now)).as("no periods: nothing to wake for").noneMatch(t -> t instanceof CronTrigger);
        assertThat(plan.activeAt(Instant.parse("2025-05-01T17:00:00Z"))).as("19:00 in Berlin").isTrue();
        assertThat(plan.nextActive(Instant.parse("2025-05-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2025-05-01T17:00:00Z"));
        assertThat(plan.deltaAfter(now)).isEqualTo(now.plus(Duration.ofHours(24)));
        SchedulePlan longAgo = new SchedulePlan("job-3", new JobSchedule(now.minus(Duration.ofDays(30)), List.of(), 1,
                null, null), ZoneId.of("UTC"));
        assertThat(longAgo.triggers(now)).as("registered from its next time: no late wake-ups by the hundred")
                .singleElement().satisfies(t -> assertThat(t.getStartTime().toInstant()).isEqualTo(now));
    }
}
