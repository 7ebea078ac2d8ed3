package io.mailferry.model.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.mailferry.model.mailbox.MailboxState;
import java.time.Instant;
import java.util.List;

/**
 * Report of the last pass of one mailbox pair.
 *
 * @param verified true when verification found every selected source item on the target
 * @param verdict  "All 12,345 source items are on the target." or which are not, and why
 * @param throttledMillis time the pass spent waiting because a server asked it to slow down
 * @param reconnects how many times the pass reconnected to a side after a dropped connection
 * @param deletedOnTarget items gone from their source folders since the last pass whose copies this pass deleted on the
 *                        target: deletion sync's (each copied by Mailferry and unchanged there), and earlier copies of
 *                        messages moved between two source folders that share a target folder
 * @param keptOnTarget    deletion sync: items deleted on the source that stay on the target because Mailferry could
 *                        not prove it copied them or that they are unchanged there
 */
public record MailboxReport(
        String pairId,
        String sourceMailbox,
        String targetMailbox,
        MailboxState state,
        Instant startedAt,
        Instant endedAt,
        long durationMillis,
        double itemsPerSecond,
        double bytesPerSecond,
        boolean verified,
        String verdict,
        String error,
        List<FolderReport> folders,
        List<ItemIssue> issues,
        long throttledMillis,
        int reconnects,
        long deletedOnTarget,
        long keptOnTarget) {

    @JsonCreator
    public MailboxReport {
    }

    /** A report of a pass without deletion sync. */
    public MailboxReport(String pairId, String sourceMailbox, String targetMailbox, MailboxState state,
            Instant startedAt, Instant endedAt, long durationMillis, double itemsPerSecond, double bytesPerSecond,
            boolean verified, String verdict, String error, List<FolderReport> folders, List<ItemIssue> issues,
            long throttledMillis, int reconnects) {
        this(pairId, sourceMailbox, targetMailbox, state, startedAt, endedAt, durationMillis, itemsPerSecond,
                bytesPerSecond, verified, verdict, error, folders, issues, throttledMillis, reconnects, 0, 0);
    }

    /** A report of a pass that never reconnected. */
    public MailboxReport(String pairId, String sourceMailbox, String targetMailbox, MailboxState state,
            Instant startedAt, Instant endedAt, long durationMillis, double itemsPerSecond, double bytesPerSecond,
            boolean verified, String verdict, String error, List<FolderReport> folders, List<ItemIssue> issues,
            long throttledMillis) {
        this(pairId, sourceMailbox, targetMailbox, state, startedAt, endedAt, durationMillis, itemsPerSecond,
                bytesPerSecond, verified, verdict, error, folders, issues, throttledMillis, 0, 0, 0);
    }

    /** A report of a pass that was never throttled. */
    public MailboxReport(String pairId, String sourceMailbox, String targetMailbox, MailboxState state,
            Instant startedAt, Instant endedAt, long durationMillis, double itemsPerSecond, double bytesPerSecond,
            boolean verified, String verdict, String error, List<FolderReport> folders, List<ItemIssue> issues) {
        this(pairId, sourceMailbox, targetMailbox, state, startedAt, endedAt, durationMillis, itemsPerSecond,
                bytesPerSecond, verified, verdict, error, folders, issues, 0, 0, 0, 0);
    }

    public long itemsCopied() {
        return folders.stream().mapToLong(FolderReport::itemsCopied).sum();
    }

    public long bytesCopied() {
        return folders.stream().mapToLong(FolderReport::bytesCopied).sum();
    }
}
