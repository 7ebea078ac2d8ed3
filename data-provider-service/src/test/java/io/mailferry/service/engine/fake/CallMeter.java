package io.mailferry.service.engine.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches the calls of one or more {@link FakeMailServer}s while they are in progress (during their latency), so a test
 * can tell which calls overlapped — without timing anything. Names are "Source fetch", "Target appendBatch", ...
 * Thread-safe.
 */
public final class CallMeter {
    private final List<String> active = new ArrayList<>();
    private final Set<String> overlapped = new HashSet<>();
    private int peak;

    synchronized void enter(String call) {
        for (String other : active) {
            overlapped.add(other + " + " + call);
            overlapped.add(call + " + " + other);
        }
        active.add(call);
        peak = Math.max(peak, active.size());
    }

    synchronized void exit(String call) {
        active.remove(call);
    }

    /** True when {@code a} and {@code b} were once in progress at the same time. */
    public synchronized boolean overlapped(String a, String b) {
        return overlapped.contains(a + " + " + b);
    }

    /** Every overlap seen, as "a + b" (both orders). */
    public synchronized Set<String> overlaps() {
        return Set.copyOf(overlapped);
    }

    /** The most calls in progress at once. */
    public synchronized int peak() {
        return peak;
    }
}
