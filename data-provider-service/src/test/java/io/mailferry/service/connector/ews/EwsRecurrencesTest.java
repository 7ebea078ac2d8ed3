package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.port.interchange.Recurrence;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import microsoft.exchange.webservices.data.core.enumeration.property.time.DayOfTheWeek;
import microsoft.exchange.webservices.data.core.enumeration.property.time.DayOfTheWeekIndex;
import microsoft.exchange.webservices.data.core.enumeration.property.time.Month;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.RelativeMonthlyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.RelativeYearlyPattern;
import microsoft.exchange.webservices.data.property.complex.recurrence.pattern.Recurrence.WeeklyPattern;
import org.junit.jupiter.api.Test;

/**
 * Exchange's day sets in recurrence patterns (DayOfWeekType: Day, Weekday, WeekendDay;
 * learn.microsoft.com/exchange/client-developer/web-service-reference/daysofweek-daysofweektype) to the neutral rule's
 * days and back: "the first weekday of every month" stays that, never "the first Saturday".
 */
class EwsRecurrencesTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    @Test
    void theFirstWeekdayOfEveryMonthShouldStayTheFirstWeekday() throws Exception {
        Recurrence neutral = EwsRecurrences.toNeutral(new RelativeMonthlyPattern(EwsRecurrences.patternDate(START), 1,
                DayOfTheWeek.Weekday, DayOfTheWeekIndex.First));

        assertThat(neutral.days()).containsExactlyElementsOf(WEEKDAYS);
        assertThat(neutral.setPosition()).isEqualTo(1);
        assertThat(neutral.rrule(java.time.ZoneOffset.UTC, false)).contains("BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1");
        var back = (RelativeMonthlyPattern) EwsRecurrences.toEws(neutral, START);
        assertThat(back.getDayOfTheWeek()).isEqualTo(DayOfTheWeek.Weekday);
        assertThat(back.getDayOfTheWeekIndex()).isEqualTo(DayOfTheWeekIndex.First);
    }

    @Test
    void theLastWeekendDayAndAnyDayShouldRoundTrip() throws Exception {
        Recurrence weekend = EwsRecurrences.toNeutral(new RelativeYearlyPattern(EwsRecurrences.patternDate(START),
                Month.March, DayOfTheWeek.WeekendDay, DayOfTheWeekIndex.Last));
        assertThat(weekend.days()).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(((RelativeYearlyPattern) EwsRecurrences.toEws(weekend, START)).getDayOfTheWeek())
                .isEqualTo(DayOfTheWeek.WeekendDay);

        Recurrence any = EwsRecurrences.toNeutral(new RelativeMonthlyPattern(EwsRecurrences.patternDate(START), 2,
                DayOfTheWeek.Day, DayOfTheWeekIndex.Third));
        assertThat(any.days()).hasSize(7);
        assertThat(((RelativeMonthlyPattern) EwsRecurrences.toEws(any, START)).getDayOfTheWeek())
                .isEqualTo(DayOfTheWeek.Day);
    }

    @Test
    void aWeeklySeriesOnWeekdaysShouldNameEachDay() throws Exception {
        Recurrence weekly = EwsRecurrences.toNeutral(new WeeklyPattern(EwsRecurrences.patternDate(START), 1,
                DayOfTheWeek.Weekday));
        assertThat(weekly.days()).containsExactlyElementsOf(WEEKDAYS);
        assertThat(((WeeklyPattern) EwsRecurrences.toEws(weekly, START)).getDaysOfTheWeek().getCount()).isEqualTo(5);
    }

    @Test
    void aMonthlyRuleOnSomeOtherSetOfDaysShouldBeSaidUnholdable() {
        Recurrence odd = new Recurrence(Recurrence.Frequency.MONTHLY, 1, List.of(DayOfWeek.MONDAY,
                DayOfWeek.WEDNESDAY), 1, 0, 0, 0, null, null);

        assertThat(EwsRecurrences.unholdable(odd)).contains("Exchange cannot hold");
        assertThat(EwsRecurrences.unholdable(new Recurrence(Recurrence.Frequency.MONTHLY, 1, WEEKDAYS, 1, 0, 0, 0,
                null, null))).isNull();
        assertThatThrownBy(() -> EwsRecurrences.toEws(odd, START)).isInstanceOf(IllegalArgumentException.class);
    }
}
