package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.MailboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time lost to throttling reaches the pairs, the job, its report and the dashboard, live and after the pass. */
class ThrottledTimeTest {
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

    @Test
    void throttledTimeShouldShowLiveThenStayWithThePairTheJobItsReportAndToday() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna", "bob");
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger appends = new AtomicInteger();
        f.server("anna@new").hook((point, folder) -> {
            if (point.equals("append")) {
                int n = appends.incrementAndGet();
                if (n <= 2) {
                    throw new MailboxException(MailboxException.Kind.THROTTLED, "Target asks to slow down.", null,
                            Duration.ofSeconds(20));
                }
                if (n == 3) { // the throttled waits are behind us: hold the pass here while we look
                    reached.countDown();
                    await(release);
                }
            }
        });
        DashboardService dashboard = new DashboardService(f.runner, f.pairStore, f.connections, f.clock);
        f.runner.start(job.id(), RunKind.FULL, List.of());
        try {
            assertThat(reached.await(20, TimeUnit.SECONDS)).isTrue();

            MailboxPair anna = pair(job, "anna@old");
            assertThat(anna.progress().throttledMillis()).isEqualTo(40_000);
            assertThat(f.jobs.get(job.id()).progress().throttledMillis()).isEqualTo(40_000);
            ThrottlingSummary live = dashboard.throttling();
            assertThat(live.runningMillis()).isEqualTo(40_000);
            assertThat(live.runningMailboxes()).isEqualTo(1);
            assertThat(live.todayMillis()).isEqualTo(40_000);
        } finally {
            release.countDown();
        }
        f.awaitIdle(job.id());

        assertThat(pair(job, "anna@old").progress().throttledMillis()).isEqualTo(40_000);
        assertThat(pair(job, "bob@old").progress().throttledMillis()).isZero();
        assertThat(f.jobs.get(job.id()).progress().throttledMillis()).isEqualTo(40_000);
        JobReport report = f.jobs.report(job.id());
        assertThat(report.throttledMillis()).isEqualTo(40_000);
        assertThat(report.mailboxes()).extracting(MailboxReport::sourceMailbox, MailboxReport::throttledMillis)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("anna@old", 40_000L),
                        org.assertj.core.groups.Tuple.tuple("bob@old", 0L));
        assertThat(dashboard.throttling()).isEqualTo(new ThrottlingSummary(0, 0, 40_000, 1,
                Instant.parse("2025-05-01T00:00:00Z")));

        f.clock.advance(Duration.ofDays(1)); // tomorrow, today's figure starts again
        assertThat(dashboard.throttling().todayMillis()).isZero();
    }

    private MailboxPair pair(Job job, String source) {
        return f.jobs.pairs(job.id()).stream().filter(p -> p.sourceMailbox().equals(source)).findFirst().orElseThrow();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
