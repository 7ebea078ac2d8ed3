package io.mailferry.service.engine;

import io.mailferry.model.mailbox.Progress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts a pass's items and bytes (from several workers) and hands snapshots to the listener at most once per
 * interval. Counters only grow, except the totals: they start at the selected folders' counts read before copying
 * ({@link #expect}), taken by the items selected, and shrink to the truth when a folder's listing selects fewer items
 * ({@link #settle}); a folder whose count could not be read adds its items as they are listed.
 *
 * <p>Rates come from what this pass moved over the last ten seconds: items copied (or failed while copying) and their
 * bytes. Items found already on the target (ledger, duplicates, unchanged folders) count as done but move nothing, so
 * a delta with nothing to copy shows no rate and no ETA rather than the speed of reading the ledger. The ETA divides
 * the items still to process by the copy rate. Time waited for throttling servers is counted here too, as each wait
 * begins, so a long Retry-After shows while it lasts.
 */
final class ProgressTracker {
    private static final long WINDOW_MILLIS = 10_000;

    private record Sample(long at, long moved, long bytes) {
    }

    private final ProgressListener listener;
    private final Clock clock;
    private final long intervalMillis;
    private final Deque<Sample> window = new ArrayDeque<>();
    /** Per source folder id: {items, bytes} its count promised that are not selected yet. */
    private final Map<String, long[]> unlisted = new HashMap<>();
    private long selected;
    private long selectedBytes;
    private long done;
    private long doneBytes;
    private long copied;
    private long skipped;
    private long failed;
    private long movedItems;
    private long movedBytes;
    private long expected;
    private long expectedBytes;
    private long throttledMillis;
    private int reconnects;
    private long lastEmit = Long.MIN_VALUE;
    private String currentFolder;
    private Progress last = Progress.empty();

    ProgressTracker(ProgressListener listener, Clock clock, long intervalMillis) {
        this.listener = listener;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /**
     * A folder's count read before copying (its bytes, -1 when the source cannot tell): part of the totals until its
     * items are selected or found there, or {@link #settle} drops what its listing did not select.
     */
    synchronized void expect(String folderId, long items, long bytes) {
        long[] was = unlisted.put(folderId, new long[] {Math.max(0, items), Math.max(0, bytes)});
        if (was != null) {
            expected -= was[0];
            expectedBytes -= was[1];
        }
        expected += Math.max(0, items);
        expectedBytes += Math.max(0, bytes);
    }

    /** Every selected folder's count is in: hands the totals to the listener now, before the first listing. */
    synchronized void counted() {
        emit(clock.millis(), false);
    }

    /** The folder's listing ended (or was not needed): what its count promised and nothing selected is dropped. */
    synchronized void settle(String folderId) {
        long[] rest = unlisted.remove(folderId);
        if (rest != null) {
            expected -= rest[0];
            expectedBytes -= rest[1];
            maybeEmit();
        }
    }

    synchronized void folder(String path) {
        currentFolder = path;
    }

    /** One item of the folder listed and selected: counted in place of one its count promised, if any is left. */
    synchronized void selected(String folderId, long bytes) {
        selected++;
        selectedBytes += bytes;
        take(folderId, 1, bytes);
        maybeEmit();
    }

    synchronized void done(long bytes, boolean copiedNow) {
        done++;
        doneBytes += bytes;
        if (copiedNow) {
            copied++;
            movedItems++;
            movedBytes += bytes;
        }
        maybeEmit();
    }

    /**
     * A whole folder's items found already there without listing them (an unchanged folder): done, but nothing moved.
     */
    synchronized void alreadyThere(String folderId, long items, long bytes) {
        selected += items;
        selectedBytes += bytes;
        take(folderId, items, bytes);
        done += items;
        doneBytes += bytes;
        maybeEmit();
    }

    synchronized void skipped() {
        skipped++;
        maybeEmit();
    }

    /** An item the copy step tried and could not copy: processed at the copy rate, no bytes moved. */
    synchronized void failed() {
        failed++;
        movedItems++;
        maybeEmit();
    }

    /** The pass is about to wait {@code millis} because a server asked it to slow down. */
    synchronized void throttled(long millis) {
        throttledMillis += millis;
        maybeEmit();
    }

    /** The pass is about to reconnect after a dropped connection. */
    synchronized void reconnected() {
        reconnects++;
    }

    synchronized int reconnects() {
        return reconnects;
    }

    synchronized long throttledMillis() {
        return throttledMillis;
    }

    /** Items on the target so far (copied now or found there): whether the pass still gets items through. */
    synchronized long itemsDone() {
        return done;
    }

    /** Items listed or still expected from the folders' counts that are not done, skipped or failed yet. */
    synchronized long itemsLeft() {
        return Math.max(selected + expected - (done + skipped + failed), 0);
    }

    /** Emits a final snapshot now, whatever the interval. */
    synchronized Progress finish() {
        currentFolder = null;
        emit(clock.millis(), true);
        return last;
    }

    private void take(String folderId, long items, long bytes) {
        long[] left = unlisted.get(folderId);
        if (left != null) {
            long i = Math.min(items, left[0]);
            long b = Math.min(bytes, left[1]);
            left[0] -= i;
            left[1] -= b;
            expected -= i;
            expectedBytes -= b;
        }
    }

    private void maybeEmit() {
        long now = clock.millis();
        if (lastEmit == Long.MIN_VALUE || now - lastEmit >= intervalMillis) {
            emit(now, false);
        }
    }

    private void emit(long now, boolean end) {
        window.addLast(new Sample(now, movedItems, movedBytes));
        while (window.size() > 2 && now - window.peekFirst().at() > WINDOW_MILLIS) {
            window.removeFirst();
        }
        Sample first = window.peekFirst();
        double seconds = (now - first.at()) / 1000.0;
        double itemsPerSecond = seconds > 0 ? (movedItems - first.moved()) / seconds : 0;
        double bytesPerSecond = seconds > 0 ? (movedBytes - first.bytes()) / seconds : 0;
        long remaining = itemsLeft();
        long eta = end ? 0 : itemsPerSecond > 0 ? (long) Math.ceil(remaining / itemsPerSecond) : -1;
        last = new Progress(selected + expected, done, copied, skipped, failed, selectedBytes + expectedBytes,
                doneBytes, itemsPerSecond, bytesPerSecond, eta, currentFolder, throttledMillis);
        lastEmit = now;
        listener.progress(last);
    }
}
