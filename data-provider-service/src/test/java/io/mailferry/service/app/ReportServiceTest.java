package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.store.PassStore;
import io.mailferry.service.store.ReportStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportServiceTest {
    @TempDir
    Path dir;
    RunnerFixture f;
    ReportService reports;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
        reports = new ReportService(f.jobs, new PassStore(f.db), new ReportStore(f.db), f.clock);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyPassShouldJoinTheHistoryNewestFirst() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        f.clock.advance(Duration.ofHours(1));
        f.server("anna@old").add("INBOX", Messages.message("new one", "<new@x>"));
        f.runner.start(job.id(), RunKind.DELTA, List.of());
        f.awaitIdle(job.id());

        ReportService.PassPage page = reports.passes(job.id(), null, 0, 10);

        assertThat(page.total()).isEqualTo(2);
        assertThat(page.passes()).extracting(PassRecord::kind, PassRecord::itemsCopied, PassRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunKind.DELTA, 1L, MailboxState.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple(RunKind.FULL, 3L, MailboxState.COMPLETED));
        PassRecord first = page.passes().get(1);
        assertThat(first.sourceMailbox()).isEqualTo("anna@old");
        assertThat(first.verified()).isTrue();
        assertThat(first.bytesCopied()).isPositive();
        assertThat(first.endedAt()).isBefore(page.passes().get(0).endedAt());
        assertThat(reports.passes(job.id(), null, 1, 10).passes()).containsExactly(first);
    }

    /** A mailbox's history holds its own passes, however many the job's other mailboxes ran since. */
    @Test
    void aMailboxsPassesShouldBeReadAloneNotOutOfTheJobsNewest() throws Exception {
        Job job = f.job(JobOptions.defaults(), 2, "anna", "bert");
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        String anna = f.pairStore.list(job.id()).stream().filter(p -> p.sourceMailbox().equals("anna@old"))
                .findFirst().orElseThrow().id();

        ReportService.PassPage page = reports.passes(job.id(), anna, 0, 10);

        assertThat(page.total()).isEqualTo(1);
        assertThat(page.passes()).singleElement().satisfies(p -> assertThat(p.sourceMailbox()).isEqualTo("anna@old"));
        assertThat(reports.passes(job.id(), null, 0, 10).total()).isEqualTo(2);
    }

    @Test
    void passesOfAnUnknownJobShouldBeNotFound() {
        assertThatThrownBy(() -> reports.passes("nope", null, 0, 10)).isInstanceOf(AppException.class)
                .hasMessageContaining("no job with id nope");
    }

    @Test
    void overallReportShouldCountMailboxesItemsAndFailuresAcrossJobs() throws Exception {
        Job good = f.job(JobOptions.defaults(), 2, "anna", "bob");
        f.server("carl@new").refuseLogin("Authentication failed.");
        f.server("dora@new").reject(text -> text.contains("dora 1"));
        Job bad = f.job(JobOptions.defaults(), 2, "carl", "dora", "emil");
        f.runner.start(good.id(), RunKind.FULL, List.of());
        f.awaitIdle(good.id());
        f.runner.start(bad.id(), RunKind.FULL, List.of(f.jobs.pairs(bad.id()).get(0).id(),
                f.jobs.pairs(bad.id()).get(1).id()));
        f.awaitIdle(bad.id());

        OverallReport report = reports.overall();

        OverallLine total = report.total();
        assertThat(total.mailboxes()).isEqualTo(5);
        assertThat(total.done()).isEqualTo(3);
        assertThat(total.withIssues()).isEqualTo(1);
        assertThat(total.failed()).isEqualTo(1);
        assertThat(total.waiting()).isEqualTo(1);
        assertThat(total.inProgress()).isZero();
        assertThat(total.itemsCopied()).isEqualTo(5);
        assertThat(total.itemsFailed()).isEqualTo(1);
        assertThat(report.jobs()).extracting(OverallLine::jobId).containsExactlyInAnyOrder(good.id(), bad.id());
        assertThat(report.failures()).extracting(FailureReason::scope).containsExactlyInAnyOrder("MAILBOX", "ITEM");
        assertThat(report.failures()).filteredOn(r -> r.scope().equals("ITEM")).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("Target refused the message"));
        assertThat(report.generatedAt()).isEqualTo(f.clock.instant());
    }
}
