package io.mailferry.service.engine;

import io.mailferry.model.mailbox.Progress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts a pass's items and bytes (from several workers) and hands snapshots to the listener at most once per
 * interval. Counters only grow. Rates are measured over the last ten seconds; the ETA divides the items still expected
 * (the folders' message counts until they are listed) by the item rate. Time waited for throttling servers is counted
 * here too, as each wait begins, so a long Retry-After shows while it lasts.
 */
final class ProgressTracker {
    private static final long WINDOW_MILLIS = 10_000;

    private record Sample(long at, long processed, long bytes) {
    }

    private final ProgressListener listener;
    private final Clock clock;
    private final long intervalMillis;
    private final Deque<Sample> window = new ArrayDeque<>();
    private long selected;
    private long selectedBytes;
    private long done;
    private long doneBytes;
    private long copied;
    private long skipped;
    private long failed;
    private long expected;
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

    /** A folder's message count before it is listed, for the ETA. */
    synchronized void expect(long messages) {
        expected += messages;
    }

    synchronized void folder(String path) {
        currentFolder = path;
    }

    synchronized void selected(long bytes) {
        selected++;
        selectedBytes += bytes;
        maybeEmit();
    }

    synchronized void done(long bytes, boolean copiedNow) {
        done++;
        doneBytes += bytes;
        if (copiedNow) {
            copied++;
        }
        maybeEmit();
    }

    /** A whole folder's items found already there without listing them (an unchanged folder). */
    synchronized void alreadyThere(long items, long bytes) {
        selected += items;
        selectedBytes += bytes;
        done += items;
        doneBytes += bytes;
        maybeEmit();
    }

    synchronized void skipped() {
        skipped++;
        maybeEmit();
    }

    synchronized void failed() {
        failed++;
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
        return Math.max(Math.max(expected, selected) - (done + skipped + failed), 0);
    }

    /** Emits a final snapshot now, whatever the interval. */
    synchronized Progress finish() {
        currentFolder = null;
        emit(clock.millis(), true);
        return last;
    }

    private void maybeEmit() {
        long now = clock.millis();
        if (lastEmit == Long.MIN_VALUE || now - lastEmit >= intervalMillis) {
            emit(now, false);
        }
    }

    private void emit(long now, boolean end) {
        long processed = done + skipped + failed;
        window.addLast(new Sample(now, processed, doneBytes));
        while (window.size() > 2 && now - window.peekFirst().at() > WINDOW_MILLIS) {
            window.removeFirst();
        }
        Sample first = window.peekFirst();
        double seconds = (now - first.at()) / 1000.0;
        double itemsPerSecond = seconds > 0 ? (processed - first.processed()) / seconds : 0;
        double bytesPerSecond = seconds > 0 ? (doneBytes - first.bytes()) / seconds : 0;
        long remaining = itemsLeft();
        long eta = end ? 0 : itemsPerSecond > 0 ? (long) Math.ceil(remaining / itemsPerSecond) : -1;
        last = new Progress(selected, done, copied, skipped, failed, selectedBytes, doneBytes, itemsPerSecond,
                bytesPerSecond, eta, currentFolder, throttledMillis);
        lastEmit = now;
        listener.progress(last);
    }
}
