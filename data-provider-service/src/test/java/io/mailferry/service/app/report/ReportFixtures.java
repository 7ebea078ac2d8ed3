package io.mailferry.service.app.report;

import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.time.Instant;
import java.util.List;

/** Small, hand-made reports for the renderer tests. */
final class ReportFixtures {
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private ReportFixtures() {
    }

    static MailboxReport anna() {
        return new MailboxReport("p1", "anna@old.example", "anna@new.example", MailboxState.COMPLETED_WITH_ISSUES,
                START, START.plusSeconds(125), 125_000, 98.4, 262_144, false,
                "12,345 of 12,347 source items are on the target; 2 are not (see below).", null,
                List.of(new FolderReport("INBOX", "Inbox", 12_000, 11_999, 0, 0, 1, 32_715_571, 0, 2048, 0),
                        new FolderReport("Sent", "Sent Items", 347, 346, 0, 1, 0, 1_000_000, 4096, 0, 0)),
                List.of(new ItemIssue("anna@old.example", "INBOX", 42, Instant.parse("2024-12-24T08:30:00Z"),
                                "<script>alert('x')</script> & \"friends\"", "<m1@old.example>", 2048,
                                ItemOutcome.FAILED, "Target refused it: message too large"),
                        new ItemIssue("anna@old.example", "Sent", 7, null, "=HYPERLINK(\"http://evil\")", null, 4096,
                                ItemOutcome.SKIPPED, "Duplicate on the target")), 250_000);
    }

    static MailboxReport bob() {
        return new MailboxReport("p2", "bob@old.example", "bob@new.example", MailboxState.COMPLETED, START,
                START.plusSeconds(5), 5_000, 2, 1000, true, "All 10 source items are on the target.", null,
                List.of(new FolderReport("INBOX", "Inbox", 10, 10, 0, 0, 0, 10_000, 0, 0, 0)), List.of());
    }

    /** Bob after a pass with deletion sync: 3 copies deleted on the target, 1 kept there. */
    static MailboxReport bobSynced() {
        MailboxReport b = bob();
        return new MailboxReport(b.pairId(), b.sourceMailbox(), b.targetMailbox(), b.state(), b.startedAt(),
                b.endedAt(), b.durationMillis(), b.itemsPerSecond(), b.bytesPerSecond(), b.verified(), b.verdict(),
                b.error(), b.folders(), b.issues(), b.throttledMillis(), b.reconnects(), 3, 1);
    }

    /** The job with bob after a pass with deletion sync. */
    static JobReport synced() {
        return new JobReport("j1", "Contoso <pilot>", JobState.COMPLETED, START, START.plusSeconds(125), 125_000, false,
                "12,355 of 12,357 source items are on the target; 2 are not.", List.of(anna(), bobSynced()));
    }

    static JobReport job() {
        return new JobReport("j1", "Contoso <pilot>", JobState.COMPLETED, START, START.plusSeconds(125), 125_000, false,
                "12,355 of 12,357 source items are on the target; 2 are not.", List.of(anna(), bob()));
    }
}
