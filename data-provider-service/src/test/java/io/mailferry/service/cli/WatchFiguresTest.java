package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch's job line tells the service's figures: its weighted percentage, no rate or ETA when nothing moves. */
class WatchFiguresTest {
    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    private static MailboxPair pair(String source, MailboxState state, Progress progress) {
        return new MailboxPair("p-" + source, "j1", source, "x@new", null, null, false, false, state, progress, null,
                null, T, null);
    }

    @Test
    void jobLineShouldShowTheWeightedPercentageNotTheStartedMailboxesItems() {
        Progress nearlyDone = new Progress(100, 97, 0, 0, 0, 1000, 970, 0, 0, -1, "INBOX", 0);
        Job job = new Job("j1", "Pilot", "s", "t", JobOptions.defaults(), JobState.RUNNING, 2,
                nearlyDone.withWeightedFraction(0.0235), null, T, T, null);

        String line = JobWatchCommand.line(job, List.of(pair("anna@old", MailboxState.RUNNING, nearlyDone),
                pair("bob@old", MailboxState.QUEUED, Progress.empty())));

        assertThat(line).isEqualTo("RUNNING  97/100 items  2 %  0/2 mailboxes finished  0.0 items/s");
    }

    @Test
    void jobLineShouldShowAFullJobAsOneHundredPercent() {
        Progress done = new Progress(58, 58, 58, 0, 0, 580, 580, 0, 0, 0, null, 0);
        Job job = new Job("j1", "Pilot", "s", "t", JobOptions.defaults(), JobState.COMPLETED, 1,
                done.withWeightedFraction(1.0), null, T, T, null);

        assertThat(JobWatchCommand.line(job, List.of(pair("anna@old", MailboxState.COMPLETED, done))))
                .startsWith("COMPLETED  58/58 items  100 %  1/1 mailboxes finished");
    }
}
