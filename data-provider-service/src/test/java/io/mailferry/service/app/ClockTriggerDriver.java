package io.mailferry.service.app;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.quartz.Trigger;

/**
 * A {@link TriggerDriver} that follows a test's clock instead of the wall clock: {@link #advanceTo} moves the clock
 * from one fire time to the next (Quartz's own {@link Trigger#getFireTimeAfter} arithmetic, as the real scheduler
 * uses), firing each trigger at its instant, so that a test crosses days of a schedule in milliseconds.
 */
final class ClockTriggerDriver implements TriggerDriver {
    private final RunnerFixture.MutableClock clock;
    private final Map<String, List<Trigger>> triggers = new LinkedHashMap<>();
    private Consumer<String> onFire = id -> { };

    ClockTriggerDriver(RunnerFixture.MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void start(Consumer<String> fire) {
        this.onFire = fire;
    }

    @Override
    public synchronized void replace(String jobId, List<Trigger> list) {
        triggers.put(jobId, List.copyOf(list));
    }

    /** The job's triggers as last set. */
    synchronized List<Trigger> triggers(String jobId) {
        return triggers.getOrDefault(jobId, List.of());
    }

    /** Fires, in time order, every trigger due after now and up to {@code target}; the clock ends at {@code target}. */
    void advanceTo(Instant target) {
        while (true) {
            String due = null;
            Instant at = null;
            synchronized (this) {
                Date now = Date.from(clock.instant());
                for (Map.Entry<String, List<Trigger>> e : triggers.entrySet()) {
                    for (Trigger t : e.getValue()) {
                        Date next = t.getFireTimeAfter(now);
                        if (next != null && !next.toInstant().isAfter(target)
                                && (at == null || next.toInstant().isBefore(at))) {
                            at = next.toInstant();
                            due = e.getKey();
                        }
                    }
                }
            }
            if (due == null) {
                clock.set(target);
                return;
            }
            clock.set(at);
            onFire.accept(due);
        }
    }

    @Override
    public void close() {
    }
}
