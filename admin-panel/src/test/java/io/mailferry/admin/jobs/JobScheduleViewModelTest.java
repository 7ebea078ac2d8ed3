package io.mailferry.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.job.JobSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Jobs tab's schedule dialog: see, change and remove the schedule of an existing job. */
class JobScheduleViewModelTest {
    private final FakeServiceClient client = new FakeServiceClient();
    private final JobScheduleViewModel vm = new JobScheduleViewModel(client, new DirectRunner(), "j1", "Wave 1",
            ZoneId.of("Europe/Berlin"));
    private final AtomicInteger done = new AtomicInteger();

    @Test
    void loadShouldShowTheSavedScheduleInTheFieldsAndItsNextRun() {
        client.schedules.put("j1", new JobSchedule(Instant.parse("2099-01-01T18:00:00Z"),
                List.of("Mon-Fri 19-07", "Sat-Sun 0-24"), 24, Instant.parse("2099-01-31T23:00:00Z"),
                "Europe/Berlin"));

        vm.load();

        assertThat(vm.form().scheduled().get()).isTrue();
        assertThat(vm.form().startDate().get()).isEqualTo(LocalDate.of(2099, 1, 1));
        assertThat(vm.form().startTime().get()).isEqualTo("19:00");
        assertThat(vm.form().windows().get()).isEqualTo("Mon-Fri 19-07\nSat-Sun 0-24");
        assertThat(vm.form().deltaEveryHours().get()).isEqualTo("24");
        assertThat(vm.form().cutOver().get()).isEqualTo(LocalDate.of(2099, 2, 1));
        assertThat(vm.status().get()).isEqualTo("Next pass 2099-01-01T18:00:00Z.");
        assertThat(vm.saved().get()).isTrue();
        assertThat(vm.form().schedule()).as("unchanged fields give back the saved schedule")
                .isEqualTo(client.schedules.get("j1"));
    }

    @Test
    void aScheduleSavedInAnotherZoneShouldKeepItsZoneItsExactStartAndItsCutOverWhenAnotherFieldChanges() {
        Instant start = Instant.parse("2099-01-01T15:00:23.456Z"); // "now" when saved from the command line
        Instant cutOver = Instant.parse("2099-01-31T17:30:00Z");
        client.schedules.put("j1", new JobSchedule(start, List.of("Mon-Fri 19-07"), 24, cutOver, "America/New_York"));
        vm.load();
        assertThat(vm.form().zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(vm.form().startTime().get()).as("10:00 in New York").isEqualTo("10:00");

        vm.form().windows().set("Mon-Fri 20-06");
        vm.save(done::incrementAndGet);

        assertThat(client.schedules.get("j1")).isEqualTo(new JobSchedule(start, List.of("Mon-Fri 20-06"), 24, cutOver,
                "America/New_York"));
        vm.form().cutOver().set(LocalDate.of(2099, 3, 1));
        vm.save(done::incrementAndGet);
        assertThat(client.schedules.get("j1").deltaUntil()).as("a cut-over changed: midnight in the schedule's zone")
                .isEqualTo(Instant.parse("2099-03-01T05:00:00Z"));
        assertThat(client.schedules.get("j1").startAt()).isEqualTo(start);
    }

    @Test
    void aJobWithoutScheduleShouldSaySoWithoutAnError() {
        vm.load();
        assertThat(vm.edited()).isFalse();
        vm.form().scheduled().set(true);
        assertThat(vm.edited()).as("a change the admin made: Close asks first").isTrue();
        vm.form().scheduled().set(false);

        assertThat(vm.status().get()).isEqualTo(JobScheduleViewModel.NONE);
        assertThat(vm.saved().get()).isFalse();
        assertThat(vm.form().scheduled().get()).isFalse();
        assertThat(vm.activity().error().get()).isNull();
        assertThat(vm.canSave().get()).isFalse();
    }

    @Test
    void saveShouldReplaceTheScheduleAndWrongFieldsShouldBeRefusedWithTheWizardsSentence() {
        vm.load();
        vm.form().scheduled().set(true);
        vm.form().windows().set("Workdays 19-07");
        assertThat(vm.error().get()).contains("\"Workdays\"");
        assertThat(vm.canSave().get()).isFalse();
        vm.save(done::incrementAndGet);
        assertThat(client.schedules).isEmpty();

        vm.form().windows().set("Mon-Fri 19-07");
        vm.form().deltaEveryHours().set("12");
        vm.save(done::incrementAndGet);

        assertThat(done).hasValue(1);
        assertThat(client.schedules.get("j1")).isEqualTo(new JobSchedule(null, List.of("Mon-Fri 19-07"), 12, null,
                "Europe/Berlin"));
        assertThat(vm.saved().get()).isTrue();
        assertThat(vm.status().get()).startsWith("Next pass ");
    }

    @Test
    void removeShouldDeleteTheScheduleAndARefusalShouldShowItsSentence() {
        client.schedules.put("j1", new JobSchedule(null, List.of(), 24, null, "Europe/Berlin"));
        vm.load();

        vm.remove(done::incrementAndGet);

        assertThat(done).hasValue(1);
        assertThat(client.schedules).isEmpty();
        assertThat(client.calls).contains("removeSchedule j1");
        assertThat(vm.saved().get()).isFalse();
        assertThat(vm.status().get()).isEqualTo(JobScheduleViewModel.NONE);

        vm.form().scheduled().set(true);
        client.refuseSchedule = new ServiceException(400, "validation_failed", "The schedule ends before it starts.");
        vm.save(done::incrementAndGet);
        assertThat(done).hasValue(1);
        assertThat(vm.activity().error().get()).isEqualTo("The schedule ends before it starts.");
    }
}
