package io.mailferry.service.engine.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches the calls of one or more {@link FakeMailServer}s while they are in progress (during their latency), so a test
 * can tell which calls overlapped — without timing anything. Names are "Source fetch", "Target appendBatch", ...
 * A test that must see two calls overlap makes it certain with {@link #holdNth}. Thread-safe.
 */
public final class CallMeter {
    private final List<String> active = new ArrayList<>();
    private final Set<String> overlapped = new HashSet<>();
    private int peak;
    /** Calls started so far, by name. */
    private final Map<String, Integer> started = new HashMap<>();
    private Hold hold;
    private boolean holdTimedOut;

    /** The call named {@code call} started as the {@code number}th overall waits until one of {@code others} started. */
    private record Hold(String call, int number, Set<String> others, Duration timeout) {
    }

    /**
     * The {@code nth} call named {@code call} (counted from now, from 1) stays in progress until a call named one of
     * {@code others} starts while it is, so the two overlap by construction. If none starts within {@code timeout},
     * the held call goes on and {@link #holdTimedOut()} says so; the calls then did not overlap.
     */
    public synchronized void holdNth(int nth, String call, Duration timeout, String... others) {
        hold = new Hold(call, started.getOrDefault(call, 0) + nth, Set.of(others), timeout);
        holdTimedOut = false;
    }

    /** True when a call held by {@link #holdNth} waited in vain. */
    public synchronized boolean holdTimedOut() {
        return holdTimedOut;
    }

    synchronized void enter(String call) {
        for (String other : active) {
            overlapped.add(other + " + " + call);
            overlapped.add(call + " + " + other);
        }
        active.add(call);
        peak = Math.max(peak, active.size());
        int number = started.merge(call, 1, Integer::sum);
        notifyAll();
        Hold h = hold;
        if (h != null && h.call().equals(call) && number == h.number()) {
            hold = null;
            awaitOneOf(h);
        }
    }

    /** Waits (releasing the lock) until one of the hold's others starts; the held call is in progress meanwhile. */
    private void awaitOneOf(Hold h) {
        int before = startedOf(h.others());
        long deadline = System.nanoTime() + h.timeout().toNanos();
        while (startedOf(h.others()) == before) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                holdTimedOut = true;
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                holdTimedOut = true;
                return;
            }
        }
    }

    private int startedOf(Set<String> calls) {
        return calls.stream().mapToInt(c -> started.getOrDefault(c, 0)).sum();
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
