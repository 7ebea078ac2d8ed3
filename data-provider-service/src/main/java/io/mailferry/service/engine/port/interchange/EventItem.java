package io.mailferry.service.engine.port.interchange;

import java.time.Instant;
import java.util.List;

/**
 * A calendar event as Mailferry keeps it between connectors ({@link ICalendar} writes and reads it as a VEVENT).
 *
 * @param uid        the event's global id (iCalendar UID; Exchange's UID, Graph's iCalUId), null when unknown
 * @param subject    SUMMARY
 * @param start      DTSTART as an instant
 * @param end        DTEND as an instant
 * @param timeZone   the zone the event was scheduled in, as the source names it (an IANA id like "Europe/Berlin" or
 *                   a Windows name like "W. Europe Standard Time"); null for UTC
 * @param allDay     an all-day event: start and end are midnights in {@code timeZone} (dates in iCalendar)
 * @param recurrence the recurrence rule (RRULE), null for a single event
 * @param location   LOCATION, may be null
 * @param organizer  ORGANIZER, may be null
 * @param attendees  ATTENDEEs, in order
 * @param body       DESCRIPTION: the body as plain text, may be null
 * @param bodyHtml   the body as HTML where the source kept one (X-ALT-DESC;FMTTYPE=text/html), else null
 */
public record EventItem(String uid, String subject, Instant start, Instant end, String timeZone, boolean allDay,
        Recurrence recurrence, String location, Attendee organizer, List<Attendee> attendees, String body,
        String bodyHtml) {
    public EventItem {
        attendees = attendees == null ? List.of() : List.copyOf(attendees);
    }
}
