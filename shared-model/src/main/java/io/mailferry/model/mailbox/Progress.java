package io.mailferry.model.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Progress of a mailbox pair or a whole job during or after a pass. It lives with the mailbox pair it measures (a
 * job's progress is the sum over its pairs), so that {@code job} depends on {@code mailbox} and never the reverse.
 *
 * @param itemsTotal    selected source items (known after listing; grows while folders are listed)
 * @param itemsDone     items on the target: copied now or found already copied (ledger / duplicate)
 * @param itemsCopied   items actually appended in this pass
 * @param itemsSkipped  items deliberately not copied (too large, duplicate policy, filters after selection)
 * @param itemsFailed   items that could not be copied, each with a reason in the report
 * @param bytesTotal    bytes of the selected items
 * @param bytesDone     bytes of the done items
 * @param bytesPerSecond current rate over the last seconds
 * @param etaSeconds    estimated seconds left, -1 when unknown
 * @param currentFolder folder being worked on, null when idle
 * @param throttledMillis time the pass has spent waiting because a server asked it to slow down (429/503 with
 *                      Retry-After, IMAP [LIMIT], Exchange's suggested back-off); grows during the pass and stays with
 *                      the pair afterwards; for a job, the sum over its pairs
 */
public record Progress(
        long itemsTotal,
        long itemsDone,
        long itemsCopied,
        long itemsSkipped,
        long itemsFailed,
        long bytesTotal,
        long bytesDone,
        double itemsPerSecond,
        double bytesPerSecond,
        long etaSeconds,
        String currentFolder,
        long throttledMillis) {

    @JsonCreator
    public Progress {
    }

    /** Progress of a pass that was never throttled. */
    public Progress(long itemsTotal, long itemsDone, long itemsCopied, long itemsSkipped, long itemsFailed,
            long bytesTotal, long bytesDone, double itemsPerSecond, double bytesPerSecond, long etaSeconds,
            String currentFolder) {
        this(itemsTotal, itemsDone, itemsCopied, itemsSkipped, itemsFailed, bytesTotal, bytesDone, itemsPerSecond,
                bytesPerSecond, etaSeconds, currentFolder, 0);
    }

    public static Progress empty() {
        return new Progress(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, null, 0);
    }

    /** 0..1 by items, 0 when nothing is known yet. */
    public double fraction() {
        return itemsTotal <= 0 ? 0 : Math.min(1.0, (double) (itemsDone + itemsSkipped + itemsFailed) / itemsTotal);
    }
}
