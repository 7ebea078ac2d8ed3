package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line shows time lost to throttling in progress lines and reports, and only when there was some. */
class ThrottledLinesTest {
    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    @Test
    void progressLinesShouldMentionThrottledTimeOnlyWhenNonZero() {
        assertThat(ProgressPrinter.line(pair("anna@old", progress(65_000))))
                .isEqualTo("anna@old  INBOX  4/10 items  2.0 items/s  ETA 3 s  throttled 1 min 05 s");
        assertThat(ProgressPrinter.line(pair("bob@old", progress(0))))
                .isEqualTo("bob@old  INBOX  4/10 items  2.0 items/s  ETA 3 s");
        Job job = new Job("j1", "Pilot", "s", "t", JobOptions.defaults(), JobState.RUNNING, 2, progress(65_000), null,
                T, T, null);
        assertThat(JobWatchCommand.line(job, List.of(pair("anna@old", progress(65_000)))))
                .endsWith("items/s  ETA 3 s  throttled 1 min 05 s");
    }

    @Test
    void reportShouldGiveEachThrottledMailboxItsTimeAndTheJobItsTotal() {
        JobReport report = new JobReport("j1", "Pilot", JobState.COMPLETED, T, T.plusSeconds(900), 900_000, true,
                "All 20 source items of 3 mailboxes are on the target.",
                List.of(mailbox("anna@old", 185_000), mailbox("bob@old", 0), mailbox("carl@old", 65_000)));
        StringWriter text = new StringWriter();

        new ReportPrinter(new PrintWriter(text)).print(report);

        assertThat(text.toString().lines().toList()).containsSubsequence(
                "anna@old -> x@new: COMPLETED. All items are on the target.", "  Throttled: 3 min 05 s.",
                "bob@old -> x@new: COMPLETED. All items are on the target.",
                "carl@old -> x@new: COMPLETED. All items are on the target.", "  Throttled: 1 min 05 s.",
                "Job: All 20 source items of 3 mailboxes are on the target.",
                "Throttled: 4 min 10 s across 2 mailboxes (time spent waiting as the servers asked).");
        List<String> lines = text.toString().lines().toList();
        int bob = lines.indexOf("bob@old -> x@new: COMPLETED. All items are on the target.");
        assertThat(lines.get(bob + 1)).doesNotContain("Throttled"); // a mailbox never throttled gets no such line
    }

    private static Progress progress(long throttled) {
        return new Progress(10, 4, 4, 0, 0, 100, 40, 2.0, 20.0, 3, "INBOX", throttled);
    }

    private static MailboxPair pair(String source, Progress progress) {
        return new MailboxPair("p-" + source, "j1", source, "x@new", null, null, false, false, MailboxState.RUNNING,
                progress, null, null, T, null);
    }

    private static MailboxReport mailbox(String source, long throttled) {
        return new MailboxReport("p-" + source, source, "x@new", MailboxState.COMPLETED, T, T.plusSeconds(300),
                300_000, 1, 1, true, "All items are on the target.", null, List.of(), List.of(), throttled);
    }
}
