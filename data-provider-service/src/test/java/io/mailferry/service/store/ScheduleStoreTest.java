package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleStoreTest {
    @TempDir
    Path dir;

    @Test
    void scheduleShouldReadBackAfterReopeningAndGoWithItsJob() {
        JobSchedule schedule = new JobSchedule(StoreFixture.T0, List.of("Mon-Fri 19-07", "Sat-Sun 0-24"), 24,
                StoreFixture.T0.plus(Duration.ofDays(30)), "Europe/Berlin");
        try (StoreFixture f = new StoreFixture(dir)) {
            f.jobWithPairs("j1", "anna@old");
            ScheduleStore store = new ScheduleStore(f.db);
            store.save("j1", schedule, StoreFixture.T0);
            store.savePaused("j1", true);
            store.saveNextPass("j1", StoreFixture.T0.plus(Duration.ofHours(24)));
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            ScheduleStore store = new ScheduleStore(f.db);
            ScheduleStore.Stored read = store.find("j1").orElseThrow();
            assertThat(read.schedule()).isEqualTo(schedule);
            assertThat(read.paused()).isTrue();
            assertThat(read.nextPassAt()).isEqualTo(StoreFixture.T0.plus(Duration.ofHours(24)));
            assertThat(store.jobIds()).containsExactly("j1");

            f.jobs.delete("j1");
            assertThat(store.find("j1")).isEmpty();
        }
    }

    @Test
    void savingAgainShouldReplaceTheScheduleAndMakeItsStartDue() {
        try (StoreFixture f = new StoreFixture(dir)) {
            f.jobWithPairs("j1", "anna@old");
            ScheduleStore store = new ScheduleStore(f.db);
            store.save("j1", new JobSchedule(StoreFixture.T0, List.of(), 0, null, null), StoreFixture.T0);
            store.savePaused("j1", true);
            Instant later = StoreFixture.T0.plus(Duration.ofDays(1));

            store.save("j1", new JobSchedule(later, List.of("Sat 0-24"), 12, null, null), StoreFixture.T0);

            ScheduleStore.Stored read = store.find("j1").orElseThrow();
            assertThat(read.schedule().activityPeriods()).containsExactly("Sat 0-24");
            assertThat(read.nextPassAt()).isEqualTo(later);
            assertThat(read.paused()).isFalse();
            assertThat(store.delete("j1")).isTrue();
            assertThat(store.delete("j1")).isFalse();
        }
    }
}
