package io.mailferry.model.job;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hours of the week in which a scheduled job may run, written {@code "Mon-Fri 19-07"}: on each day from
 * {@code firstDay} to {@code lastDay} (wrapping past Sunday, e.g. {@code "Sat-Mon"}), from {@code fromHour}:00 to
 * {@code toHour}:00. A period whose end is not after its start runs over midnight into the next morning, so
 * {@code "Mon-Fri 19-07"} is every weekday evening until 07:00 the next day (Friday's until Saturday 07:00);
 * {@code "Sat-Sun 0-24"} is the whole weekend. A single day is written {@code "Wed 9-17"}; {@code "Weekdays"},
 * {@code "Weekends"} and {@code "Daily"} stand for Mon-Fri, Sat-Sun and Mon-Sun.
 *
 * @param fromHour 0 to 23
 * @param toHour   0 to 24; 0 means midnight at the end of the day, like 24, when the period starts after 0
 */
public record ActivityPeriod(DayOfWeek firstDay, DayOfWeek lastDay, int fromHour, int toHour) {
    private static final Pattern TEXT = Pattern.compile(
            "\\s*([A-Za-z]+)\\s*(?:[-\u2013]\\s*([A-Za-z]+))?\\s+(\\d{1,2})(?::00)?\\s*[-\u2013]\\s*(\\d{1,2})(?::00)?\\s*");

    public ActivityPeriod {
        if (firstDay == null || lastDay == null) {
            throw new IllegalArgumentException("An activity period needs its days, e.g. \"Mon-Fri 19-07\".");
        }
        if (fromHour < 0 || fromHour > 23) {
            throw new IllegalArgumentException("An activity period starts at an hour from 0 to 23, not " + fromHour
                    + ".");
        }
        if (toHour < 0 || toHour > 24) {
            throw new IllegalArgumentException("An activity period ends at an hour from 0 to 24, not " + toHour + ".");
        }
        if (fromHour == toHour || (fromHour == 0 && toHour == 0)) {
            throw new IllegalArgumentException("An activity period from " + fromHour + " to " + toHour
                    + " has no hours; write 0-24 for a whole day.");
        }
    }

    /**
     * Reads {@code "Mon-Fri 19-07"}, {@code "Sat-Sun 0-24"}, {@code "Wed 9-17"} or {@code "Weekdays 19-07"} (English
     * day names, three letters or whole, any case; hours may be written {@code 19:00}; an en dash works as well).
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public static ActivityPeriod parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("The activity period \"" + text + "\" is not of the form "
                    + "\"Mon-Fri 19-07\" (days, then hours from-to).");
        }
        String named = m.group(2) == null ? m.group(1).toLowerCase(Locale.ROOT) : "";
        DayOfWeek first = switch (named) {
            case "weekdays", "daily" -> DayOfWeek.MONDAY;
            case "weekends" -> DayOfWeek.SATURDAY;
            default -> day(m.group(1), text);
        };
        DayOfWeek last = switch (named) {
            case "weekdays" -> DayOfWeek.FRIDAY;
            case "weekends", "daily" -> DayOfWeek.SUNDAY;
            default -> m.group(2) == null ? first : day(m.group(2), text);
        };
        return new ActivityPeriod(first, last, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    private static DayOfWeek day(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (lower.length() >= 3 && full.startsWith(lower)) {
                return d;
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" in the activity period \"" + text
                + "\" is not a day of the week (Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
    }

    /** True when the period covers the hour that begins at {@code hour}:00 on {@code day}. */
    public boolean covers(DayOfWeek day, int hour) {
        int end = toHour == 0 ? 24 : toHour;
        if (fromHour < end) {
            return includesDay(day) && hour >= fromHour && hour < end;
        }
        // over midnight: the evening of a day of the period, or the morning after one
        return (includesDay(day) && hour >= fromHour) || (includesDay(day.minus(1)) && hour < end);
    }

    private boolean includesDay(DayOfWeek day) {
        int span = Math.floorMod(lastDay.getValue() - firstDay.getValue(), 7);
        return Math.floorMod(day.getValue() - firstDay.getValue(), 7) <= span;
    }

    /** The period as {@link #parse(String)} reads it, e.g. {@code "Mon-Fri 19-07"}. */
    public String text() {
        String days = firstDay == lastDay ? shortName(firstDay) : shortName(firstDay) + "-" + shortName(lastDay);
        return String.format(Locale.ROOT, "%s %02d-%02d", days, fromHour, toHour);
    }

    private static String shortName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
