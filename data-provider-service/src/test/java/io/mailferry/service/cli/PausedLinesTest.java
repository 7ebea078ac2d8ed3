package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line says which mailbox Google's daily limit paused and when it resumes, in this machine's zone. */
class PausedLinesTest {
    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    @Test
    void progressLinesAndTheJobsTableShouldSayThePauseInWords() {
        MailboxPause pause = new MailboxPause(Instant.now().plus(Duration.ofHours(24)), "Google's daily limit");
        String words = pause.words(ZoneId.systemDefault(), Instant.now());
        assertThat(words).startsWith("Paused by Google's daily limit — resumes ");
        MailboxPair bob = new MailboxPair("p2", "j1", "bob@gmail.com", "bob@new", null, null, false, false,
                MailboxState.STOPPED, Progress.empty(), "Source Gmail server refused reading messages.", null, T, T,
                null, pause);
        MailboxPair anna = new MailboxPair("p1", "j1", "anna@gmail.com", "anna@new", null, null, false, false,
                MailboxState.COMPLETED, Progress.empty(), null, "All 3 source items are on the target.", T, T, null);
        StringWriter text = new StringWriter();

        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text));
        printer.print(List.of(anna, bob));
        printer.print(List.of(anna, bob)); // said once, not at every poll

        assertThat(text.toString().lines()).containsExactly("bob@gmail.com  " + words);
        Job job = new Job("j1", "Gmail", "s", "t", JobOptions.defaults(), JobState.STOPPED, 2, Progress.empty(), null,
                T, T, null);
        assertThat(JobWatchCommand.line(job, List.of(anna, bob))).endsWith("  1 paused: " + words);
    }
}
