package io.mailferry.admin.wizard;

import io.mailferry.model.job.ActivityPeriod;
import io.mailferry.model.job.JobSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The fields of a job's schedule and their checks, as the wizard's schedule step and the Jobs tab's schedule dialog
 * show them: dates, times and activity periods are meant in {@link #zone}: this machine's, or the zone of the schedule
 * loaded (one saved with another zone, from the command line, keeps it). A start or cut-over left as loaded is sent
 * back as the exact instant it was, not rounded to the minute or the day. Touched on the UI thread only.
 */
public final class ScheduleForm {
    private static final Pattern HOUR = Pattern.compile("(\\d{1,2})(?::(\\d{2}))?");

    private final BooleanProperty scheduled = new SimpleBooleanProperty(false);
    private final ObjectProperty<LocalDate> startDate = new SimpleObjectProperty<>();
    private final StringProperty startTime = new SimpleStringProperty("");
    private final StringProperty windows = new SimpleStringProperty("");
    private final StringProperty deltaEveryHours = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> cutOver = new SimpleObjectProperty<>();
    private final ZoneId machine;
    private final ReadOnlyObjectWrapper<ZoneId> zone;
    /** The schedule loaded, with its start and cut-over as the fields showed them then. */
    private JobSchedule loaded;
    private LocalDate loadedStartDate;
    private String loadedStartTime;
    private LocalDate loadedCutOver;

    public ScheduleForm(ZoneId zone) {
        this.machine = zone;
        this.zone = new ReadOnlyObjectWrapper<>(zone);
    }

    public ZoneId zone() {
        return zone.get();
    }

    /** The zone the fields are meant in, for a hint that says so. */
    public ReadOnlyObjectProperty<ZoneId> zoneProperty() {
        return zone.getReadOnlyProperty();
    }

    /** Every field, for bindings that follow the form. */
    public Observable[] fields() {
        return new Observable[] {scheduled, startDate, startTime, windows, deltaEveryHours, cutOver};
    }

    /** What is wrong, null when it is fine (or no schedule is set). */
    public String error() {
        if (!scheduled.get()) {
            return null;
        }
        if (!startTime.get().isBlank() && parsedStartTime() == null) {
            return "The start time must be an hour such as 19:00.";
        }
        for (String line : windowLines()) {
            try {
                ActivityPeriod.parse(line);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (!deltaEveryHours.get().isBlank()) {
            Integer every = parse(deltaEveryHours.get());
            if (every == null || every < 1 || every > 8760) {
                return "A delta every … hours must be a number from 1 to 8760, or empty for none.";
            }
        }
        if (cutOver.get() != null) {
            LocalDate from = startDate.get() == null ? LocalDate.now(zone()) : startDate.get();
            if (!cutOver.get().isAfter(from)) {
                return "The cut-over must be after the start day.";
            }
        }
        return null;
    }

    /** The schedule the fields describe; null when none is set or the fields are wrong. */
    public JobSchedule schedule() {
        if (!scheduled.get() || error() != null) {
            return null;
        }
        Instant start = null;
        if (loaded != null && Objects.equals(startDate.get(), loadedStartDate)
                && startTime.get().equals(loadedStartTime)) {
            start = loaded.startAt();
        } else if (startDate.get() != null) {
            start = startDate.get().atTime(startTimeOrMidnight()).atZone(zone()).toInstant();
        }
        Integer every = deltaEveryHours.get().isBlank() ? null : parse(deltaEveryHours.get());
        Instant until = loaded != null && Objects.equals(cutOver.get(), loadedCutOver) ? loaded.deltaUntil()
                : cutOver.get() == null ? null : cutOver.get().atStartOfDay(zone()).toInstant();
        return new JobSchedule(start, windowLines(), every, until, zone().getId());
    }

    /** Fills the fields from a saved schedule, read in its own zone (else this machine's); null clears them. */
    public void load(JobSchedule s) {
        zone.set(zoneOf(s));
        scheduled.set(s != null);
        ZonedDateTime start = s == null || s.startAt() == null ? null : s.startAt().atZone(zone());
        startDate.set(start == null ? null : start.toLocalDate());
        startTime.set(start == null ? "" : start.toLocalTime().withSecond(0).withNano(0).toString());
        windows.set(s == null ? "" : String.join("\n", s.activityPeriods()));
        deltaEveryHours.set(s == null || !s.recurring() ? "" : String.valueOf(s.deltaEveryHours()));
        cutOver.set(s == null || s.deltaUntil() == null ? null : s.deltaUntil().atZone(zone()).toLocalDate());
        loaded = s;
        loadedStartDate = startDate.get();
        loadedStartTime = startTime.get();
        loadedCutOver = cutOver.get();
    }

    private ZoneId zoneOf(JobSchedule s) {
        if (s == null || s.timeZone() == null) {
            return machine;
        }
        try {
            return ZoneId.of(s.timeZone());
        } catch (java.time.DateTimeException unknown) {
            return machine;
        }
    }

    /** The first pass as the admin entered it, "2099-01-01 19:00", or "now". */
    public String startText() {
        return startDate.get() == null ? "now" : startDate.get() + " " + startTimeOrMidnight();
    }

    private LocalTime startTimeOrMidnight() {
        return startTime.get().isBlank() ? LocalTime.MIDNIGHT : parsedStartTime();
    }

    private LocalTime parsedStartTime() {
        Matcher m = HOUR.matcher(startTime.get().strip());
        if (!m.matches()) {
            return null;
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return hour < 24 && minute < 60 ? LocalTime.of(hour, minute) : null;
    }

    private List<String> windowLines() {
        return windows.get().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** A whole number typed in a field, null when it is none. */
    static Integer parse(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** Whether the job runs by a schedule (else when the admin presses Start). */
    public BooleanProperty scheduled() {
        return scheduled;
    }

    /** The first pass's day; null = as soon as the schedule is saved. */
    public ObjectProperty<LocalDate> startDate() {
        return startDate;
    }

    /** The first pass's time of day, "19:00" or "19"; blank = midnight. */
    public StringProperty startTime() {
        return startTime;
    }

    /** Activity periods, one per line, e.g. "Mon-Fri 19-07"; blank = any time. */
    public StringProperty windows() {
        return windows;
    }

    /** Hours between delta passes; blank = none. */
    public StringProperty deltaEveryHours() {
        return deltaEveryHours;
    }

    /** The cut-over day: no pass starts from its midnight on; null = until the schedule is removed. */
    public ObjectProperty<LocalDate> cutOver() {
        return cutOver;
    }
}
