package io.mailferry.service.engine.port.interchange;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recurrence rule (iCalendar RRULE, RFC 5545 §3.3.10) in the shapes Exchange and Microsoft 365 can hold: daily,
 * weekly on some days, monthly or yearly on a day of the month or on the n-th (or last) weekday, ending never, on a
 * date or after a number of occurrences. Exchange's and Graph's recurrence patterns map onto it one to one.
 *
 * @param frequency  DAILY, WEEKLY, MONTHLY or YEARLY
 * @param interval   every n-th period (1 or more)
 * @param days       BYDAY weekdays (weekly; or, with {@code setPosition}, relative monthly or yearly), may be empty
 * @param setPosition which of the matching days: 1 to 4, -1 for the last; 0 when the rule has none
 * @param monthDay   BYMONTHDAY, 0 when none
 * @param month      BYMONTH (1 to 12), 0 when none
 * @param count      COUNT, 0 when the rule ends otherwise
 * @param until      the last date (UNTIL), null when none
 * @param weekStart  WKST, null when not given
 */
public record Recurrence(Frequency frequency, int interval, List<DayOfWeek> days, int setPosition, int monthDay,
        int month, int count, LocalDate until, DayOfWeek weekStart) {
    public enum Frequency { DAILY, WEEKLY, MONTHLY, YEARLY }

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    public Recurrence {
        days = days == null ? List.of() : List.copyOf(days);
        interval = Math.max(1, interval);
    }

    /**
     * The RRULE value. UNTIL is a date for all-day events, else the end of that day in {@code zone} as UTC (RFC 5545
     * wants UTC when DTSTART has a zone).
     */
    public String rrule(ZoneId zone, boolean allDay) {
        StringBuilder sb = new StringBuilder("FREQ=").append(frequency);
        if (interval > 1) {
            sb.append(";INTERVAL=").append(interval);
        }
        if (!days.isEmpty()) {
            sb.append(";BYDAY=").append(String.join(",", days.stream().map(Recurrence::day).toList()));
        }
        if (setPosition != 0) {
            sb.append(";BYSETPOS=").append(setPosition);
        }
        if (monthDay != 0) {
            sb.append(";BYMONTHDAY=").append(monthDay);
        }
        if (month != 0) {
            sb.append(";BYMONTH=").append(month);
        }
        if (count > 0) {
            sb.append(";COUNT=").append(count);
        }
        if (until != null) {
            sb.append(";UNTIL=").append(allDay ? until.format(DATE) : until.atTime(23, 59, 59).atZone(zone)
                    .withZoneSameInstant(ZoneId.of("UTC")).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")));
        }
        if (weekStart != null) {
            sb.append(";WKST=").append(day(weekStart));
        }
        return sb.toString();
    }

    /**
     * Reads an RRULE value; UNTIL as a date-time is taken as its date in {@code zone}. "BYDAY=2TU" is read as
     * BYDAY=TU;BYSETPOS=2. Throws {@link IllegalArgumentException} for a frequency Exchange cannot hold.
     */
    public static Recurrence parse(String rrule, ZoneId zone) {
        Frequency frequency = null;
        int interval = 1;
        List<DayOfWeek> days = new ArrayList<>();
        int setPosition = 0;
        int monthDay = 0;
        int month = 0;
        int count = 0;
        LocalDate until = null;
        DayOfWeek weekStart = null;
        for (String part : rrule.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim().toUpperCase(Locale.ROOT);
            switch (key) {
                case "FREQ" -> frequency = Frequency.valueOf(value);
                case "INTERVAL" -> interval = Integer.parseInt(value);
                case "BYDAY" -> {
                    for (String d : value.split(",")) {
                        String code = d.substring(d.length() - 2);
                        String ordinal = d.substring(0, d.length() - 2);
                        if (!ordinal.isEmpty()) {
                            setPosition = Integer.parseInt(ordinal.replace("+", ""));
                        }
                        days.add(day(code));
                    }
                }
                case "BYSETPOS" -> setPosition = Integer.parseInt(value);
                case "BYMONTHDAY" -> monthDay = Integer.parseInt(value);
                case "BYMONTH" -> month = Integer.parseInt(value);
                case "COUNT" -> count = Integer.parseInt(value);
                case "UNTIL" -> until = value.length() == 8 ? LocalDate.parse(value, DATE)
                        : ICalendar.dateTime(value, null).atZone(zone == null ? ZoneId.of("UTC") : zone)
                                .toLocalDate();
                case "WKST" -> weekStart = day(value);
                default -> {
                    // BYHOUR, BYMINUTE and the like: Exchange has no place for them
                }
            }
        }
        if (frequency == null) {
            throw new IllegalArgumentException("RRULE without FREQ");
        }
        return new Recurrence(frequency, interval, days, setPosition, monthDay, month, count, until, weekStart);
    }

    private static String day(DayOfWeek d) {
        return d.name().substring(0, 2);
    }

    private static DayOfWeek day(String code) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(code)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a weekday: " + code);
    }
}
