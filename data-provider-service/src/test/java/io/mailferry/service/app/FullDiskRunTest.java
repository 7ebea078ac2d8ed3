package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.fake.FakeMailServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's disk fills in the middle of a pass (SQLite itself refusing to grow the database, SQLITE_FULL):
 * the mailbox ends FAILED with a sentence that says the disk is full — in the live view and the report even though the
 * store could not record it — and a pass after space came back copies each message exactly once.
 */
class FullDiskRunTest {
    @TempDir
    Path dir;
    RunnerFixture f;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
    }

    @AfterEach
    void close() {
        f.db.freezeSize(false);
        f.close();
    }

    @Test
    void aDiskThatFillsMidPassShouldBeNamedAndTheNextPassShouldBeExact() throws Exception {
        Job job = f.job(JobOptions.defaults(), 400, "anna");
        AtomicInteger appended = new AtomicInteger();
        f.server("anna@new").hook((point, folder) -> {
            if (point.equals("appended") && appended.incrementAndGet() == 20) {
                f.db.freezeSize(true);
            }
        });

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        MailboxReport failed = f.jobs.report(job.id()).mailboxes().get(0);
        assertThat(failed.state()).isEqualTo(MailboxState.FAILED);
        assertThat(failed.verdict()).contains("the disk is full").contains("run the pass again")
                .as("names the data directory").contains(dir.toAbsolutePath().toString())
                .doesNotContain("Exception").doesNotContain("SQLITE");
        assertThat(f.jobs.pairs(job.id()).get(0).state()).as("the live view agrees").isEqualTo(MailboxState.FAILED);
        Job ended = f.jobs.list().get(0);
        assertThat(ended.state()).as("the job ended, in the list too").isEqualTo(io.mailferry.model.job.JobState.FAILED);
        assertThat(ended.verdict()).startsWith("No mailbox finished its pass. 1 of 1 mailbox failed. Mailferry could"
                + " not write to ").contains("the disk is full");
        assertThat(f.jobs.report(job.id()).verdict()).isEqualTo(ended.verdict());
        assertThat(f.jobs.report(job.id()).state()).isEqualTo(io.mailferry.model.job.JobState.FAILED);

        f.db.freezeSize(false);
        f.server("anna@new").hook((point, folder) -> { });
        f.runner.start(job.id(), RunKind.DELTA, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobs.report(job.id()).mailboxes().get(0).state()).isEqualTo(MailboxState.COMPLETED);
        List<String> onTarget = f.server("anna@new").messages("INBOX").stream().map(FakeMailServer.Stored::text)
                .toList();
        assertThat(onTarget).hasSize(400).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(f.server("anna@old").messages("INBOX").stream()
                        .map(FakeMailServer.Stored::text).toList());
    }

    @Test
    void aJobEndingTheFullDiskCannotRecordShouldStillShowInTheListAndTheReport() throws Exception {
        // the job's row nearly fills its database page, so that writing its verdict needs a page the full disk
        // refuses (the pair's ending is refused the same way)
        JobOptions options = new JobOptions(null, new io.mailferry.model.job.FolderFilter(List.of(), List.of(),
                java.util.Set.of(), List.of(new io.mailferry.model.job.RenameRule("^Never$", "x".repeat(ROW_FILL)))),
                null, null, null, null, null, null, null, null);
        Job job = f.job(options, 100, "anna");
        AtomicInteger appended = new AtomicInteger();
        f.server("anna@new").hook((point, folder) -> {
            if (point.equals("appended") && appended.incrementAndGet() == 20) {
                f.db.freezeSize(true);
            }
        });

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobStore.find(job.id()).orElseThrow().state()).as("the store could not write the ending")
                .isEqualTo(io.mailferry.model.job.JobState.RUNNING);
        Job ended = f.jobs.get(job.id());
        assertThat(ended.state()).isEqualTo(io.mailferry.model.job.JobState.FAILED);
        assertThat(ended.lastRunEndedAt()).isNotNull();
        assertThat(ended.verdict()).contains("the disk is full");
        assertThat(f.jobs.list()).singleElement().satisfies(j -> assertThat(j.state())
                .isEqualTo(io.mailferry.model.job.JobState.FAILED));
        assertThat(f.jobs.report(job.id()).state()).isEqualTo(io.mailferry.model.job.JobState.FAILED);

        f.db.freezeSize(false);
        f.server("anna@new").hook((point, folder) -> { });
        f.runner.start(job.id(), RunKind.DELTA, List.of());
        f.awaitIdle(job.id());
        assertThat(f.jobs.get(job.id()).state()).as("written again once there is space")
                .isEqualTo(io.mailferry.model.job.JobState.COMPLETED);
        assertThat(f.jobStore.find(job.id()).orElseThrow().state()).isEqualTo(io.mailferry.model.job.JobState.COMPLETED);
    }

    /** Characters of options that leave the job's row a little less room than its verdict needs. */
    private static final int ROW_FILL = 3550;
}
