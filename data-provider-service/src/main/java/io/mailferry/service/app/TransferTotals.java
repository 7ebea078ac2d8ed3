package io.mailferry.service.app;

import io.mailferry.model.mailbox.Progress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Items and bytes every pass of this service has processed since it started (the engine's own measure: items done,
 * skipped or failed, and the bytes of the done ones). Only grows, so the throughput chart can take the difference
 * between two samples and miss nothing, not even a pass that started and ended between them. Thread-safe.
 */
public final class TransferTotals {
    /** The totals at one instant. */
    public record Totals(long items, long bytes) {
    }

    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Adds what a pass processed between two of its progress snapshots. */
    void add(Progress before, Progress after) {
        items.addAndGet(Math.max(0, processed(after) - processed(before)));
        bytes.addAndGet(Math.max(0, after.bytesDone() - before.bytesDone()));
    }

    public Totals now() {
        return new Totals(items.get(), bytes.get());
    }

    private static long processed(Progress p) {
        return p.itemsDone() + p.itemsSkipped() + p.itemsFailed();
    }
}
