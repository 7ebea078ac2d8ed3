package io.mailferry.service.connector.graph.doubles;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Outlook's upload limit per app and mailbox: "150 MB upload (PATCH, POST, PUT) in a 5 minute period"
 * (learn.microsoft.com/graph/throttling-limits, "Outlook service limits"), kept as a sliding window of the bytes of the
 * request bodies each mailbox accepted. A request that would take a mailbox's window past the budget is not carried
 * out and answers 429 with a Retry-After (whole seconds, rounded up, as Graph sends it) that says when enough of the
 * window has aged out for it to fit (learn.microsoft.com/graph/throttling). Rejected bytes do not count. Scaled down
 * for tests and the benchmark (same bytes per second, shorter window). Guarded by the double's lock.
 */
final class UploadBudget {
    private record Upload(long at, long bytes) {
    }

    private final long budget;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, ArrayDeque<Upload>> windows = new HashMap<>();
    private final Map<String, Long> inWindow = new HashMap<>();
    private final Map<String, Long> accepted = new HashMap<>();
    private long refused;

    UploadBudget(long budget, Duration window, LongSupplier nanoClock) {
        this.budget = budget;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Takes {@code bytes} for {@code mailbox}: 0 when accepted, else the seconds to wait (at least 1). */
    long admit(String mailbox, long bytes) {
        long now = nanoClock.getAsLong();
        ArrayDeque<Upload> w = windows.computeIfAbsent(mailbox, k -> new ArrayDeque<>());
        long sum = inWindow.getOrDefault(mailbox, 0L);
        while (!w.isEmpty() && w.peekFirst().at() <= now - windowNanos) {
            sum -= w.pollFirst().bytes();
        }
        if (sum + bytes <= budget || w.isEmpty()) {
            w.addLast(new Upload(now, bytes));
            inWindow.put(mailbox, sum + bytes);
            accepted.merge(mailbox, bytes, Long::sum);
            return 0;
        }
        inWindow.put(mailbox, sum);
        refused++;
        long free = sum;
        long until = now;
        for (Upload u : w) {
            free -= u.bytes();
            until = u.at() + windowNanos;
            if (free + bytes <= budget) {
                break;
            }
        }
        long waitNanos = Math.max(1, until - now);
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    long accepted(String mailbox) {
        return accepted.getOrDefault(mailbox, 0L);
    }

    long refused() {
        return refused;
    }
}
