package io.mailferry.service.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The round trips this engine's passes measured to each server (ADR 0035's NOOP as a copy step starts), so that a
 * pass judges the link by the shortest one measured lately rather than by its own alone. A round trip is the link's
 * delay plus the time both ends took to get to it: on a busy machine — twenty mailboxes starting at once on two
 * processors — a loopback NOOP took from 0.1 to 225 ms, and fifteen of twenty passes took their link for a slow one
 * and opened the helpers that ADR 0041 keeps closed while many passes run (docs/performance.md, issue 10 part 28).
 * A link is never faster than its delay, so the shortest measurement is the best estimate of it; measurements older
 * than {@link #WINDOW_MINUTES} are forgotten, so that a link that became slow (another route) is seen as slow again.
 * Thread-safe.
 */
final class LinkRoundTrips {
    static final long WINDOW_MINUTES = 10;
    /** Measurements kept per server, the newest: enough for the passes of a window. */
    static final int KEPT = 64;

    private final LongSupplier nanoClock;
    private final Map<String, Deque<long[]>> byServer = new HashMap<>();

    LinkRoundTrips() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (tests move it) */
    LinkRoundTrips(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Records {@code roundTripNanos} to {@code server} (negative: not measured, not recorded) and returns the shortest
     * round trip measured to it within the window, this one included; -1 when none was.
     */
    synchronized long shortest(String server, long roundTripNanos) {
        long now = nanoClock.getAsLong();
        Deque<long[]> seen = byServer.computeIfAbsent(server, k -> new ArrayDeque<>());
        if (roundTripNanos >= 0) {
            seen.addLast(new long[] {now, roundTripNanos});
            if (seen.size() > KEPT) {
                seen.removeFirst();
            }
        }
        long window = TimeUnit.MINUTES.toNanos(WINDOW_MINUTES);
        while (!seen.isEmpty() && now - seen.peekFirst()[0] > window) {
            seen.removeFirst();
        }
        long shortest = -1;
        for (long[] m : seen) {
            shortest = shortest < 0 ? m[1] : Math.min(shortest, m[1]);
        }
        return shortest;
    }
}
