package io.mailferry.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The Jobs grid's row of a mailbox Google's daily limit paused: its state and when it resumes, in words. */
class PairRowTest {
    private static final MailboxPause PAUSE = new MailboxPause(Instant.parse("2025-05-02T12:05:00Z"),
            "Google's daily limit");

    private static MailboxPair pair(MailboxState state, MailboxPause pause) {
        return new MailboxPair("p1", "j1", "bob@gmail.com", "bob@new", null, null, false, false, state,
                Progress.empty(), null, "Source Gmail server refused reading messages.", null, null, null, pause);
    }

    @Test
    void aPausedMailboxShouldReadPausedWithTheTimeItResumesInThePanelsZone() {
        Clock berlin = Clock.fixed(Instant.parse("2025-05-02T09:00:00Z"), ZoneId.of("Europe/Berlin"));
        PairRow row = new PairRow(pair(MailboxState.STOPPED, PAUSE), berlin);

        assertThat(row.state().get()).isEqualTo(PairRow.PAUSED);
        assertThat(StateChip.words(row.state().get())).isEqualTo("Paused");
        assertThat(StateChip.style(row.state().get())).isEqualTo("chip-warn");
        assertThat(row.note().get()).isEqualTo("Paused by Google's daily limit — resumes at 14:05");

        Clock evening = Clock.fixed(Instant.parse("2025-05-01T20:00:00Z"), ZoneId.of("Europe/Berlin"));
        assertThat(new PairRow(pair(MailboxState.STOPPED, PAUSE), evening).note().get())
                .isEqualTo("Paused by Google's daily limit — resumes tomorrow at 14:05");
    }

    @Test
    void aResumedMailboxShouldShowItsOwnStateAgain() {
        PairRow row = new PairRow(pair(MailboxState.STOPPED, PAUSE), Clock.systemUTC());
        row.update(pair(MailboxState.RUNNING, null));
        assertThat(row.state().get()).isEqualTo("RUNNING");
        assertThat(row.note().get()).isEqualTo("Source Gmail server refused reading messages.");
    }

    /** A poll that brings the same figures must not count as a change: each change re-sorts and re-measures the grid. */
    @Test
    void aPollWithTheSameFiguresShouldChangeNothing() {
        PairRow row = new PairRow(pair(MailboxState.RUNNING, null), Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        for (javafx.beans.Observable key : row.sortKeys()) {
            key.addListener(o -> changes.incrementAndGet());
        }
        for (javafx.beans.Observable key : row.sortKeys()) {
            if (key instanceof javafx.beans.value.ObservableValue<?> v) {
                v.getValue(); // valid again, so a change would be told
            }
        }

        row.update(pair(MailboxState.RUNNING, null));

        assertThat(changes.get()).isZero();
    }
}
