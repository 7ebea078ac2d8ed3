package io.mailferry.service.engine;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.FailureText;
import java.util.List;

/**
 * The job's verdict line from its mailboxes' reports, e.g. "All 12,345 source items of 20 mailboxes are on the
 * target." or "12,000 of 12,345 source items of 18 mailboxes are on the target; 345 are not: 300 skipped, 40 failed,
 * 5 missing. 2 of 20 mailboxes failed." Items count only from verified passes (COMPLETED, COMPLETED_WITH_ISSUES),
 * where each folder report holds selected = copied + already there + skipped + failed + missing. When a mailbox
 * failed for disk trouble (a full disk, a read-only file system), that sentence follows, since the admin must act on
 * it before any pass can succeed.
 */
public final class JobVerdict {
    private JobVerdict() {
    }

    public static String of(List<MailboxReport> reports) {
        if (reports.isEmpty()) {
            return "The job has no mailboxes.";
        }
        long selected = 0;
        long onTarget = 0;
        long skipped = 0;
        long failed = 0;
        int verified = 0;
        int failedBoxes = 0;
        int stoppedBoxes = 0;
        String disk = null;
        for (MailboxReport r : reports) {
            if (r.state() == MailboxState.COMPLETED || r.state() == MailboxState.COMPLETED_WITH_ISSUES) {
                verified++;
                for (FolderReport f : r.folders()) {
                    selected += f.itemsSelected();
                    onTarget += f.itemsCopied() + f.itemsAlreadyThere();
                    skipped += f.itemsSkipped();
                    failed += f.itemsFailed();
                }
            } else if (r.state() == MailboxState.FAILED) {
                failedBoxes++;
                if (disk == null && FailureText.isDiskTrouble(r.error())) {
                    disk = r.error();
                }
            } else {
                stoppedBoxes++;
            }
        }
        long missing = Math.max(0, selected - onTarget - skipped - failed);
        StringBuilder sb = new StringBuilder();
        if (verified > 0) {
            sb.append(VerdictText.of(selected, onTarget, " of " + mailboxes(verified), VerdictText.parts(skipped, "skipped", failed, "failed", missing, "missing")));
        } else {
            sb.append("No mailbox finished its pass.");
        }
        if (failedBoxes > 0) {
            sb.append(' ').append(Sizes.count(failedBoxes)).append(" of ").append(mailboxes(reports.size()))
                    .append(" failed.");
        }
        if (stoppedBoxes > 0) {
            sb.append(' ').append(Sizes.count(stoppedBoxes)).append(" of ").append(mailboxes(reports.size()))
                    .append(stoppedBoxes == 1 ? " was" : " were").append(" stopped or not run yet.");
        }
        if (disk != null) {
            sb.append(' ').append(disk);
        }
        return sb.toString();
    }

    private static String mailboxes(long n) {
        return Sizes.count(n) + (n == 1 ? " mailbox" : " mailboxes");
    }
}
