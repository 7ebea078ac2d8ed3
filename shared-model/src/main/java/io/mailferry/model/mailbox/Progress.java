package io.mailferry.model.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Progress of a mailbox pair or a whole job during or after a pass. It lives with the mailbox pair it measures (a
 * job's progress is the sum over its pairs), so that {@code job} depends on {@code mailbox} and never the reverse.
 *
 * @param itemsTotal    selected source items: from the start of a pass the selected folders' counts, shrinking to
 *                      what each folder's listing selects (and growing only by items that arrive during the pass)
 * @param itemsDone     items on the target: copied now or found already copied (ledger / duplicate)
 * @param itemsCopied   items actually appended in this pass
 * @param itemsSkipped  items deliberately not copied (too large, duplicate policy, filters after selection)
 * @param itemsFailed   items that could not be copied, each with a reason in the report
 * @param bytesTotal    bytes of the selected items
 * @param bytesDone     bytes of the done items
 * @param itemsPerSecond items this pass copied (or failed to copy) per second over the last seconds; items found
 *                      already on the target do not count, so a delta with nothing to copy shows 0
 * @param bytesPerSecond bytes this pass copied per second over the last seconds (not the bytes of items found there)
 * @param etaSeconds    estimated seconds left (items still to process at the copy rate), -1 when unknown
 * @param currentFolder folder being worked on, null when idle
 * @param throttledMillis time the pass has spent waiting because a server asked it to slow down (429/503 with
 *                      Retry-After, IMAP [LIMIT], Exchange's suggested back-off); grows during the pass and stays with
 *                      the pair afterwards; for a job, the sum over its pairs
 * @param weightedFraction for a job only: 0..1, how far it is with its mailboxes weighted by their item totals (one
 *                      not started counts as not done, weighing its last known total or the average of the known
 *                      ones); 1 only when every mailbox finished. Null for a pair, and from a service that does not
 *                      compute it; {@link #fraction()} then falls back to the items
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
        long throttledMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double weightedFraction) {

    @JsonCreator
    public Progress {
    }

    /** Progress of a pair (no job-level fraction). */
    public Progress(long itemsTotal, long itemsDone, long itemsCopied, long itemsSkipped, long itemsFailed,
            long bytesTotal, long bytesDone, double itemsPerSecond, double bytesPerSecond, long etaSeconds,
            String currentFolder, long throttledMillis) {
        this(itemsTotal, itemsDone, itemsCopied, itemsSkipped, itemsFailed, bytesTotal, bytesDone, itemsPerSecond,
                bytesPerSecond, etaSeconds, currentFolder, throttledMillis, null);
    }

    /** Progress of a pass that was never throttled. */
    public Progress(long itemsTotal, long itemsDone, long itemsCopied, long itemsSkipped, long itemsFailed,
            long bytesTotal, long bytesDone, double itemsPerSecond, double bytesPerSecond, long etaSeconds,
            String currentFolder) {
        this(itemsTotal, itemsDone, itemsCopied, itemsSkipped, itemsFailed, bytesTotal, bytesDone, itemsPerSecond,
                bytesPerSecond, etaSeconds, currentFolder, 0, null);
    }

    public static Progress empty() {
        return new Progress(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, null, 0, null);
    }

    /** The same figures with the job-level fraction set. */
    public Progress withWeightedFraction(double fraction) {
        return new Progress(itemsTotal, itemsDone, itemsCopied, itemsSkipped, itemsFailed, bytesTotal, bytesDone,
                itemsPerSecond, bytesPerSecond, etaSeconds, currentFolder, throttledMillis, fraction);
    }

    /** 0..1: the job's {@link #weightedFraction} when set, else by items (0 when nothing is known yet). */
    public double fraction() {
        if (weightedFraction != null) {
            return weightedFraction;
        }
        return itemsTotal <= 0 ? 0 : Math.min(1.0, (double) (itemsDone + itemsSkipped + itemsFailed) / itemsTotal);
    }
}
