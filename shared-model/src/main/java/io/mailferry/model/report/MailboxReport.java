package io.mailferry.model.report;

import io.mailferry.model.mailbox.MailboxState;
import java.time.Instant;
import java.util.List;

/**
 * Report of the last pass of one mailbox pair.
 *
 * @param verified true when verification found every selected source item on the target
 * @param verdict  "All 12,345 source items are on the target." or which are not, and why
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
        List<ItemIssue> issues) {

    public long itemsCopied() {
        return folders.stream().mapToLong(FolderReport::itemsCopied).sum();
    }

    public long bytesCopied() {
        return folders.stream().mapToLong(FolderReport::bytesCopied).sum();
    }
}
