package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.service.engine.fake.Messages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
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

    static JobOptions concurrency(int n) {
        return new JobOptions(null, null, null, null, null, null, null, n, null, null);
    }

    @Test
    void startShouldRefuseAStoredJobThatCombinesMoveModeAndDeletionSync() {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        JobOptions both = new JobOptions(null, null, null, null, null, null, true, null, null, null, true);
        f.jobStore.update(job.id(), job.name(), job.sourceConnectionId(), job.targetConnectionId(), both);

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("move_with_deletion_sync");
                    assertThat(e.getMessage()).isEqualTo("Job 'Job' combines move mode with deletion sync: one"
                            + " empties the source, the other follows it; edit the job to turn one of them off.");
                });
        assertThat(f.server("anna@new").messages("INBOX")).isEmpty();
        assertThat(f.server("anna@old").messages("INBOX")).hasSize(2);
        assertThat(f.runner.isRunning(job.id())).isFalse();
    }

    @Test
    void aStartWhoseWritesFailShouldLeaveTheJobStartableOnceTheDatabaseWritesAgain() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna");
        // the pairs' QUEUED state cannot be written (as on a full disk), after the job's RUNNING state was
        f.db.jdbi().useHandle(h -> h.execute("CREATE TRIGGER refuse BEFORE UPDATE OF state ON mailbox_pair "
                + "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"));

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                .hasMessageContaining("disk is full");
        assertThat(f.runner.isRunning(job.id())).as("nothing runs: the run is not kept").isFalse();
        assertThat(f.jobs.get(job.id()).state()).as("nor is it said to run").isEqualTo(job.state());

        f.db.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse"));
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void startShouldRunEveryPairAndRecordTheVerdict() throws Exception {
        Job job = f.job(JobOptions.defaults(), 4, "anna", "bob");

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        Job done = f.jobs.get(job.id());
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.verdict()).isEqualTo("All 8 source items of 2 mailboxes are on the target.");
        assertThat(done.progress().itemsDone()).isEqualTo(8);
        assertThat(done.lastRunEndedAt()).isNotNull();
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::state)
                .containsExactly(MailboxState.COMPLETED, MailboxState.COMPLETED);
        assertThat(f.server("bob@new").messages("INBOX")).hasSize(4);
        JobReport report = f.jobs.report(job.id());
        assertThat(report.verified()).isTrue();
        assertThat(report.mailboxes()).extracting(r -> r.itemsCopied()).containsExactly(4L, 4L);
    }

    /**
     * A pass that ends in an Error the engine does not catch — here it ran out of memory — leaves its mailbox FAILED
     * with a plain sentence, not "running" for ever; the other mailboxes go on.
     */
    @Test
    void aPassThatRanOutOfMemoryShouldBeRecordedAsFailed() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna", "bob");
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders")) {
                throw new OutOfMemoryError("Java heap space");
            }
        });

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        MailboxPair anna = f.jobs.pairs(job.id()).stream().filter(p -> p.sourceMailbox().equals("anna@old"))
                .findFirst().orElseThrow();
        MailboxPair bob = f.jobs.pairs(job.id()).stream().filter(p -> p.sourceMailbox().equals("bob@old"))
                .findFirst().orElseThrow();
        assertThat(anna.state()).isEqualTo(MailboxState.FAILED);
        assertThat(anna.error())
                .startsWith("Mailferry ran out of memory during this mailbox's pass (its Java heap may hold ")
                .doesNotContain("Error").doesNotContain("java.");
        assertThat(bob.state()).isEqualTo(MailboxState.COMPLETED);
    }

    @Test
    void deltaShouldCopyOnlyTheNewItem() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        f.server("anna@old").add("INBOX", Messages.message("new", "<new@x>"));

        f.runner.start(job.id(), RunKind.DELTA, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobs.report(job.id()).mailboxes().get(0).itemsCopied()).isEqualTo(1);
        assertThat(f.server("anna@new").messages("INBOX")).hasSize(4);
    }

    @Test
    void startShouldRejectJobWithoutPairs() {
        Job job = f.job(JobOptions.defaults(), 0);

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("job_without_pairs");
                    assertThat(e.kind()).isEqualTo(AppException.Kind.UNPROCESSABLE);
                });
    }

    @Test
    void runningJobShouldRefuseStartDeleteAndUpdateAndBoundItsConcurrency() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Job job = f.job(concurrency(1), 2, "anna", "bob", "carl");
        for (String name : List.of("anna", "bob", "carl")) {
            f.server(name + "@old").hook((point, folder) -> {
                if (point.equals("folders")) {
                    await(release);
                }
            });
        }
        f.runner.start(job.id(), RunKind.FULL, List.of());
        try {
            awaitState(job.id(), MailboxState.RUNNING);
            assertThat(f.runner.livePairs()).extracting(JobRunner.LivePair::state)
                    .containsExactlyInAnyOrder(MailboxState.RUNNING, MailboxState.QUEUED, MailboxState.QUEUED);
            assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                    .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.code()).isEqualTo("job_running"));
            assertThatThrownBy(() -> f.jobs.delete(job.id()))
                    .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.code()).isEqualTo("job_running"));
            assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.RUNNING);
        } finally {
            release.countDown();
        }
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void jobListShouldCountPairsByLiveStateAndSumTheirProgressOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Job job = f.job(concurrency(1), 2, "anna", "bob", "carl");
        Job other = f.job(JobOptions.defaults(), 1, "dora");
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders")) {
                await(release);
            }
        });
        f.runner.start(other.id(), RunKind.FULL, List.of());
        f.awaitIdle(other.id());
        f.runner.start(job.id(), RunKind.FULL, List.of());
        try {
            awaitState(job.id(), MailboxState.RUNNING);
            Job running = listed(job.id());
            assertThat(running.mailboxStates()).containsOnly(entry(MailboxState.RUNNING, 1),
                    entry(MailboxState.QUEUED, 2));
            assertThat(running.mailboxCount()).isEqualTo(3);
            assertThat(listed(other.id()).mailboxStates()).containsOnly(entry(MailboxState.COMPLETED, 1));
            assertThat(listed(other.id()).progress().itemsDone()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        f.awaitIdle(job.id());

        Job done = listed(job.id());
        assertThat(done.mailboxStates()).containsOnly(entry(MailboxState.COMPLETED, 3));
        assertThat(done.progress().itemsDone()).as("each pair counted once").isEqualTo(6);
        assertThat(done.progress().itemsTotal()).isEqualTo(6);
        assertThat(done.progress().itemsPerSecond()).as("only running pairs have a rate").isZero();
        assertThat(f.jobs.get(job.id())).isEqualTo(done);
    }

    private Job listed(String jobId) {
        return f.jobs.list().stream().filter(j -> j.id().equals(jobId)).findFirst().orElseThrow();
    }

    @Test
    void stopShouldEndRunningAndQueuedPairsAsStopped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Job job = f.job(concurrency(1), 3, "anna", "bob");
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders")) {
                await(release);
            }
        });
        f.runner.start(job.id(), RunKind.FULL, List.of());
        awaitState(job.id(), MailboxState.RUNNING);

        f.runner.stop(job.id(), List.of());
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.STOPPING);
        release.countDown();
        f.awaitIdle(job.id());

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.STOPPED);
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::state)
                .containsExactly(MailboxState.STOPPED, MailboxState.STOPPED);
        assertThat(f.server("bob@new").messages("INBOX")).isEmpty();
    }

    @Test
    void selectedPairShouldRunAloneAndLeaveTheOthersNew() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna", "bob");
        MailboxPair bob = f.jobs.pairs(job.id()).get(1);

        f.runner.start(job.id(), RunKind.FULL, List.of(bob.id()));
        f.awaitIdle(job.id());

        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::state)
                .containsExactly(MailboxState.NEW, MailboxState.COMPLETED);
        Job after = f.jobs.get(job.id());
        assertThat(after.state()).isEqualTo(JobState.COMPLETED_WITH_ISSUES);
        assertThat(after.verdict()).contains("1 of 2 mailboxes was stopped or not run yet.");
    }

    @Test
    void recoverShouldMarkWhatACrashLeftRunningAsInterrupted() {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        MailboxPair pair = f.jobs.pairs(job.id()).get(0);
        f.pairStore.markStarted(pair.id(), MailboxState.RUNNING, f.clock.instant());
        f.jobStore.markStarted(job.id(), JobState.RUNNING, f.clock.instant());

        f.runner.recoverInterrupted();

        MailboxPair after = f.jobs.pair(job.id(), pair.id());
        assertThat(after.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(after.error()).isEqualTo(JobRunner.INTERRUPTED);
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.STOPPED);
    }

    @Test
    void failedLoginShouldFailThePairAndRaiseAnAlert() throws Exception {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        f.server("anna@new").refuseLogin("Authentication failed.");
        DashboardService dashboard = new DashboardService(f.runner, f.pairStore, f.connections, f.clock);

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.FAILED);
        MailboxPair pair = f.jobs.pairs(job.id()).get(0);
        assertThat(pair.error()).isNotBlank();
        assertThat(dashboard.alerts()).extracting(Alert::kind, Alert::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MAILBOX_FAILED", pair.id()));
    }

    @Test
    void throughputSampleShouldCountAPassThatBeganAndEndedBetweenTwoSamples() throws Exception {
        Job job = f.job(JobOptions.defaults(), 6, "anna", "bob");
        DashboardService dashboard = new DashboardService(f.runner, f.pairStore, f.connections, f.clock);
        f.clock.advance(Duration.ofSeconds(5));
        dashboard.sample();

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        f.clock.advance(Duration.ofSeconds(4));
        dashboard.sample();
        f.clock.advance(Duration.ofSeconds(5));
        dashboard.sample();

        assertThat(dashboard.throughput()).extracting(ThroughputSample::itemsPerSecond)
                .containsExactly(0.0, 12 / 4.0, 0.0);
        long bytes = f.jobs.pairs(job.id()).stream().mapToLong(p -> p.progress().bytesDone()).sum();
        assertThat(bytes).isPositive();
        assertThat(dashboard.throughput().get(1).bytesPerSecond()).isEqualTo(bytes / 4.0);
    }

    @Test
    void pairWithoutProgressForTwoMinutesShouldBeReportedStalled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders")) {
                await(release);
            }
        });
        DashboardService dashboard = new DashboardService(f.runner, f.pairStore, f.connections, f.clock);
        f.runner.start(job.id(), RunKind.FULL, List.of());
        try {
            awaitState(job.id(), MailboxState.RUNNING);
            assertThat(dashboard.alerts()).isEmpty();

            f.clock.advance(Duration.ofMinutes(3));

            assertThat(dashboard.alerts()).extracting(Alert::kind).containsExactly("MAILBOX_STALLED");
            dashboard.sample();
            assertThat(dashboard.throughput()).hasSize(1);
        } finally {
            release.countDown();
        }
        f.awaitIdle(job.id());
    }

    private void awaitState(String jobId, MailboxState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (f.runner.livePairs().stream().anyMatch(p -> p.jobId().equals(jobId) && p.state() == state)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pair of " + jobId + " reached " + state);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
