package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.ScheduleStatus;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.store.ScheduleStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler over the real runner, store and engine with fake mail servers; its triggers follow the test's clock
 * ({@link ClockTriggerDriver}), so days of a schedule pass in milliseconds. The fixture's clock starts on Thursday
 * 2025-05-01 10:00 UTC; the schedules here are read in UTC.
 */
class JobSchedulerTest {
    private static final Instant THURSDAY_10 = Instant.parse("2025-05-01T10:00:00Z");

    @TempDir
    Path dir;
    RunnerFixture f;
    ClockTriggerDriver triggers;
    JobScheduler scheduler;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
        scheduler = newScheduler();
    }

    private JobScheduler newScheduler() {
        triggers = new ClockTriggerDriver(f.clock);
        JobScheduler s = new JobScheduler(f.jobStore, f.pairStore, new ScheduleStore(f.db), f.runner, triggers,
                f.clock, ZoneId.of("UTC"));
        f.jobs.nextRunsFrom(s::withNextRun);
        return s.start();
    }

    @AfterEach
    void close() {
        scheduler.close();
        f.close();
    }

    /** One pair at a time; CREATE_DUPLICATE leaves only the ledger between a resumed pass and a duplicate. */
    private static JobOptions ledgerOnly() {
        return new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null, 1, null, null);
    }

    @Test
    void periodEndingMidPassShouldPauseAndTheNextOneResumeWithoutLossOrDuplicates() throws Exception {
        Job job = f.job(ledgerOnly(), 30, "anna");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);

        scheduler.save(job.id(), new JobSchedule(null, List.of("Thu 10-11"), null, null, null));
        assertThat(f.runner.isRunning(job.id())).as("inside its period from the start").isTrue();
        await(tenAppended);
        triggers.advanceTo(Instant.parse("2025-05-01T11:30:00Z")); // the period ends at 11:00 while items are copied
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.STOPPING);
        release.countDown();
        f.awaitIdle(job.id());

        int onTarget = f.server("anna@new").messages("INBOX").size();
        assertThat(onTarget).as("copied before the pause").isBetween(10, 29);
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.STOPPED);
        ScheduleStatus paused = scheduler.status(job.id());
        assertThat(paused.paused()).isTrue();
        assertThat(paused.nextRunAt()).isEqualTo(Instant.parse("2025-05-08T10:00:00Z"));
        assertThat(paused.summary()).isEqualTo("Paused outside its activity periods; resumes Thu 8 May 2025 10:00 (UTC).");
        assertThat(f.jobs.get(job.id()).nextRunAt()).isEqualTo(paused.nextRunAt());

        triggers.advanceTo(Instant.parse("2025-05-07T23:00:00Z"));
        assertThat(f.runner.isRunning(job.id())).as("nothing runs outside the period").isFalse();
        triggers.advanceTo(Instant.parse("2025-05-08T10:00:00Z"));
        assertThat(f.runner.isRunning(job.id())).as("resumed when the next period began").isTrue();
        f.awaitIdle(job.id());

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(subjects("anna@new")).hasSize(30).isEqualTo(subjects("anna@old"));
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(30);
        assertThat(scheduler.status(job.id()).paused()).isFalse();
    }

    @Test
    void theNextPeriodShouldResumeOnlyThePairsTheScheduleStoppedNotThoseTheAdminStopped() throws Exception {
        Job job = f.job(ledgerOnly(), 30, "anna", "bert");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);
        scheduler.save(job.id(), new JobSchedule(null, List.of("Thu 10-11"), null, null, null));
        await(tenAppended);
        String bert = f.pairStore.list(job.id()).get(1).id();
        f.runner.stop(job.id(), List.of(bert)); // the admin stops bert's mailbox by hand
        triggers.advanceTo(Instant.parse("2025-05-01T11:30:00Z")); // then the period ends: the schedule stops anna
        release.countDown();
        f.awaitIdle(job.id());
        assertThat(f.pairStore.list(job.id())).extracting(p -> p.state().name()).containsExactly("STOPPED",
                "STOPPED");

        triggers.advanceTo(Instant.parse("2025-05-08T10:00:00Z"));
        f.awaitIdle(job.id());
        assertThat(f.pairStore.list(job.id())).extracting(p -> p.state().name()).as("anna resumed, bert left stopped")
                .containsExactly("COMPLETED", "STOPPED");
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(30);
    }

    @Test
    void aResumeRefusedForSeatsShouldResumeTheMailboxesThatHoldThem() throws Exception {
        f.license.install(io.mailferry.service.testing.TestLicenses.ofThisRun().issue("Contoso Ltd", 3,
                f.clock.instant().plus(Duration.ofDays(365))));
        Job job = f.job(ledgerOnly(), 30, "anna", "bob", "carl");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);
        scheduler.save(job.id(), new JobSchedule(null, List.of("Thu 10-11"), null, null, null));
        await(tenAppended);
        triggers.advanceTo(Instant.parse("2025-05-01T11:30:00Z")); // the period ends: bob and carl never began
        release.countDown();
        f.awaitIdle(job.id());
        assertThat(f.license.state().seatsUsed()).isEqualTo(1);
        Job other = f.job(JobOptions.defaults(), 1, "dave", "erin"); // meanwhile another job takes the last seats
        f.runner.start(other.id(), io.mailferry.model.job.RunKind.FULL, List.of());
        f.awaitIdle(other.id());

        triggers.advanceTo(Instant.parse("2025-05-08T10:00:00Z"));
        f.awaitIdle(job.id());

        assertThat(f.server("anna@new").messages("INBOX")).as("anna holds her seat: resumed").hasSize(30);
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();
        assertThat(scheduler.status(job.id()).summary()).contains("started only partly");
    }

    @Test
    void mailboxesAResumeLeftWaitingForSeatsShouldResumeOnceAKeyWithSeatsIsIn() throws Exception {
        f.license.install(io.mailferry.service.testing.TestLicenses.ofThisRun().issue("Contoso Ltd", 3,
                f.clock.instant().plus(Duration.ofDays(365))));
        Job job = f.job(ledgerOnly(), 30, "anna", "bob", "carl");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);
        scheduler.save(job.id(), new JobSchedule(null, List.of("Thu 10-12"), null, null, null));
        await(tenAppended);
        triggers.advanceTo(Instant.parse("2025-05-01T12:30:00Z")); // the period ends: bob and carl never began
        release.countDown();
        f.awaitIdle(job.id());
        Job other = f.job(JobOptions.defaults(), 1, "dave", "erin"); // meanwhile another job takes the last seats
        f.runner.start(other.id(), io.mailferry.model.job.RunKind.FULL, List.of());
        f.awaitIdle(other.id());
        CountDownLatch resumedRelease = new CountDownLatch(1);
        CountDownLatch resumed = holdAfterTenAppends("anna@new", resumedRelease);
        triggers.advanceTo(Instant.parse("2025-05-08T10:00:00Z")); // only anna holds a seat
        await(resumed);
        assertThat(scheduler.status(job.id()).paused()).as("anna's pass runs: not paused").isFalse();
        assertThat(scheduler.status(job.id()).summary()).startsWith("Running; ").contains("started only partly");
        resumedRelease.countDown();
        f.awaitIdle(job.id());
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();

        f.license.install(io.mailferry.service.testing.TestLicenses.ofThisRun().issue("Contoso Ltd", 10,
                f.clock.instant().plus(Duration.ofDays(365))));
        triggers.advanceTo(Instant.parse("2025-05-08T11:00:00Z")); // the next wake-up, still inside the period
        f.awaitIdle(job.id());

        assertThat(f.server("bob@new").messages("INBOX")).as("resumed once seats were there").hasSize(30);
        assertThat(f.server("carl@new").messages("INBOX")).hasSize(30);
        assertThat(scheduler.status(job.id()).paused()).isFalse();
    }

    @Test
    void editingAPausedScheduleShouldStillResumeItsMailboxesWhenThePeriodBegins() throws Exception {
        Job job = f.job(ledgerOnly(), 30, "anna");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);
        ScheduleStatus first = scheduler.save(job.id(), new JobSchedule(null, List.of("Thu 10-11"), null, null, null));
        await(tenAppended);
        triggers.advanceTo(Instant.parse("2025-05-01T11:30:00Z"));
        release.countDown();
        f.awaitIdle(job.id());
        assertThat(scheduler.status(job.id()).paused()).isTrue();

        // periods that do not include the time of the edit (11:30): only the next period may resume the mailboxes
        scheduler.save(job.id(), new JobSchedule(first.schedule().startAt(), List.of("Thu 9-11"), null, null, null));
        triggers.advanceTo(Instant.parse("2025-05-08T10:30:00Z"));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).as("resumed in the next period").hasSize(30);
    }

    @Test
    void aPassStartedByHandOutsideThePeriodsShouldRunToItsEnd() throws Exception {
        Job job = f.job(ledgerOnly(), 30, "anna");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tenAppended = holdAfterTenAppends("anna@new", release);
        scheduler.save(job.id(), new JobSchedule(null, List.of("Mon-Fri 19-07"), null, null, null));
        assertThat(f.runner.isRunning(job.id())).as("10:00: outside").isFalse();
        f.runner.start(job.id(), io.mailferry.model.job.RunKind.FULL, List.of()); // the admin presses Start
        await(tenAppended);
        triggers.advanceTo(Instant.parse("2025-05-01T13:30:00Z")); // three hourly wake-ups outside the periods
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.RUNNING);
        release.countDown();
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(30);
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void startOutsideThePeriodsShouldWaitForTheNextOne() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");

        ScheduleStatus saved = scheduler.save(job.id(), new JobSchedule(null, List.of("Mon-Fri 19-07",
                "Sat-Sun 0-24"), null, null, null));

        assertThat(f.runner.isRunning(job.id())).isFalse();
        assertThat(saved.nextRunAt()).isEqualTo(Instant.parse("2025-05-01T19:00:00Z"));
        triggers.advanceTo(Instant.parse("2025-05-01T19:00:00Z"));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(3);
        assertThat(scheduler.status(job.id()).nextRunAt()).as("no delta recurs").isNull();
    }

    @Test
    void aZoneWrittenAsAnOffsetShouldHaveItsWindowsBeginAtItsOwnHours() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        // 10:00 UTC is 11:00 at UTC+1; the window begins at 19:00 there, 18:00 UTC
        scheduler.save(job.id(), new JobSchedule(null, List.of("Mon-Fri 19-07", "Sat-Sun 0-24"), null, null,
                "UTC+1"));
        assertThat(f.runner.isRunning(job.id())).isFalse();
        triggers.advanceTo(Instant.parse("2025-05-01T18:00:00Z"));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).as("copied from 19:00 at UTC+1").hasSize(3);
    }

    @Test
    void aPeriodBeginningInTheHourDaylightSavingTimeSkipsShouldBeginAtTheNextHourThatExists() throws Exception {
        f.clock.set(Instant.parse("2026-03-26T10:00:00Z")); // a Thursday; Sunday 29 March skips 02:00 in Berlin
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        scheduler.save(job.id(), new JobSchedule(null, List.of("Sun 2-6"), null, null, "Europe/Berlin"));
        assertThat(f.runner.isRunning(job.id())).isFalse();
        triggers.advanceTo(Instant.parse("2026-03-29T02:30:00Z")); // 04:30 in Berlin, inside the period
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).as("copied on the Sunday itself").hasSize(3);
    }

    @Test
    void editingASavedScheduleShouldNotStartAnotherPass() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        ScheduleStatus first = scheduler.save(job.id(), new JobSchedule(null, List.of(), 24, null, null));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(2);
        f.server("anna@old").add("INBOX", Messages.message("later", "<later@x>"));

        ScheduleStatus edited = scheduler.save(job.id(), new JobSchedule(first.schedule().startAt(),
                List.of("Mon-Sun 0-24"), 24, null, null));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).as("no pass started by the edit").hasSize(2);
        assertThat(edited.nextRunAt()).isEqualTo(THURSDAY_10.plus(Duration.ofHours(24)));
    }

    @Test
    void recurringDeltaShouldRunEveryNHoursUntilTheCutOver() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        Instant cutOver = THURSDAY_10.plus(Duration.ofHours(72));

        scheduler.save(job.id(), new JobSchedule(null, List.of(), 24, cutOver, null));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(2);
        assertThat(scheduler.status(job.id()).nextRunAt()).isEqualTo(THURSDAY_10.plus(Duration.ofHours(24)));

        f.server("anna@old").add("INBOX", Messages.message("day 1", "<day1@x>"));
        triggers.advanceTo(THURSDAY_10.plus(Duration.ofHours(30)));
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).lastRunStartedAt()).isEqualTo(THURSDAY_10.plus(Duration.ofHours(24)));
        assertThat(f.jobs.report(job.id()).mailboxes().get(0).itemsCopied()).isEqualTo(1);

        f.server("anna@old").add("INBOX", Messages.message("day 2", "<day2@x>"));
        triggers.advanceTo(THURSDAY_10.plus(Duration.ofHours(50)));
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).lastRunStartedAt()).isEqualTo(THURSDAY_10.plus(Duration.ofHours(48)));
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(4);

        f.server("anna@old").add("INBOX", Messages.message("after cut-over", "<late@x>"));
        triggers.advanceTo(THURSDAY_10.plus(Duration.ofDays(10)));
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).lastRunStartedAt()).as("no pass at or after the cut-over")
                .isEqualTo(THURSDAY_10.plus(Duration.ofHours(48)));
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(4);
        ScheduleStatus done = scheduler.status(job.id());
        assertThat(done.nextRunAt()).isNull();
        assertThat(done.summary()).isEqualTo("The cut-over has passed; no more scheduled passes.");
    }

    @Test
    void deltaDueWhileAPassRunsShouldStartWhenItEnds() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders") && blocked.getCount() > 0) {
                blocked.countDown();
                await(release);
            }
        });
        scheduler.save(job.id(), new JobSchedule(null, List.of(), 1, null, null));
        await(blocked);

        triggers.advanceTo(THURSDAY_10.plus(Duration.ofMinutes(90))); // the 11:00 delta falls due mid-pass
        release.countDown();

        awaitTrue(() -> f.jobs.get(job.id()).lastRunStartedAt().equals(THURSDAY_10.plus(Duration.ofMinutes(90))));
        f.awaitIdle(job.id());
        assertThat(scheduler.status(job.id()).nextRunAt()).isEqualTo(THURSDAY_10.plus(Duration.ofHours(2)));
    }

    @Test
    void schedulesShouldSurviveARestartAndStartWhatFellDueMeanwhile() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        Instant start = THURSDAY_10.plus(Duration.ofHours(1));
        scheduler.save(job.id(), new JobSchedule(start, List.of("Thu 0-24"), 24, null, "UTC"));
        scheduler.close();

        f.clock.set(start.plus(Duration.ofMinutes(5))); // the service was down when the first pass fell due
        scheduler = newScheduler();

        assertThat(triggers.triggers(job.id())).as("rebuilt from the store").isNotEmpty();
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(2);
        ScheduleStatus status = scheduler.status(job.id());
        assertThat(status.schedule().activityPeriods()).containsExactly("Thu 0-24");
        assertThat(status.nextRunAt()).as("Friday's delta waits for Thursday").isEqualTo(
                Instant.parse("2025-05-08T00:00:00Z"));
    }

    @Test
    void removedScheduleShouldStartNothing() throws Exception {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        scheduler.save(job.id(), new JobSchedule(THURSDAY_10.plus(Duration.ofHours(1)), List.of(), null, null, null));

        scheduler.remove(job.id());
        triggers.advanceTo(THURSDAY_10.plus(Duration.ofHours(3)));

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.NEW);
        assertThat(f.jobs.get(job.id()).nextRunAt()).isNull();
        assertThatThrownBy(() -> scheduler.status(job.id())).isInstanceOf(AppException.class)
                .hasMessage("Job " + job.id() + " has no schedule.");
    }

    /** A date the plan's arithmetic cannot carry was stored, and every later listing of jobs failed. */
    @Test
    void datesBeyondTheYear9999ShouldBeRefusedBeforeTheyAreStored() {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        Instant far = Instant.parse("+292278994-08-17T07:00:00Z");

        assertThatThrownBy(() -> scheduler.save(job.id(), new JobSchedule(far, List.of(), 1, null, null)))
                .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.problems()).containsExactly(
                        "The date +292278994-08-17T07:00:00Z must fall in the years 2000 to 9999."));
        assertThatThrownBy(() -> scheduler.save(job.id(), new JobSchedule(null, List.of(), 1,
                Instant.parse("+300000000-01-01T00:00:00Z"), null)))
                .isInstanceOf(AppException.class).hasMessageContaining("must fall in the years 2000 to 9999");
        assertThat(scheduler.nextRunAt(job.id())).as("nothing stored").isEmpty();
    }

    @Test
    void saveShouldRefuseABadScheduleWithPlainSentences() {
        Job job = f.job(JobOptions.defaults(), 1, "anna");

        assertThatThrownBy(() -> scheduler.save(job.id(), new JobSchedule(null, List.of("Mon-Fry 19-07", "Sat 7-7"),
                9000, THURSDAY_10.minusSeconds(60), "Mars/Olympus")))
                .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.problems()).containsExactly(
                        "\"Fry\" in the activity period \"Mon-Fry 19-07\" is not a day of the week (Mon, Tue, Wed, "
                                + "Thu, Fri, Sat, Sun).",
                        "An activity period from 7 to 7 has no hours; write 0-24 for a whole day.",
                        "Delta passes recur every 1 to 8760 hours, not 9000.",
                        "The cut-over (2025-05-01T09:59:00Z) must be after the start (2025-05-01T10:00:00Z).",
                        "\"Mars/Olympus\" is not a time zone; use a name such as Europe/Berlin."));
        assertThat(f.runner.isRunning(job.id())).isFalse();
    }

    @Test
    void crashLeftRunningPairsShouldResumeByThemselvesAndBeReported() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna", "bob");
        List<MailboxPair> pairs = f.jobs.pairs(job.id());
        f.pairStore.markStarted(pairs.get(0).id(), MailboxState.RUNNING, f.clock.instant());
        f.jobStore.markStarted(job.id(), JobState.RUNNING, f.clock.instant());

        f.runner.recoverInterrupted();
        JobRunner.Resumed resumed = f.runner.resumeInterrupted(scheduler::mayRunNow);
        f.awaitIdle(job.id());

        assertThat(resumed.jobs()).isEqualTo(1);
        assertThat(resumed.mailboxes()).as("only the pair that was running").isEqualTo(1);
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::state)
                .containsExactly(MailboxState.COMPLETED, MailboxState.NEW);
        DashboardService dashboard = new DashboardService(f.runner, f.pairStore, f.connections, f.clock);
        assertThat(dashboard.alerts()).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo("JOBS_RESUMED");
            assertThat(a.message()).isEqualTo("The service restarted at 2025-05-01 10:00 and resumed 1 mailbox of "
                    + "1 job that was running when it stopped.");
        });
    }

    @Test
    void shutdownShouldLeaveThePairsItStopsToResumeAtTheNextStartButNotThoseTheAdminStopped() throws Exception {
        Job job = f.job(ledgerOnly().withDeletionSync(false), 20, "anna", "bob");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.server("anna@new").hook((point, folder) -> {
            if (point.equals("appended") && started.getCount() > 0) {
                started.countDown();
                await(release);
            }
        });
        f.runner.start(job.id(), io.mailferry.model.job.RunKind.FULL, List.of());
        await(started);
        MailboxPair bob = f.jobs.pairs(job.id()).get(1);
        f.runner.stop(job.id(), List.of(bob.id())); // the admin stops bob, still queued behind anna
        f.runner.resumeAfterClose();

        String annaId = f.jobs.pairs(job.id()).get(0).id();
        Thread closing = new Thread(f.runner::close);
        closing.start();
        awaitTrue(() -> f.runner.livePairs().stream().anyMatch(p -> p.pairId().equals(annaId)
                && p.state() == MailboxState.STOPPING)); // close() has asked anna to stop
        assertThat(closing.isAlive()).as("close() waits for anna's batch in flight").isTrue();
        release.countDown();
        closing.join(20_000);

        MailboxPair anna = f.jobs.pairs(job.id()).get(0);
        assertThat(anna.state()).isEqualTo(MailboxState.QUEUED);
        assertThat(f.pairStore.interrupted()).containsExactly(java.util.Map.entry(job.id(), List.of(anna.id())));
        assertThat(f.jobs.pairs(job.id()).get(1).state()).isEqualTo(MailboxState.STOPPED);
    }

    @Test
    void aPassTheLicenseRefusesShouldBeSaidInTheSchedulesSummaryUntilOneStarts() throws Exception {
        f.license.remove();
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        f.runner.start(job.id(), io.mailferry.model.job.RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        f.clock.advance(Duration.ofDays(31)); // the trial has ended

        ScheduleStatus status = scheduler.save(job.id(), new JobSchedule(null, List.of(), 24, null, null));

        assertThat(f.runner.isRunning(job.id())).isFalse();
        assertThat(status.summary()).startsWith("Next pass ").contains(" The last scheduled pass did not start: The"
                + " 30-day trial ended on 2025-05-31; enter a license key to continue.");
        assertThat(scheduler.status(job.id()).summary()).isEqualTo(status.summary());
        scheduler.close();
        scheduler = newScheduler(); // the service restarts
        assertThat(scheduler.status(job.id()).summary()).as("still said after a restart")
                .contains(" The last scheduled pass did not start: The 30-day trial ended on 2025-05-31;");

        f.license.install(io.mailferry.service.testing.TestLicenses.ofThisRun().issue("Contoso Ltd", 5,
                f.clock.instant().plus(Duration.ofDays(365))));
        triggers.advanceTo(f.clock.instant().plus(Duration.ofHours(24)));
        f.awaitIdle(job.id());
        assertThat(scheduler.status(job.id()).summary()).doesNotContain("did not start");
    }

    /** A secret.key replaced under the service: the connection's password no longer decrypts. */
    @Test
    void aConnectionSecretThatNoLongerDecryptsShouldBeSaidByAStartTheScheduleAndTheDirectory() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        f.db.jdbi().useHandle(h -> h.execute("UPDATE connection SET secret = x'01020304'"));

        assertThatThrownBy(() -> f.runner.start(job.id(), io.mailferry.model.job.RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("connection_secret_unreadable");
                    assertThat(e.getMessage()).startsWith("The job's source connection '")
                            .endsWith("': A stored secret is damaged or of an unknown format.");
                });
        ScheduleStatus status = scheduler.save(job.id(), new JobSchedule(null, List.of(), 24, null, null));

        assertThat(f.runner.isRunning(job.id())).isFalse();
        assertThat(status.summary()).contains("The last scheduled pass did not start: The job's source connection '")
                .contains("A stored secret is damaged or of an unknown format.");
        // the directory of the connection (the panel's mailbox list, jobs match): the same 422, not a 500
        assertThatThrownBy(() -> f.runner.directories().mailboxes(f.connections.find("src").orElseThrow()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("connection_secret_unreadable");
                    assertThat(e.getMessage()).isEqualTo("Connection 'src': A stored secret is damaged or of an"
                            + " unknown format.");
                });
    }

    @Test
    void aScheduledDeltaShouldKeepTheMailboxesWithSeatsInSyncWhenNewOnesHaveNone() throws Exception {
        Job job = annaCopiedWithTheOnlySeatThenBertAdded();

        triggers.advanceTo(THURSDAY_10.plus(Duration.ofHours(25)));
        f.awaitIdle(job.id());

        assertThat(f.server("anna@new").messages("INBOX")).as("anna's seat is hers: kept in sync").hasSize(3);
        assertThat(f.server("bert@new").messages("INBOX")).as("no seat for bert").isEmpty();
        assertThat(scheduler.status(job.id()).summary()).contains("license seats are used")
                .contains("The mailbox that has migrated before ran; the others wait for seats.");
    }

    @Test
    void aMailboxWithASeatThatAServersLimitPausedShouldWaitForItsTimeEvenWhenOthersLackSeats() throws Exception {
        Job job = annaCopiedWithTheOnlySeatThenBertAdded();
        f.pairStore.savePause(f.pairStore.list(job.id()).get(0).id(), new io.mailferry.model.mailbox.MailboxPause(
                THURSDAY_10.plus(Duration.ofDays(3)), "the server's daily limit"));

        triggers.advanceTo(THURSDAY_10.plus(Duration.ofHours(25)));
        f.awaitIdle(job.id());

        assertThat(f.server("anna@new").messages("INBOX")).as("paused until its own time").hasSize(2);
        assertThat(scheduler.status(job.id()).summary()).contains("The last scheduled pass did not start:");
    }

    @Test
    void crashLeftRunningJobOutsideItsPeriodsShouldWaitForTheNextOne() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        scheduler.save(job.id(), new JobSchedule(THURSDAY_10.plus(Duration.ofDays(1)), List.of("Fri 0-24"), null,
                null, null));
        MailboxPair pair = f.jobs.pairs(job.id()).get(0);
        f.pairStore.markStarted(pair.id(), MailboxState.RUNNING, f.clock.instant());
        f.jobStore.markStarted(job.id(), JobState.RUNNING, f.clock.instant());

        f.runner.recoverInterrupted();
        JobRunner.Resumed resumed = f.runner.resumeInterrupted(scheduler::mayRunNow);

        assertThat(resumed.held()).isEqualTo(1);
        assertThat(f.runner.isRunning(job.id())).isFalse();
        assertThat(scheduler.status(job.id()).paused()).isTrue();
        triggers.advanceTo(Instant.parse("2025-05-02T00:00:00Z"));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(3);
    }

    private Set<String> subjects(String mailbox) {
        return f.server(mailbox).messages("INBOX").stream().map(FakeMailServer.Stored::text)
                .map(t -> t.lines().filter(l -> l.startsWith("Subject:")).findFirst().orElse(""))
                .collect(Collectors.toSet());
    }

    /**
     * A key of one seat; anna's two messages copied by a schedule with a daily delta (her seat); then bert added, who has
     * one message and no seat, and a message more for anna.
     */
    private Job annaCopiedWithTheOnlySeatThenBertAdded() throws InterruptedException {
        f.license.install(io.mailferry.service.testing.TestLicenses.ofThisRun().issue("Contoso Ltd", 1,
                f.clock.instant().plus(Duration.ofDays(365))));
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        scheduler.save(job.id(), new JobSchedule(null, List.of(), 24, null, null));
        f.awaitIdle(job.id());
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(2);
        f.server("bert@old").add("INBOX", Messages.message("bert's", "<b@x>"));
        f.server("bert@new");
        f.jobs.addPairs(job.id(), List.of(io.mailferry.model.mailbox.MailboxPairRequest.of("bert@old", "bert@new")));
        f.server("anna@old").add("INBOX", Messages.message("day 1", "<day1@x>"));
        return job;
    }

    /** Holds the mailbox's writer after its tenth item until {@code release}; the latch returned opens then. */
    private CountDownLatch holdAfterTenAppends(String mailbox, CountDownLatch release) {
        CountDownLatch tenAppended = new CountDownLatch(1);
        AtomicInteger appended = new AtomicInteger();
        f.server(mailbox).hook((point, folder) -> {
            if (point.equals("appended") && appended.incrementAndGet() == 10) {
                tenAppended.countDown();
                await(release);
            }
        });
        return tenAppended;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("waited 20 s in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
