package io.mailferry.service.engine.port.interchange;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads the iCalendar form (RFC 5545) of events and tasks: one VCALENDAR holding one VEVENT (with the
 * VTIMEZONE its TZID names) or one VTODO, in UTF-8 with CRLF lines folded at 75 octets. Times in a known zone are
 * written as local times with TZID (the source's own zone name, with a VTIMEZONE built from the zone's rules), times
 * in an unknown zone (or UTC) in UTC, all-day events as dates, with the zone's name kept in X-MAILFERRY-TZID. Reading takes what this
 * class writes back unchanged, and the same properties written by other programs. Stateless and thread-safe.
 */
public final class ICalendar {
    /** The media type of the bytes. */
    public static final String MEDIA_TYPE = "text/calendar";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String ZONE_NAME = "X-MAILFERRY-TZID";
    private static final String TASK_STATUS = "X-MAILFERRY-TASK-STATUS";

    private ICalendar() {
    }

    /** The VCALENDAR of one event. */
    public static byte[] write(EventItem e) {
        StringBuilder out = begin();
        ZoneId zone = TimeZones.zone(e.timeZone());
        if (zone != null && !e.allDay() && !zone.normalized().equals(ZoneOffset.UTC)) {
            VTimeZone.write(out, e.timeZone().strip(), zone, e.start());
        }
        ContentLines.add(out, "BEGIN", "VEVENT");
        ContentLines.text(out, "UID", e.uid());
        ContentLines.add(out, "DTSTAMP", utc(e.start()));
        ContentLines.text(out, "SUMMARY", e.subject());
        time(out, "DTSTART", e.start(), e.timeZone(), zone, e.allDay());
        time(out, "DTEND", e.end(), e.timeZone(), zone, e.allDay());
        boolean tzid = zone != null && !e.allDay() && !zone.normalized().equals(ZoneOffset.UTC);
        if (!tzid && e.timeZone() != null && !e.timeZone().isBlank()) {
            ContentLines.text(out, ZONE_NAME, e.timeZone().strip());
        }
        if (e.recurrence() != null) {
            ContentLines.add(out, "RRULE", e.recurrence().rrule(zone == null ? ZoneOffset.UTC : zone, e.allDay()));
        }
        ContentLines.text(out, "LOCATION", e.location());
        if (e.organizer() != null) {
            ContentLines.add(out, "ORGANIZER", "mailto:" + e.organizer().address(), "CN", e.organizer().name());
        }
        for (Attendee a : e.attendees()) {
            ContentLines.add(out, "ATTENDEE", "mailto:" + a.address(), "CN", a.name(),
                    "CUTYPE", a.role() == Attendee.Role.RESOURCE ? "RESOURCE" : null,
                    "ROLE", switch (a.role()) {
                        case REQUIRED -> "REQ-PARTICIPANT";
                        case OPTIONAL -> "OPT-PARTICIPANT";
                        case RESOURCE -> "NON-PARTICIPANT";
                    });
        }
        ContentLines.text(out, "DESCRIPTION", e.body());
        ContentLines.text(out, "X-ALT-DESC", e.bodyHtml(), "FMTTYPE", "text/html");
        ContentLines.add(out, "END", "VEVENT");
        return end(out);
    }

    /** The VCALENDAR of one task. */
    public static byte[] write(TaskItem t) {
        StringBuilder out = begin();
        ContentLines.add(out, "BEGIN", "VTODO");
        ContentLines.text(out, "UID", t.uid());
        ContentLines.add(out, "DTSTAMP", t.due() == null ? "19700101T000000Z" : t.due().format(DATE) + "T000000Z");
        ContentLines.text(out, "SUMMARY", t.subject());
        if (t.due() != null) {
            ContentLines.add(out, "DUE", t.due().format(DATE), "VALUE", "DATE");
        }
        ContentLines.add(out, "STATUS", switch (t.status()) {
            case IN_PROGRESS -> "IN-PROCESS";
            case COMPLETED -> "COMPLETED";
            default -> "NEEDS-ACTION";
        });
        if (t.status() == TaskItem.Status.WAITING_ON_OTHERS || t.status() == TaskItem.Status.DEFERRED) {
            ContentLines.add(out, TASK_STATUS, t.status().name().replace('_', '-'));
        }
        ContentLines.text(out, "DESCRIPTION", t.body());
        ContentLines.add(out, "END", "VTODO");
        return end(out);
    }

    private static StringBuilder begin() {
        StringBuilder out = new StringBuilder(512);
        ContentLines.add(out, "BEGIN", "VCALENDAR");
        ContentLines.add(out, "VERSION", "2.0");
        ContentLines.add(out, "PRODID", "-//Mailferry//Mailferry//EN");
        return out;
    }

    private static byte[] end(StringBuilder out) {
        ContentLines.add(out, "END", "VCALENDAR");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void time(StringBuilder out, String name, Instant at, String zoneName, ZoneId zone,
            boolean allDay) {
        if (at == null) {
            return;
        }
        if (allDay) {
            ContentLines.add(out, name, at.atZone(zone == null ? ZoneOffset.UTC : zone).toLocalDate().format(DATE),
                    "VALUE", "DATE");
        } else if (zone == null || zone.normalized().equals(ZoneOffset.UTC)) {
            ContentLines.add(out, name, utc(at));
        } else {
            ContentLines.add(out, name, at.atZone(zone).toLocalDateTime().format(LOCAL), "TZID", zoneName.strip());
        }
    }

    static String utc(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(LOCAL) + "Z";
    }

    /** A DATE-TIME value: UTC with "Z", else local in {@code zone} (UTC when null). */
    static Instant dateTime(String value, ZoneId zone) {
        String v = value.strip();
        if (v.endsWith("Z")) {
            return LocalDateTime.parse(v.substring(0, v.length() - 1), LOCAL).toInstant(ZoneOffset.UTC);
        }
        return LocalDateTime.parse(v, LOCAL).atZone(zone == null ? ZoneOffset.UTC : zone).toInstant();
    }

    /** Reads the first VEVENT of {@code bytes}. Throws {@link IllegalArgumentException} when there is none. */
    public static EventItem readEvent(byte[] bytes) {
        List<ContentLines.Line> lines = component(bytes, "VEVENT");
        String uid = null;
        String subject = null;
        String location = null;
        String body = null;
        String html = null;
        String rrule = null;
        String zoneName = null;
        ContentLines.Line start = null;
        ContentLines.Line end = null;
        Attendee organizer = null;
        List<Attendee> attendees = new ArrayList<>();
        for (ContentLines.Line l : lines) {
            switch (l.name()) {
                case "UID" -> uid = ContentLines.unescape(l.value());
                case "SUMMARY" -> subject = ContentLines.unescape(l.value());
                case "LOCATION" -> location = ContentLines.unescape(l.value());
                case "DESCRIPTION" -> body = ContentLines.unescape(l.value());
                case "X-ALT-DESC" -> html = ContentLines.unescape(l.value());
                case "RRULE" -> rrule = l.value();
                case "DTSTART" -> start = l;
                case "DTEND" -> end = l;
                case ZONE_NAME -> zoneName = ContentLines.unescape(l.value());
                case "ORGANIZER" -> organizer = attendee(l);
                case "ATTENDEE" -> attendees.add(attendee(l));
                default -> {
                    // properties Mailferry does not keep
                }
            }
        }
        if (start == null) {
            throw new IllegalArgumentException("VEVENT without DTSTART");
        }
        boolean allDay = "DATE".equalsIgnoreCase(start.param("VALUE")) || start.value().strip().length() == 8;
        if (start.param("TZID") != null) {
            zoneName = start.param("TZID");
        }
        ZoneId zone = TimeZones.zone(zoneName);
        Instant from = instant(start, zone);
        Instant to = end == null ? from : instant(end, zone);
        Recurrence recurrence = rrule == null ? null : Recurrence.parse(rrule, zone);
        return new EventItem(uid, subject, from, to, zoneName, allDay, recurrence, location, organizer, attendees,
                body, html);
    }

    /** Reads the first VTODO of {@code bytes}. Throws {@link IllegalArgumentException} when there is none. */
    public static TaskItem readTask(byte[] bytes) {
        String uid = null;
        String subject = null;
        String body = null;
        LocalDate due = null;
        TaskItem.Status status = TaskItem.Status.NOT_STARTED;
        TaskItem.Status exchange = null;
        for (ContentLines.Line l : component(bytes, "VTODO")) {
            switch (l.name()) {
                case "UID" -> uid = ContentLines.unescape(l.value());
                case "SUMMARY" -> subject = ContentLines.unescape(l.value());
                case "DESCRIPTION" -> body = ContentLines.unescape(l.value());
                case "DUE" -> due = l.value().strip().length() == 8 ? LocalDate.parse(l.value().strip(), DATE)
                        : instant(l, TimeZones.zone(l.param("TZID"))).atZone(zoneOr(l.param("TZID"))).toLocalDate();
                case "STATUS" -> status = switch (l.value().strip().toUpperCase(Locale.ROOT)) {
                    case "IN-PROCESS" -> TaskItem.Status.IN_PROGRESS;
                    case "COMPLETED" -> TaskItem.Status.COMPLETED;
                    default -> TaskItem.Status.NOT_STARTED;
                };
                case TASK_STATUS -> exchange = TaskItem.Status.valueOf(l.value().strip().replace('-', '_')
                        .toUpperCase(Locale.ROOT));
                default -> {
                    // properties Mailferry does not keep
                }
            }
        }
        return new TaskItem(uid, subject, due, exchange != null ? exchange : status, body);
    }

    private static ZoneId zoneOr(String name) {
        ZoneId z = TimeZones.zone(name);
        return z == null ? ZoneOffset.UTC : z;
    }

    private static Instant instant(ContentLines.Line l, ZoneId zone) {
        String v = l.value().strip();
        if (v.length() == 8) {
            return LocalDate.parse(v, DATE).atStartOfDay(zone == null ? ZoneOffset.UTC : zone).toInstant();
        }
        return dateTime(v, zone);
    }

    private static Attendee attendee(ContentLines.Line l) {
        String v = l.value().strip();
        String address = v.regionMatches(true, 0, "mailto:", 0, 7) ? v.substring(7) : v;
        String role = l.param("ROLE");
        Attendee.Role r = "RESOURCE".equalsIgnoreCase(l.param("CUTYPE")) || "ROOM".equalsIgnoreCase(l.param("CUTYPE"))
                ? Attendee.Role.RESOURCE
                : "OPT-PARTICIPANT".equalsIgnoreCase(role) || "NON-PARTICIPANT".equalsIgnoreCase(role)
                ? Attendee.Role.OPTIONAL : Attendee.Role.REQUIRED;
        return new Attendee(address, l.param("CN"), r);
    }

    /** The lines of the first {@code name} component, without its BEGIN and END. */
    private static List<ContentLines.Line> component(byte[] bytes, String name) {
        List<ContentLines.Line> all = ContentLines.unfold(new String(bytes, StandardCharsets.UTF_8));
        List<ContentLines.Line> out = new ArrayList<>();
        int depth = -1;
        for (ContentLines.Line l : all) {
            if (depth < 0) {
                if (l.name().equals("BEGIN") && l.value().strip().equalsIgnoreCase(name)) {
                    depth = 0;
                }
                continue;
            }
            if (l.name().equals("BEGIN")) {
                depth++; // a VALARM inside: its lines are not the item's
            } else if (l.name().equals("END")) {
                if (depth == 0) {
                    return out;
                }
                depth--;
            } else if (depth == 0) {
                out.add(l);
            }
        }
        if (depth < 0) {
            throw new IllegalArgumentException("no " + name + " in the calendar data");
        }
        return out;
    }
}
