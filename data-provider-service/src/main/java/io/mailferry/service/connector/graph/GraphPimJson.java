package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.Recurrence;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.TimeZones;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Graph v1.0 JSON that creates an event, a contact or a To Do task from Mailferry's neutral form, with the
 * identity stamp: events and contacts carry it as a single-value extended property
 * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-post-singlevalueextendedproperties, which can be
 * set in the create call), To Do tasks — which have no extended properties — as a linked resource whose external id
 * is the stamp (learn.microsoft.com/graph/api/resources/linkedresource, created with the task). Shapes follow
 * learn.microsoft.com/graph/api/resources/event (dateTimeTimeZone, patternedRecurrence, attendee), resources/contact
 * and resources/todotask. Stateless.
 */
final class GraphPimJson {
    /** The application name our linked resources carry. */
    static final String APPLICATION = "Mailferry";
    /** PidTagBusinessFaxNumber and PidTagHomeFaxNumber: Graph v1.0 contacts have no fax fields. */
    static final String BUSINESS_FAX = "String 0x3A24";
    static final String HOME_FAX = "String 0x3A25";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final String[] INDEX = {"first", "second", "third", "fourth"};

    private GraphPimJson() {
    }

    /** learn.microsoft.com/graph/api/calendar-post-events: subject, body, start/end, recurrence, attendees, stamp. */
    static ObjectNode event(EventItem e, String stamp) {
        ObjectNode o = GraphHttp.JSON.createObjectNode();
        o.put("subject", e.subject() == null ? "" : e.subject());
        body(o, "body", e.bodyHtml(), e.body());
        ZoneId zone = TimeZones.zone(e.timeZone());
        String zoneName = zone == null ? "UTC" : e.timeZone().strip();
        ZoneId at = zone == null ? ZoneOffset.UTC : zone;
        time(o.putObject("start"), e.start(), at, zoneName);
        time(o.putObject("end"), e.end(), at, zoneName);
        o.put("isAllDay", e.allDay());
        if (e.location() != null) {
            o.putObject("location").put("displayName", e.location());
        }
        ArrayNode attendees = o.putArray("attendees");
        for (Attendee a : e.attendees()) {
            ObjectNode n = attendees.addObject();
            ObjectNode address = n.putObject("emailAddress").put("address", a.address());
            if (a.name() != null) {
                address.put("name", a.name());
            }
            n.put("type", a.role().name().toLowerCase(Locale.ROOT));
        }
        if (e.recurrence() != null) {
            recurrence(o.putObject("recurrence"), e.recurrence(), e.start().atZone(at), zoneName);
        }
        stamp(o, stamp);
        return o;
    }

    private static void time(ObjectNode n, Instant t, ZoneId zone, String zoneName) {
        n.put("dateTime", t.atZone(zone).toLocalDateTime().format(LOCAL));
        n.put("timeZone", zoneName);
    }

    /** learn.microsoft.com/graph/api/resources/patternedrecurrence: the pattern and the range. */
    private static void recurrence(ObjectNode n, Recurrence r, ZonedDateTime start, String zoneName) {
        ObjectNode p = n.putObject("pattern");
        p.put("interval", r.interval());
        boolean relative = !r.days().isEmpty() && r.setPosition() != 0;
        switch (r.frequency()) {
            case DAILY -> p.put("type", "daily");
            case WEEKLY -> {
                p.put("type", "weekly");
                days(p, r.days().isEmpty() ? java.util.List.of(start.getDayOfWeek()) : r.days());
                p.put("firstDayOfWeek", day(r.weekStart() == null ? DayOfWeek.SUNDAY : r.weekStart()));
            }
            case MONTHLY -> {
                p.put("type", relative ? "relativeMonthly" : "absoluteMonthly");
                monthly(p, r, start, relative);
            }
            case YEARLY -> {
                p.put("type", relative ? "relativeYearly" : "absoluteYearly");
                monthly(p, r, start, relative);
                p.put("month", r.month() != 0 ? r.month() : start.getMonthValue());
            }
        }
        ObjectNode range = n.putObject("range");
        range.put("startDate", start.toLocalDate().toString());
        range.put("recurrenceTimeZone", zoneName);
        if (r.count() > 0) {
            range.put("type", "numbered").put("numberOfOccurrences", r.count());
        } else if (r.until() != null) {
            range.put("type", "endDate").put("endDate", r.until().toString());
        } else {
            range.put("type", "noEnd");
        }
    }

    private static void monthly(ObjectNode p, Recurrence r, ZonedDateTime start, boolean relative) {
        if (relative) {
            days(p, r.days());
            p.put("index", r.setPosition() < 0 || r.setPosition() > 4 ? "last" : INDEX[r.setPosition() - 1]);
        } else {
            p.put("dayOfMonth", r.monthDay() != 0 ? r.monthDay() : start.getDayOfMonth());
        }
    }

    private static void days(ObjectNode p, java.util.List<DayOfWeek> days) {
        ArrayNode a = p.putArray("daysOfWeek");
        days.forEach(d -> a.add(day(d)));
    }

    private static String day(DayOfWeek d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    /** learn.microsoft.com/graph/api/contactfolder-post-contacts: names, company, addresses, phones, e-mail, notes. */
    static ObjectNode contact(ContactItem c, String stamp) {
        ObjectNode o = GraphHttp.JSON.createObjectNode();
        putIf(o, "displayName", c.displayName());
        putIf(o, "givenName", c.name().given());
        putIf(o, "middleName", c.name().middle());
        putIf(o, "surname", c.name().family());
        putIf(o, "title", c.name().prefix());
        putIf(o, "generation", c.name().suffix());
        putIf(o, "companyName", c.company());
        putIf(o, "department", c.department());
        putIf(o, "jobTitle", c.jobTitle());
        for (ContactItem.Address a : c.addresses()) {
            String field = switch (a.place()) {
                case WORK -> "businessAddress";
                case HOME -> "homeAddress";
                case OTHER -> "otherAddress";
            };
            if (!o.has(field)) {
                ObjectNode n = o.putObject(field);
                putIf(n, "street", a.street());
                putIf(n, "city", a.city());
                putIf(n, "state", a.region());
                putIf(n, "postalCode", a.postalCode());
                putIf(n, "countryOrRegion", a.country());
            }
        }
        ArrayNode business = o.putArray("businessPhones");
        ArrayNode home = o.putArray("homePhones");
        ArrayNode props = GraphHttp.JSON.createArrayNode();
        for (ContactItem.Phone p : c.phones()) {
            switch (p.type()) {
                case WORK, OTHER -> business.add(p.number());
                case HOME -> home.add(p.number());
                case MOBILE -> putIf(o, "mobilePhone", p.number());
                case WORK_FAX -> props.addObject().put("id", BUSINESS_FAX).put("value", p.number());
                case HOME_FAX -> props.addObject().put("id", HOME_FAX).put("value", p.number());
            }
        }
        ArrayNode emails = o.putArray("emailAddresses");
        c.emails().forEach(e -> emails.addObject().put("address", e));
        putIf(o, "personalNotes", c.note());
        stamp(o, stamp).addAll(props);
        return o;
    }

    /** learn.microsoft.com/graph/api/todotasklist-post-tasks: title, body, due date, status, the stamp. */
    static ObjectNode task(TaskItem t, String stamp) {
        ObjectNode o = GraphHttp.JSON.createObjectNode();
        o.put("title", t.subject() == null ? "" : t.subject());
        if (t.body() != null) {
            o.putObject("body").put("content", t.body()).put("contentType", "text");
        }
        if (t.due() != null) {
            o.putObject("dueDateTime").put("dateTime", t.due().atStartOfDay().format(LOCAL)).put("timeZone", "UTC");
        }
        o.put("status", switch (t.status()) {
            case NOT_STARTED -> "notStarted";
            case IN_PROGRESS -> "inProgress";
            case COMPLETED -> "completed";
            case WAITING_ON_OTHERS -> "waitingOnOthers";
            case DEFERRED -> "deferred";
        });
        if (stamp != null) {
            o.putArray("linkedResources").addObject().put("applicationName", APPLICATION)
                    .put("displayName", "Copied by Mailferry").put("externalId", stamp);
        }
        return o;
    }

    /** The due date of a To Do task as Graph returns it, or null. */
    static LocalDate due(com.fasterxml.jackson.databind.JsonNode task) {
        String v = task.path("dueDateTime").path("dateTime").asText("");
        return v.length() < 10 ? null : LocalDate.parse(v.substring(0, 10));
    }

    private static void body(ObjectNode o, String field, String html, String text) {
        if (html != null) {
            o.putObject(field).put("contentType", "html").put("content", html);
        } else if (text != null) {
            o.putObject(field).put("contentType", "text").put("content", text);
        }
    }

    private static ArrayNode stamp(ObjectNode o, String stamp) {
        ArrayNode props = o.putArray("singleValueExtendedProperties");
        if (stamp != null) {
            props.addObject().put("id", GraphProperties.STAMP).put("value", stamp);
        }
        return props;
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}
