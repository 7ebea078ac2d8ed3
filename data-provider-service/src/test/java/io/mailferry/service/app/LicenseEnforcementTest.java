package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job runner under the license: seats, the trial's item cap and end, refused passes that touch nothing. */
class LicenseEnforcementTest {
    @TempDir
    Path dir;
    RunnerFixture f;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void install(int seats, Duration valid) {
        f.license.install(TestLicenses.ofThisRun().issue("Contoso Ltd", seats, f.clock.instant().plus(valid)));
    }

    private void run(Job job, RunKind kind, String... pairIds) throws InterruptedException {
        f.runner.start(job.id(), kind, List.of(pairIds));
        f.awaitIdle(job.id());
    }

    @Test
    void seatsShouldBeCountedOnceAcrossReRunsAndDeltas() throws Exception {
        install(2, Duration.ofDays(365));
        Job job = f.job(JobOptions.defaults(), 3, "anna", "bob");

        run(job, RunKind.FULL);
        run(job, RunKind.FULL);
        f.server("anna@old").add("INBOX", Messages.message("new", "<new@x>"));
        run(job, RunKind.DELTA);
        run(job, RunKind.DELTA, f.jobs.pairs(job.id()).get(0).id());

        assertThat(f.license.state().seatsUsed()).isEqualTo(2);
        assertThat(f.license.state().message()).contains("all 2 seats are used");
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(4);
    }

    @Test
    void seatShouldStayTakenWhenTheJobIsDeleted() throws Exception {
        install(1, Duration.ofDays(365));
        Job first = f.job(JobOptions.defaults(), 1, "anna");
        run(first, RunKind.FULL);
        f.jobs.delete(first.id());

        Job again = f.job(JobOptions.defaults(), 1, "anna");
        run(again, RunKind.FULL);

        assertThat(f.license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void exhaustedSeatsShouldRefuseNewMailboxesAndStillRunCountedOnes() throws Exception {
        install(1, Duration.ofDays(365));
        Job job = f.job(JobOptions.defaults(), 2, "anna", "bob");
        List<String> ids = f.jobs.pairs(job.id()).stream().map(MailboxPair::id).toList();
        run(job, RunKind.FULL, ids.get(0));

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("license_seats_exhausted");
                    assertThat(e.getMessage()).isEqualTo("This pass needs 1 seat for mailboxes that have not migrated"
                            + " before, but all 1 license seats are used; install a key with more seats, or start"
                            + " only mailboxes that migrated before.");
                });
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();
        assertThat(f.runner.isRunning(job.id())).isFalse();

        run(job, RunKind.DELTA, ids.get(0));
        assertThat(f.license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void trialShouldCopyTenItemsPerFolderAndReportTheRestAsNotCopied() throws Exception {
        f.license.remove();
        Job job = f.job(JobOptions.defaults(), 14, "anna");

        run(job, RunKind.FULL);
        run(job, RunKind.DELTA);

        assertThat(f.server("anna@new").messages("INBOX")).hasSize(10);
        MailboxReport report = f.jobs.report(job.id()).mailboxes().get(0);
        assertThat(report.verdict()).contains("4 not copied (trial limit)");
        assertThat(report.issues()).hasSize(4).extracting(ItemIssue::reason)
                .containsOnly("not copied: trial limit of 10 items per folder");
        assertThat(f.license.state().seatsUsed()).isEqualTo(1);
    }

    @Test
    void trialShouldKeepDeletionSyncAndEveryOtherOption() throws Exception {
        f.license.remove();
        Job job = f.job(JobOptions.defaults().withDeletionSync(true), 3, "anna");
        run(job, RunKind.FULL);
        long gone = f.server("anna@old").messages("INBOX").get(1).uid();
        f.server("anna@old").removeMessage("INBOX", gone);

        run(job, RunKind.DELTA);

        assertThat(f.server("anna@new").messages("INBOX")).as("the copy of the deleted item went too").hasSize(2);
        assertThat(f.jobs.report(job.id()).mailboxes().get(0).deletedOnTarget()).isEqualTo(1);
    }

    @Test
    void keyShouldLiftTheTrialCapOnTheNextDelta() throws Exception {
        f.license.remove();
        Job job = f.job(JobOptions.defaults(), 14, "anna");
        run(job, RunKind.FULL);

        install(5, Duration.ofDays(365));
        run(job, RunKind.DELTA);

        assertThat(f.server("anna@new").messages("INBOX")).hasSize(14);
        assertThat(f.jobs.report(job.id()).verified()).isTrue();
    }

    @Test
    void endedTrialShouldRefusePassesWhileReportsStayReadable() throws Exception {
        f.license.remove();
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        run(job, RunKind.FULL);
        f.clock.advance(Duration.ofDays(31));
        f.server("anna@old").add("INBOX", Messages.message("late", "<late@x>"));

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.DELTA, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("trial_ended");
                    assertThat(e.getMessage()).startsWith("The 30-day trial ended on 2025-05-31; enter a license"
                            + " key to continue.").endsWith("Reports of earlier passes stay readable.")
                            .doesNotContain("Exception");
                });
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(3);
        assertThat(f.jobs.report(job.id()).verified()).isTrue();
        assertThat(f.jobs.report(job.id()).mailboxes().get(0).itemsCopied()).isEqualTo(3);
    }

    @Test
    void expiredKeyShouldRefusePassesAndLeaveWhatWasCopied() throws Exception {
        install(5, Duration.ofDays(10));
        Job job = f.job(JobOptions.defaults(), 12, "anna");
        run(job, RunKind.FULL);
        f.clock.advance(Duration.ofDays(10));

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.DELTA, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("license_expired");
                    assertThat(e.getMessage()).startsWith("The license for Contoso Ltd expired on 2025-05-11; enter"
                            + " a new key to continue.");
                });
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(12);
        assertThat(f.jobs.report(job.id()).mailboxes().get(0).itemsCopied()).isEqualTo(12);
    }

    /** One mailbox at a time; {@code release} lets the first one's writer go on after its fifth item. */
    private java.util.concurrent.CountDownLatch oneAtATimeHeldAfterFive(Job job, String target,
            java.util.concurrent.CountDownLatch release) {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger appended = new java.util.concurrent.atomic.AtomicInteger();
        f.server(target).hook((point, folder) -> {
            if (point.equals("appended") && appended.incrementAndGet() == 5) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        f.runner.start(job.id(), RunKind.FULL, List.of());
        return held;
    }

    private static JobOptions oneAtATime() {
        return new JobOptions(null, null, null, null, null, io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE,
                null, 1, null, null);
    }

    @Test
    void aPassStoppedBeforeItReachesAMailboxShouldTakeNoSeatForIt() throws Exception {
        install(5, Duration.ofDays(365));
        Job job = f.job(oneAtATime(), 10, "anna", "bob", "carl");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = oneAtATimeHeldAfterFive(job, "anna@new", release);
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        f.runner.stop(job.id(), List.of()); // e.g. a schedule's period ends
        release.countDown();
        f.awaitIdle(job.id());

        assertThat(f.license.state().seatsUsed()).as("only anna's pass began").isEqualTo(1);
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();
    }

    @Test
    void seatsHeldForMailboxesNotBegunYetShouldCountAgainstTheKey() throws Exception {
        install(2, Duration.ofDays(365));
        Job first = f.job(oneAtATime(), 10, "anna", "bob");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = oneAtATimeHeldAfterFive(first, "anna@new", release);
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(f.license.state().seatsUsed()).as("bob's seat not taken yet").isEqualTo(1);

        Job second = f.job(JobOptions.defaults(), 1, "carl");
        assertThatThrownBy(() -> f.runner.start(second.id(), RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class,
                        e -> assertThat(e.code()).isEqualTo("license_seats_exhausted"));
        release.countDown();
        f.awaitIdle(first.id());
        assertThat(f.license.state().seatsUsed()).isEqualTo(2);
        assertThat(f.server("bob@new").messages("INBOX")).hasSize(10);
    }

    private String pairOf(Job job, String who) {
        return f.pairStore.list(job.id()).stream().filter(p -> p.sourceMailbox().startsWith(who)).findFirst()
                .orElseThrow().id();
    }

    @Test
    void aQueuedMailboxStoppedByHandShouldEndAtOnceAndGiveItsSeatBack() throws Exception {
        install(2, Duration.ofDays(365));
        Job first = f.job(oneAtATime(), 10, "anna", "bob");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = oneAtATimeHeldAfterFive(first, "anna@new", release);
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String bob = pairOf(first, "bob");

        f.runner.stop(first.id(), List.of(bob)); // queued behind anna, who still runs

        assertThat(f.runner.isRunning(first.id(), bob)).as("ended now, not when a worker is free").isFalse();
        assertThat(f.runner.isRunning(first.id(), pairOf(first, "anna"))).isTrue();
        Job second = f.job(JobOptions.defaults(), 1, "carl");
        f.runner.start(second.id(), RunKind.FULL, List.of()); // the seat held for bob is free again
        release.countDown();
        f.awaitIdle(first.id());
        f.awaitIdle(second.id());
        assertThat(f.server("carl@new").messages("INBOX")).hasSize(1);
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(10);
        assertThat(f.license.state().seatsUsed()).isEqualTo(2);
    }

    @Test
    void aJobShouldEndWhenItsRunningMailboxEndsAfterAQueuedOneWasStopped() throws Exception {
        install(5, Duration.ofDays(365));
        Job job = f.job(oneAtATime(), 10, "anna", "bob");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = oneAtATimeHeldAfterFive(job, "anna@new", release);
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String anna = pairOf(job, "anna");
        String bob = pairOf(job, "bob");

        f.runner.stop(job.id(), List.of(bob));
        release.countDown();
        f.awaitIdle(job.id());

        assertThat(f.pairStore.find(bob).orElseThrow().state())
                .isEqualTo(io.mailferry.model.mailbox.MailboxState.STOPPED);
        assertThat(f.pairStore.find(anna).orElseThrow().state())
                .isEqualTo(io.mailferry.model.mailbox.MailboxState.COMPLETED);
        assertThat(f.runner.isRunning(job.id())).isFalse();
    }

    /** A stop right after a start may find every mailbox still waiting for a worker: the job ends all the same. */
    @Test
    void aJobStoppedRightAfterItsStartShouldEndEveryTime() throws Exception {
        install(50, Duration.ofDays(365));
        Job job = f.job(oneAtATime(), 2, "anna", "bob", "carl");
        for (int i = 0; i < 20; i++) {
            f.runner.start(job.id(), RunKind.DELTA, List.of());
            f.runner.stop(job.id(), List.of());
            f.awaitIdle(job.id());

            assertThat(f.runner.isRunning(job.id())).isFalse();
            assertThat(f.pairStore.list(job.id())).extracting(io.mailferry.model.mailbox.MailboxPair::state)
                    .doesNotContain(io.mailferry.model.mailbox.MailboxState.QUEUED,
                            io.mailferry.model.mailbox.MailboxState.RUNNING,
                            io.mailferry.model.mailbox.MailboxState.STOPPING);
        }
    }
}
