package io.mailferry.service.engine.port.interchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** iCalendar (RFC 5545) events and tasks: what is written, and that reading gives back every kept field. */
class ICalendarTest {
    static final EventItem WEEKLY = new EventItem("040000008200E00074C5B7101A82E008", "Planning; Q3, budget",
            Instant.parse("2026-03-10T08:00:00Z"), Instant.parse("2026-03-10T09:30:00Z"), "W. Europe Standard Time",
            false, new Recurrence(Recurrence.Frequency.WEEKLY, 2, List.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), 0,
                    0, 0, 0, LocalDate.parse("2026-06-30"), DayOfWeek.MONDAY),
            "Room 4.12, Zürich", new Attendee("anna@contoso.com", "Anna Müller", Attendee.Role.REQUIRED),
            List.of(new Attendee("ben@contoso.com", "Ben, Jr.", Attendee.Role.REQUIRED),
                    new Attendee("cara@contoso.com", null, Attendee.Role.OPTIONAL),
                    new Attendee("room412@contoso.com", "Room 4.12", Attendee.Role.RESOURCE)),
            "Agenda:\n1. Budget\n2. Hiring \\ staffing", "<p>Agenda</p>");

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void eventInAKnownZoneShouldBeWrittenInLocalTimeWithItsZoneAndVTimeZone() {
        String ics = text(ICalendar.write(WEEKLY));

        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics).contains("DTSTART;TZID=W. Europe Standard Time:20260310T090000\r\n")
                .contains("DTEND;TZID=W. Europe Standard Time:20260310T103000\r\n")
                .contains("BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n")
                .contains("TZOFFSETTO:+0200").contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
                .contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20260630T215959Z;WKST=MO\r\n")
                .contains("SUMMARY:Planning\\; Q3\\, budget\r\n")
                .contains("ATTENDEE;CN=\"Ben, Jr.\";ROLE=REQ-PARTICIPANT:mailto:ben@contoso.com\r\n")
                .contains("ROLE=OPT-PARTICIPANT:mailto:cara@contoso.com")
                .contains("CUTYPE=RESOURCE");
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
    }

    @Test
    void eventShouldReadBackWithEveryKeptField() {
        assertThat(ICalendar.readEvent(ICalendar.write(WEEKLY))).isEqualTo(WEEKLY);
    }

    @Test
    void longLinesShouldFoldWithoutSplittingACharacterAndUnfoldIntact() {
        String body = "Grüße aus Zürich — ".repeat(20);
        EventItem e = new EventItem(null, "ü".repeat(60), WEEKLY.start(), WEEKLY.end(), null, false, null, null,
                null, List.of(), body, null);

        byte[] bytes = ICalendar.write(e);

        assertThat(text(bytes)).contains("\r\n ");
        assertThat(ICalendar.readEvent(bytes)).isEqualTo(e);
    }

    @Test
    void utcAndAllDayEventsShouldUseUtcTimesAndDates() {
        EventItem utc = new EventItem("u1", "Call", Instant.parse("2026-05-01T15:00:00Z"),
                Instant.parse("2026-05-01T15:30:00Z"), null, false, null, null, null, List.of(), null, null);
        EventItem allDay = new EventItem("u2", "Holiday", Instant.parse("2026-04-30T22:00:00Z"),
                Instant.parse("2026-05-01T22:00:00Z"), "Europe/Berlin", true,
                new Recurrence(Recurrence.Frequency.YEARLY, 1, List.of(), 0, 1, 5, 10, null, null), null, null,
                List.of(), null, null);

        assertThat(text(ICalendar.write(utc))).contains("DTSTART:20260501T150000Z").doesNotContain("VTIMEZONE");
        assertThat(text(ICalendar.write(allDay))).contains("DTSTART;VALUE=DATE:20260501")
                .contains("DTEND;VALUE=DATE:20260502").contains("RRULE:FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=5;COUNT=10");
        assertThat(ICalendar.readEvent(ICalendar.write(utc))).isEqualTo(utc);
        assertThat(ICalendar.readEvent(ICalendar.write(allDay))).isEqualTo(allDay);
    }

    @Test
    void anUnknownZoneShouldTravelInUtcWithItsNameKept() {
        EventItem e = new EventItem("u3", "Odd zone", Instant.parse("2026-05-01T15:00:00Z"),
                Instant.parse("2026-05-01T16:00:00Z"), "Customized Time Zone", false, null, null, null, List.of(),
                null, null);

        String ics = text(ICalendar.write(e));

        assertThat(ics).contains("DTSTART:20260501T150000Z").contains("X-MAILFERRY-TZID:Customized Time Zone");
        assertThat(ICalendar.readEvent(ics.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void relativeMonthlyRulesShouldReadInBothForms() {
        Recurrence second = Recurrence.parse("FREQ=MONTHLY;BYDAY=2TU", null);
        Recurrence last = Recurrence.parse("FREQ=MONTHLY;INTERVAL=3;BYDAY=FR;BYSETPOS=-1;COUNT=4", null);

        assertThat(second.days()).containsExactly(DayOfWeek.TUESDAY);
        assertThat(second.setPosition()).isEqualTo(2);
        assertThat(last.rrule(java.time.ZoneOffset.UTC, false)).isEqualTo(
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=FR;BYSETPOS=-1;COUNT=4");
        assertThatThrownBy(() -> Recurrence.parse("FREQ=HOURLY", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsWrittenByOtherProgramsShouldBeRead() {
        String ics = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Europe/Paris\nEND:VTIMEZONE\n"
                + "BEGIN:VEVENT\nUID:x@example.com\nDTSTART;TZID=Europe/Paris:20260701T100000\n"
                + "DTEND;TZID=Europe/Paris:20260701T110000\nSUMMARY:Long\n  title\n"
                + "ATTENDEE;CN=Dana:MAILTO:dana@example.com\nBEGIN:VALARM\nDESCRIPTION:Reminder\nEND:VALARM\n"
                + "END:VEVENT\nEND:VCALENDAR\n";

        EventItem e = ICalendar.readEvent(ics.getBytes(StandardCharsets.UTF_8));

        assertThat(e.start()).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
        assertThat(e.subject()).isEqualTo("Long title");
        assertThat(e.body()).isNull();
        assertThat(e.attendees()).containsExactly(new Attendee("dana@example.com", "Dana", Attendee.Role.REQUIRED));
        assertThatThrownBy(() -> ICalendar.readEvent("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tasksShouldKeepSubjectDueDateStatusAndBody() {
        for (TaskItem.Status s : TaskItem.Status.values()) {
            TaskItem t = new TaskItem("t-1", "Send the report", LocalDate.parse("2026-03-15"), s, "Line 1\nLine 2");
            assertThat(ICalendar.readTask(ICalendar.write(t))).isEqualTo(t);
        }
        String ics = text(ICalendar.write(new TaskItem(null, "Call back", LocalDate.parse("2026-03-15"),
                TaskItem.Status.IN_PROGRESS, null)));
        assertThat(ics).contains("BEGIN:VTODO").contains("DUE;VALUE=DATE:20260315").contains("STATUS:IN-PROCESS");
        assertThat(ICalendar.readTask(ICalendar.write(new TaskItem(null, "No date", null, null, null))).due())
                .isNull();
    }
}
