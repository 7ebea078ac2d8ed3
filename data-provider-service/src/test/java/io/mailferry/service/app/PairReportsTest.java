package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PairReportsTest {

    private static MailboxPair pair(MailboxState state, String error) {
        return new MailboxPair("p1", "j1", "anna@old", "anna@new", null, null, false, false, state, Progress.empty(),
                error, null, Instant.parse("2025-05-01T10:00:00Z"), null);
    }

    @Test
    void aMailboxTheServiceFoundInterruptedShouldSaySoNotJustStopped() {
        MailboxReport r = PairReports.current(pair(MailboxState.STOPPED, MailboxPair.INTERRUPTED), null);
        assertThat(r.verdict()).isEqualTo(
                "Interrupted when the service stopped; start or delta resumes it where it stopped.");
        assertThat(r.error()).isEqualTo(MailboxPair.INTERRUPTED);
        assertThat(pair(MailboxState.STOPPED, MailboxPair.INTERRUPTED).interrupted()).isTrue();
    }

    @Test
    void aMailboxTheAdminStoppedShouldStaySimplyStopped() {
        MailboxReport r = PairReports.current(pair(MailboxState.STOPPED, null), null);
        assertThat(r.verdict()).startsWith("Stopped before the end");
        assertThat(pair(MailboxState.STOPPED, null).interrupted()).isFalse();
        assertThat(pair(MailboxState.RUNNING, MailboxPair.INTERRUPTED).interrupted()).isFalse();
    }
}
