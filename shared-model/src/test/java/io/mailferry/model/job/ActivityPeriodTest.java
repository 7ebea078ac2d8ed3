package io.mailferry.model.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityPeriodTest {
    @Test
    void weekdayEveningsShouldRunOverMidnightIntoTheNextMorning() {
        ActivityPeriod p = ActivityPeriod.parse("Mon-Fri 19-07");

        assertThat(p.covers(DayOfWeek.MONDAY, 19)).isTrue();
        assertThat(p.covers(DayOfWeek.TUESDAY, 6)).isTrue();
        assertThat(p.covers(DayOfWeek.TUESDAY, 7)).isFalse();
        assertThat(p.covers(DayOfWeek.SATURDAY, 6)).as("Friday's evening ends Saturday 07:00").isTrue();
        assertThat(p.covers(DayOfWeek.MONDAY, 6)).as("Sunday has no evening in it").isFalse();
        assertThat(p.covers(DayOfWeek.WEDNESDAY, 12)).isFalse();
        assertThat(p.text()).isEqualTo("Mon-Fri 19-07");
    }

    @Test
    void parseShouldAcceptWholeNamesOneDayAndWrappingDays() {
        assertThat(ActivityPeriod.parse("saturday-SUN 0-24")).isEqualTo(
                new ActivityPeriod(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, 0, 24));
        assertThat(ActivityPeriod.parse(" Wed 9:00-17:00 ").text()).isEqualTo("Wed 09-17");
        ActivityPeriod wrapping = ActivityPeriod.parse("Sat-Mon 20-0");
        assertThat(wrapping.covers(DayOfWeek.SUNDAY, 23)).isTrue();
        assertThat(wrapping.covers(DayOfWeek.MONDAY, 20)).isTrue();
        assertThat(wrapping.covers(DayOfWeek.TUESDAY, 0)).isFalse();
    }

    @Test
    void parseShouldKnowWeekdaysWeekendsAndDaily() {
        assertThat(ActivityPeriod.parse("weekdays 19:00\u201307:00").text()).isEqualTo("Mon-Fri 19-07");
        assertThat(ActivityPeriod.parse("Weekends 0-24").text()).isEqualTo("Sat-Sun 00-24");
        assertThat(ActivityPeriod.parse("Daily 22-6").text()).isEqualTo("Mon-Sun 22-06");
    }

    @Test
    void parseShouldRefuseWhatIsNotAPeriodWithASentence() {
        assertThatThrownBy(() -> ActivityPeriod.parse("weekdays")).hasMessage(
                "The activity period \"weekdays\" is not of the form \"Mon-Fri 19-07\" (days, then hours from-to).");
        assertThatThrownBy(() -> ActivityPeriod.parse("Mo-Fr 9-17")).hasMessage(
                "\"Mo\" in the activity period \"Mo-Fr 9-17\" is not a day of the week (Mon, Tue, Wed, Thu, Fri, "
                        + "Sat, Sun).");
        assertThatThrownBy(() -> ActivityPeriod.parse("Mon 9-25")).hasMessage(
                "An activity period ends at an hour from 0 to 24, not 25.");
        assertThatThrownBy(() -> ActivityPeriod.parse("Mon 0-0")).hasMessage(
                "An activity period from 0 to 0 has no hours; write 0-24 for a whole day.");
    }

    @Test
    void gridShouldJoinPeriodsAndBeAlwaysActiveWithoutAny() {
        WeeklyGrid grid = WeeklyGrid.of(List.of(ActivityPeriod.parse("Mon-Fri 19-07"),
                ActivityPeriod.parse("Sat-Sun 0-24")));

        assertThat(grid.isActive(DayOfWeek.SUNDAY, 12)).isTrue();
        assertThat(grid.isActive(DayOfWeek.MONDAY, 12)).isFalse();
        assertThat(grid.always()).isFalse();
        assertThat(WeeklyGrid.of(List.of()).always()).isTrue();
    }
}
