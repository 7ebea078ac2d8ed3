package io.mailferry.model.job;

import java.time.DayOfWeek;
import java.util.BitSet;
import java.util.List;

/**
 * The 168 hours of a week (Monday 00:00 first), each either inside a job's activity periods or not. No periods means
 * every hour. Immutable.
 */
public final class WeeklyGrid {
    public static final int HOURS = 7 * 24;
    private final BitSet active = new BitSet(HOURS);

    private WeeklyGrid() {
    }

    /** The hours covered by any of {@code periods}; every hour when there are none. */
    public static WeeklyGrid of(List<ActivityPeriod> periods) {
        WeeklyGrid grid = new WeeklyGrid();
        for (int h = 0; h < HOURS; h++) {
            DayOfWeek day = DayOfWeek.of(h / 24 + 1);
            int hour = h % 24;
            boolean on = periods.isEmpty() || periods.stream().anyMatch(p -> p.covers(day, hour));
            grid.active.set(h, on);
        }
        return grid;
    }

    /** Whether the hour that begins at {@code hour}:00 on {@code day} is inside. */
    public boolean isActive(DayOfWeek day, int hour) {
        return active.get(index(day, hour));
    }

    /** Every hour of the week is inside. */
    public boolean always() {
        return active.cardinality() == HOURS;
    }

    /** No hour of the week is inside (a schedule that could never run). */
    public boolean never() {
        return active.isEmpty();
    }

    public static int index(DayOfWeek day, int hour) {
        return (day.getValue() - 1) * 24 + hour;
    }
}
