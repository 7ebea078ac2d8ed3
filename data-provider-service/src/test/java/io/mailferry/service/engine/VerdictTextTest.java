package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.MailboxReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTextTest {
    @Test
    void verdictShouldUseThousandsSeparatorsAndRightNumbers() {
        assertThat(VerdictText.of(12_345, 12_345, "", List.of())).isEqualTo("All 12,345 source items are on the target.");
        assertThat(VerdictText.of(1, 1, "", List.of())).isEqualTo("The 1 source item is on the target.");
        assertThat(VerdictText.of(0, 0, "", List.of())).isEqualTo("The source has no items to copy.");
        assertThat(VerdictText.of(12_345, 11_990, "", VerdictText.parts(300L, "skipped (too large)", 0L,
                "skipped (trial limit)", 50L, "failed", 5L, "missing"))).isEqualTo(
                "11,990 of 12,345 source items are on the target; 355 are not: 300 skipped (too large), 50 failed, "
                        + "5 missing.");
    }

    private static MailboxReport report(MailboxState state, long selected, long copied, long there, long skipped,
            long failed) {
        return new MailboxReport("p", "a", "b", state, Instant.EPOCH, Instant.EPOCH, 0, 0, 0,
                state == MailboxState.COMPLETED, "", null,
                List.of(new FolderReport("INBOX", "INBOX", selected, copied, there, skipped, failed, 0, 0, 0, 0)), List.of());
    }

    @Test
    void jobVerdictShouldSumMailboxesAndNameFailedOnes() {
        assertThat(JobVerdict.of(List.of(report(MailboxState.COMPLETED, 10_000, 9_000, 1_000, 0, 0),
                report(MailboxState.COMPLETED, 2_345, 2_345, 0, 0, 0))))
                .isEqualTo("All 12,345 source items of 2 mailboxes are on the target.");
        assertThat(JobVerdict.of(List.of(report(MailboxState.COMPLETED_WITH_ISSUES, 100, 90, 0, 4, 5),
                report(MailboxState.FAILED, 0, 0, 0, 0, 0))))
                .isEqualTo("90 of 100 source items of 1 mailbox are on the target; 10 are not: 4 skipped, 5 failed, "
                        + "1 missing. 1 of 2 mailboxes failed.");
    }
}
