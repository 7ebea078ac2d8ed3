package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.interchange.Recurrence;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import microsoft.exchange.webservices.data.core.enumeration.property.time.DayOfTheWeek;
import microsoft.exchange.webservices.data.core.enumeration.property.time.DayOfTheWeekIndex;
import microsoft.exchange.webservices.data.core.enumeration.property.time.Month;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.DailyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.IntervalPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.MonthlyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.RelativeMonthlyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.RelativeYearlyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.WeeklyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.YearlyPattern;

/**
 * Exchange's recurrence patterns (learn.microsoft.com/exchange/client-developer/web-service-reference/recurrence-
 * recurrencetype: Daily, Weekly, AbsoluteMonthly, RelativeMonthly, AbsoluteYearly, RelativeYearly; NoEnd, EndDate
 * or Numbered ranges) to the neutral {@link Recurrence} and back, one to one. Pattern dates are calendar dates,
 * handed to the library as midnight in the JVM's zone, the zone it formats them in, and read back as midnight UTC,
 * as it parses them (a test runs in a zone west of UTC to hold this).
 */
final class EwsRecurrences {
    private EwsRecurrences() {
    }

    /** The neutral rule of an EWS pattern; null for none or for task regeneration patterns. */
    static Recurrence toNeutral(microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence r)
            throws Exception {
        if (r == null || r.isRegenerationPattern()) {
            return null;
        }
        int interval = r instanceof IntervalPattern p ? p.getInterval() : 1;
        int count = r.getNumberOfOccurrences() == null ? 0 : r.getNumberOfOccurrences();
        LocalDate until = r.getEndDate() == null ? null : date(r.getEndDate());
        if (r instanceof DailyPattern) {
            return new Recurrence(Recurrence.Frequency.DAILY, interval, List.of(), 0, 0, 0, count, until, null);
        }
        if (r instanceof WeeklyPattern w) {
            List<DayOfWeek> days = new ArrayList<>();
            w.getDaysOfTheWeek().forEach(d -> days(d).stream().filter(x -> !days.contains(x)).forEach(days::add));
            return new Recurrence(Recurrence.Frequency.WEEKLY, interval, days, 0, 0, 0, count, until, null);
        }
        if (r instanceof MonthlyPattern m) {
            return new Recurrence(Recurrence.Frequency.MONTHLY, interval, List.of(), 0, m.getDayOfMonth(), 0, count,
                    until, null);
        }
        if (r instanceof RelativeMonthlyPattern m) {
            return new Recurrence(Recurrence.Frequency.MONTHLY, interval, days(m.getDayOfTheWeek()),
                    position(m.getDayOfTheWeekIndex()), 0, 0, count, until, null);
        }
        if (r instanceof YearlyPattern y) {
            return new Recurrence(Recurrence.Frequency.YEARLY, 1, List.of(), 0, y.getDayOfMonth(),
                    y.getMonth().ordinal() + 1, count, until, null);
        }
        if (r instanceof RelativeYearlyPattern y) {
            return new Recurrence(Recurrence.Frequency.YEARLY, 1, days(y.getDayOfTheWeek()),
                    position(y.getDayOfTheWeekIndex()), 0, y.getMonth().ordinal() + 1, count, until, null);
        }
        return null;
    }

    /**
     * Why Exchange cannot hold the rule, as a sentence; null when it can. A relative monthly or yearly rule names one
     * day, or the sets Exchange calls Day (all seven), Weekday (Monday to Friday) and WeekendDay (Saturday, Sunday).
     */
    static String unholdable(Recurrence r) {
        boolean relative = !r.days().isEmpty() && r.setPosition() != 0;
        if (relative && (r.frequency() == Recurrence.Frequency.MONTHLY || r.frequency() == Recurrence.Frequency.YEARLY)
                && relativeDay(r.days()) == null) {
            return "its series repeats on one of several days (" + r.days() + ") in a month, which Exchange cannot "
                    + "hold (one day, any day, a weekday or a weekend day only)";
        }
        return null;
    }

    /** The EWS pattern of a neutral rule for a series whose first occurrence is on {@code start}. */
    static microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence toEws(Recurrence r,
            LocalDate start) throws Exception {
        Date first = patternDate(start);
        boolean relative = !r.days().isEmpty() && r.setPosition() != 0;
        int monthDay = r.monthDay() != 0 ? r.monthDay() : start.getDayOfMonth();
        Month month = Month.values()[(r.month() != 0 ? r.month() : start.getMonthValue()) - 1];
        DayOfTheWeek firstDay = relative ? relativeDay(r.days()) : null;
        if (relative && firstDay == null && r.frequency() != Recurrence.Frequency.WEEKLY
                && r.frequency() != Recurrence.Frequency.DAILY) {
            throw new IllegalArgumentException(unholdable(r)); // written items are checked first (unholdable)
        }
        var p = switch (r.frequency()) {
            case DAILY -> new DailyPattern(first, r.interval());
            case WEEKLY -> new WeeklyPattern(first, r.interval(), (r.days().isEmpty()
                    ? List.of(start.getDayOfWeek()) : r.days()).stream().map(EwsRecurrences::day)
                    .toArray(DayOfTheWeek[]::new));
            case MONTHLY -> relative ? new RelativeMonthlyPattern(first, r.interval(), firstDay,
                    index(r.setPosition())) : new MonthlyPattern(first, r.interval(), monthDay);
            case YEARLY -> relative ? new RelativeYearlyPattern(first, month, firstDay, index(r.setPosition()))
                    : new YearlyPattern(first, month, monthDay);
        };
        if (r.count() > 0) {
            p.setNumberOfOccurrences(r.count());
        } else if (r.until() != null) {
            p.setEndDate(patternDate(r.until()));
        } else {
            p.neverEnds();
        }
        return p;
    }

    /**
     * A pattern's StartDate or EndDate as the library takes it: it writes these xs:date values in the JVM's default
     * time zone (and reads them as UTC, see {@link #date(Date)}), so the date given is midnight there.
     */
    static Date patternDate(LocalDate d) {
        return Date.from(d.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    /** A due date as midnight UTC (the library sends it as an instant). */
    static Date date(LocalDate d) {
        return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** The date of a due date sent as midnight UTC, and of a pattern date as the library reads it (midnight UTC). */
    static LocalDate date(Date d) {
        return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    private static final List<DayOfWeek> WEEKEND = List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

    /** The days an EWS day stands for: one, or Exchange's sets Day, Weekday and WeekendDay. */
    private static List<DayOfWeek> days(DayOfTheWeek d) {
        return switch (d) {
            case Sunday -> List.of(DayOfWeek.SUNDAY);
            case Monday -> List.of(DayOfWeek.MONDAY);
            case Tuesday -> List.of(DayOfWeek.TUESDAY);
            case Wednesday -> List.of(DayOfWeek.WEDNESDAY);
            case Thursday -> List.of(DayOfWeek.THURSDAY);
            case Friday -> List.of(DayOfWeek.FRIDAY);
            case Saturday -> List.of(DayOfWeek.SATURDAY);
            case Weekday -> WEEKDAYS;
            case WeekendDay -> WEEKEND;
            case Day -> List.of(DayOfWeek.values());
        };
    }

    /** The EWS day a relative rule's days make (one day or one of Exchange's sets); null when none does. */
    private static DayOfTheWeek relativeDay(List<DayOfWeek> days) {
        java.util.Set<DayOfWeek> set = java.util.EnumSet.copyOf(days);
        if (set.size() == 1) {
            return day(set.iterator().next());
        }
        if (set.size() == 7) {
            return DayOfTheWeek.Day;
        }
        return set.equals(java.util.EnumSet.copyOf(WEEKDAYS)) ? DayOfTheWeek.Weekday
                : set.equals(java.util.EnumSet.copyOf(WEEKEND)) ? DayOfTheWeek.WeekendDay : null;
    }

    private static DayOfTheWeek day(DayOfWeek d) {
        return DayOfTheWeek.valueOf(d.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH));
    }

    private static int position(DayOfTheWeekIndex i) {
        return i == DayOfTheWeekIndex.Last ? -1 : i.ordinal() + 1;
    }

    private static DayOfTheWeekIndex index(int position) {
        return position < 0 || position > 4 ? DayOfTheWeekIndex.Last : DayOfTheWeekIndex.values()[position - 1];
    }
}
