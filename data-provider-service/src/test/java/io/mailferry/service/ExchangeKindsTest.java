package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemOutcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.service.connector.ews.EwsAccessProvider;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.connector.graph.GraphMailboxAccess;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.Recurrence;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.VCard;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calendar items, contacts and tasks from one Exchange server to another through the engine, both read and written by
 * the real EWS connector against two EWS doubles. The source's items are seeded in the XML of Microsoft's GetItem
 * responses (learn.microsoft.com/exchange/client-developer/web-service-reference/getitem-operation-calendar-item,
 * getitem-operation-contact, getitem-operation-task); the target's are created by CreateItem
 * (createitem-operation-calendar-item, createitem-operation-contact, createitem-operation-task). Every essential field
 * arrives (an event's start, end, time zone, weekly recurrence, location, required and optional attendees and body;
 * a contact's names, company, addresses, phones, e-mail addresses and notes; a task's subject, due date, status and
 * body), the default folders meet the target's own, a calendar below the calendar stays one, events are created
 * without invitations, a delta pass copies only what is new, and a lost ledger copies nothing twice (the identity
 * stamps are found).
 */
class ExchangeKindsTest {
    private static final String ACCOUNT = "svc-migration@contoso.example";
    private static final String PASSWORD = "Ews-Kinds-Pass1";
    private static final String SOURCE = "anna@old.example";
    private static final String TARGET = "anna@new.example";

    private EwsDouble from;
    private EwsDouble to;

    @BeforeEach
    void seed() {
        from = new EwsDouble(ACCOUNT, PASSWORD);
        to = new EwsDouble(ACCOUNT, PASSWORD);
        from.addMailbox(SOURCE, "Anna");
        to.addMailbox(TARGET, "Anna");
        from.seed(SOURCE, List.of("INBOX"), TestMessages.simple("hello", "<hello@x>"), ItemState.NONE,
                Instant.parse("2026-01-01T00:00:00Z"));
        from.seedItem(SOURCE, List.of("Calendar"), "IPM.Appointment", Map.of("Subject", "Jour fixe",
                "Start", "2026-01-05T08:00:00Z", "End", "2026-01-05T08:30:00Z", "IsAllDayEvent", "false",
                "Location", "Room 2", "UID", "uid-1"), Map.of(
                "Body", "<t:Body BodyType=\"Text\">Weekly</t:Body>",
                "StartTimeZone", "<t:StartTimeZone Id=\"W. Europe Standard Time\" Name=\"(UTC+01:00) Amsterdam,"
                        + " Berlin, Bern, Rome, Stockholm, Vienna\"/>",
                "RequiredAttendees", "<t:RequiredAttendees>" + attendee("Ben", "ben@contoso.com")
                        + "</t:RequiredAttendees>",
                "OptionalAttendees", "<t:OptionalAttendees>" + attendee("Dana", "dana@contoso.com")
                        + "</t:OptionalAttendees>",
                "Recurrence", "<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday"
                        + "</t:DaysOfWeek></t:WeeklyRecurrence><t:EndDateRecurrence><t:StartDate>2026-01-05"
                        + "</t:StartDate><t:EndDate>2026-12-28</t:EndDate></t:EndDateRecurrence></t:Recurrence>"));
        from.createFolder(SOURCE, List.of("Calendar", "Team"), "IPF.Appointment");
        from.seedItem(SOURCE, List.of("Calendar", "Team"), "IPM.Appointment", Map.of("Subject", "Offsite",
                "Start", "2026-06-01T22:00:00Z", "End", "2026-06-03T22:00:00Z", "IsAllDayEvent", "true"), Map.of(
                "StartTimeZone", "<t:StartTimeZone Id=\"W. Europe Standard Time\"/>",
                "Body", "<t:Body BodyType=\"HTML\">&lt;p&gt;Lake&lt;/p&gt;</t:Body>"));
        from.seedItem(SOURCE, List.of("Contacts"), "IPM.Contact", Map.of("DisplayName", "Carl Clark",
                "GivenName", "Carl", "Surname", "Clark", "CompanyName", "Fabrikam", "JobTitle", "Buyer"), Map.of(
                "Body", "<t:Body BodyType=\"Text\">Met at the fair</t:Body>",
                "EmailAddresses", "<t:EmailAddresses><t:Entry Key=\"EmailAddress1\">carl@fabrikam.com</t:Entry>"
                        + "<t:Entry Key=\"EmailAddress2\">carl@home.example</t:Entry></t:EmailAddresses>",
                "PhysicalAddresses", "<t:PhysicalAddresses><t:Entry Key=\"Home\"><t:Street>1 Main St</t:Street>"
                        + "<t:City>Redmond</t:City><t:State>WA</t:State><t:CountryOrRegion>USA</t:CountryOrRegion>"
                        + "<t:PostalCode>98052</t:PostalCode></t:Entry><t:Entry Key=\"Business\"><t:Street>2 Mill"
                        + " Rd</t:Street><t:City>Seattle</t:City></t:Entry></t:PhysicalAddresses>",
                "PhoneNumbers", "<t:PhoneNumbers><t:Entry Key=\"HomePhone\">+1 425 555 0100</t:Entry><t:Entry"
                        + " Key=\"MobilePhone\">+1 425 555 0199</t:Entry></t:PhoneNumbers>"));
        from.seedItem(SOURCE, List.of("Tasks"), "IPM.Task", Map.of("Subject", "File taxes",
                "DueDate", "2026-04-30T00:00:00Z", "Status", "InProgress"), Map.of(
                "Body", "<t:Body BodyType=\"Text\">All receipts</t:Body>"));
    }

    /**
     * A contact group (IPM.DistList, rendered as a DistributionList element: learn.microsoft.com/exchange/
     * client-developer/web-service-reference/distributionlist) is reported as not copied with its reason on every pass,
     * never failed, and the contacts beside it are copied.
     */
    @Test
    void aContactGroupShouldBeReportedAsNotCopiedOnEveryPassNeverAsFailed() {
        from.seedItem(SOURCE, List.of("Contacts"), "IPM.DistList", Map.of("DisplayName", "Team"));
        InMemoryLedger ledger = new InMemoryLedger();

        MailboxOutcome first = run(ledger, RunKind.FULL);
        MailboxOutcome delta = run(ledger, RunKind.DELTA);

        for (MailboxOutcome o : List.of(first, delta)) {
            assertThat(o.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
            assertThat(o.report().issues()).singleElement().satisfies(i -> {
                assertThat(i.outcome()).isEqualTo(ItemOutcome.SKIPPED);
                assertThat(i.reason()).startsWith("not copied: contact groups (distribution lists) cannot be written"
                        + " to the target");
            });
        }
        assertThat(first.report().itemsCopied()).as("the message, two events, the contact and the task").isEqualTo(5);
        assertThat(delta.report().itemsCopied()).isZero();
    }

    private static String attendee(String name, String address) {
        return "<t:Attendee><t:Mailbox><t:Name>" + name + "</t:Name><t:EmailAddress>" + address
                + "</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:Mailbox><t:ResponseType>Unknown"
                + "</t:ResponseType></t:Attendee>";
    }

    @AfterEach
    void stop() {
        from.close();
        to.close();
    }

    static MailboxAccess exchange(EwsDouble ews, ConnectionRole role) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection c = new Connection("ex", "Exchange 2019", role, ConnectionKind.EXCHANGE, null, null,
                new EwsSettings(ews.url().toString(), ACCOUNT, true, null, null, EwsAuthMode.BASIC, 3), true, t, t,
                null);
        return new EwsAccessProvider().open(c, new Secret(PASSWORD), role);
    }

    private MailboxOutcome run(Ledger ledger, RunKind kind) {
        return run(ledger, kind, exchange(to, ConnectionRole.TARGET));
    }

    private MailboxOutcome run(Ledger ledger, RunKind kind, MailboxAccess target) {
        MailboxTask task = new MailboxTask("pair-ews-kinds", exchange(from, ConnectionRole.SOURCE),
                new MailboxAccess.Login(SOURCE, null, null), target,
                new MailboxAccess.Login(TARGET, null, null), JobOptions.defaults(), kind, SOURCE, TARGET);
        return new MigrationEngine(ledger, new InMemoryCheckpoints(), EngineSettings.defaults().withBatches(5, 2))
                .run(task, ProgressListener.NONE, new StopSignal());
    }

    /** Every calendar item, contact and task of {@code mailbox} as the EWS source reads it, by folder path. */
    static Map<String, List<Object>> read(EwsDouble ews, String mailbox) throws Exception {
        Map<String, List<Object>> out = new TreeMap<>();
        try (SourceMailbox source = exchange(ews, ConnectionRole.SOURCE).openSource(
                new MailboxAccess.Login(mailbox, null, null))) {
            for (MailFolder f : source.folders()) {
                List<ItemRef> refs = new ArrayList<>();
                for (Page<ItemRef> p = source.list(f, null, 100); ; p = source.list(f, p.nextCursor(), 100)) {
                    refs.addAll(p.items());
                    if (p.nextCursor() == null) {
                        break;
                    }
                }
                refs.removeIf(r -> r.kind() == io.mailferry.service.engine.port.ItemKind.MESSAGE);
                List<Object> items = new ArrayList<>();
                source.fetch(f, refs, (ref, content, error) -> {
                    assertThat(error).isNull();
                    try (InputStream in = content.open()) {
                        byte[] b = in.readAllBytes();
                        items.add(switch (ref.kind()) {
                            case EVENT -> ICalendar.readEvent(b);
                            case CONTACT -> VCard.read(b);
                            default -> ICalendar.readTask(b);
                        });
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                if (!items.isEmpty()) {
                    out.put(f.displayPath(), items);
                }
            }
        }
        return out;
    }

    private static Map<String, FolderClass> folderClasses(EwsDouble ews, String mailbox) throws Exception {
        Map<String, FolderClass> out = new TreeMap<>();
        try (SourceMailbox source = exchange(ews, ConnectionRole.SOURCE).openSource(
                new MailboxAccess.Login(mailbox, null, null))) {
            source.folders().forEach(f -> out.put(f.displayPath(), f.folderClass()));
        }
        return out;
    }

    private static Map<String, List<Object>> withoutUids(Map<String, List<Object>> items) {
        Map<String, List<Object>> out = new TreeMap<>();
        items.forEach((k, v) -> out.put(k, v.stream().map(o -> o instanceof EventItem e ? new EventItem(null,
                e.subject(), e.start(), e.end(), e.timeZone(), e.allDay(), e.recurrence(), e.location(),
                e.organizer(), e.attendees(), e.body(), e.bodyHtml()) : o).toList()));
        return out;
    }

    @Test
    void calendarContactAndTaskItemsShouldRoundTripWithTheirFieldsAndNeverTwice() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        MailboxOutcome first = run(ledger, RunKind.FULL);
        from.seedItem(SOURCE, List.of("Contacts"), "IPM.Contact", Map.of("DisplayName", "Erin Ek", "Surname", "Ek"));
        MailboxOutcome delta = run(ledger, RunKind.DELTA);
        MailboxOutcome again = run(new InMemoryLedger(), RunKind.FULL); // the ledger is lost: only stamps tell

        assertThat(first.state()).as(first.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verdict()).startsWith("All 5 source items are on the target");
        assertThat(delta.state()).as(delta.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isEqualTo(1); // the contact added since
        assertThat(again.state()).as(again.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(again.report().itemsCopied()).isZero();
        Map<String, List<Object>> source = read(from, SOURCE);
        Map<String, List<Object>> target = read(to, TARGET);
        assertThat(withoutUids(target)).isEqualTo(withoutUids(source)); // Exchange gives each new event a UID
        assertThat(target.keySet()).containsExactly("Calendar", "Calendar/Team", "Contacts", "Tasks");
        assertThat(folderClasses(to, TARGET)).containsEntry("Calendar/Team", FolderClass.CALENDAR)
                .containsEntry("Calendar", FolderClass.CALENDAR).containsEntry("Contacts", FolderClass.CONTACTS)
                .containsEntry("Tasks", FolderClass.TASKS);
        EventItem offsite = (EventItem) target.get("Calendar/Team").get(0);
        assertThat(offsite.allDay()).isTrue();
        assertThat(offsite.bodyHtml()).isEqualTo("<p>Lake</p>");

        EventItem e = (EventItem) target.get("Calendar").get(0);
        assertThat(e.subject()).isEqualTo("Jour fixe");
        assertThat(e.start()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(e.end()).isEqualTo(Instant.parse("2026-01-05T08:30:00Z"));
        assertThat(e.timeZone()).isEqualTo("W. Europe Standard Time");
        assertThat(e.recurrence()).isEqualTo(new Recurrence(Recurrence.Frequency.WEEKLY, 1,
                List.of(DayOfWeek.MONDAY), 0, 0, 0, 0, LocalDate.parse("2026-12-28"), null));
        assertThat(e.location()).isEqualTo("Room 2");
        assertThat(e.attendees()).containsExactly(new Attendee("ben@contoso.com", "Ben", Attendee.Role.REQUIRED),
                new Attendee("dana@contoso.com", "Dana", Attendee.Role.OPTIONAL));
        assertThat(e.body()).isEqualTo("Weekly");
        assertThat(((EventItem) source.get("Calendar").get(0)).uid()).isEqualTo("uid-1");

        ContactItem c = (ContactItem) target.get("Contacts").stream().filter(o -> "Carl Clark".equals(
                ((ContactItem) o).displayName())).findFirst().orElseThrow();
        assertThat(c.displayName()).isEqualTo("Carl Clark");
        assertThat(c.name().given()).isEqualTo("Carl");
        assertThat(c.name().family()).isEqualTo("Clark");
        assertThat(c.company()).isEqualTo("Fabrikam");
        assertThat(c.jobTitle()).isEqualTo("Buyer");
        assertThat(c.addresses()).containsExactlyInAnyOrder(
                new ContactItem.Address(ContactItem.Place.HOME, "1 Main St", "Redmond", "WA", "98052", "USA"),
                new ContactItem.Address(ContactItem.Place.WORK, "2 Mill Rd", "Seattle", null, null, null));
        assertThat(c.phones()).containsExactly(
                new ContactItem.Phone(ContactItem.Phone.Type.HOME, "+1 425 555 0100"),
                new ContactItem.Phone(ContactItem.Phone.Type.MOBILE, "+1 425 555 0199"));
        assertThat(c.emails()).containsExactly("carl@fabrikam.com", "carl@home.example");
        assertThat(c.note()).isEqualTo("Met at the fair");

        TaskItem t = (TaskItem) target.get("Tasks").get(0);
        assertThat(t).isEqualTo(new TaskItem(null, "File taxes", LocalDate.parse("2026-04-30"),
                TaskItem.Status.IN_PROGRESS, "All receipts"));

        List<EwsDouble.Stored> stored = to.items(TARGET);
        assertThat(stored).hasSize(6).allSatisfy(s -> assertThat(s.stamp()).isNotBlank());
        EwsDouble.Stored event = stored.stream().filter(s -> "Jour fixe".equals(s.subject())).findFirst()
                .orElseThrow();
        assertThat(to.invitations(TARGET, event.id())).isEqualTo("SendToNone");
        assertThat(to.parts(TARGET, event.id())).containsKeys("Recurrence", "RequiredAttendees",
                "OptionalAttendees", "StartTimeZone", "Body");
    }

    /**
     * The library writes a recurrence's dates in the JVM's zone and reads them as UTC: in a JVM west of UTC
     * (Los Angeles) and one east of it (Tokyo) the series still ends on its day.
     */
    @Test
    void recurrenceDatesShouldKeepTheirDayWhateverTheJvmZone() throws Exception {
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        try {
            for (String zone : List.of("America/Los_Angeles", "Asia/Tokyo")) {
                java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(zone));
                stop();
                seed();
                assertThat(run(new InMemoryLedger(), RunKind.FULL).state()).isEqualTo(MailboxState.COMPLETED);
                EventItem e = (EventItem) read(to, TARGET).get("Calendar").get(0);
                assertThat(e.recurrence().until()).as(zone).isEqualTo(LocalDate.parse("2026-12-28"));
                assertThat(((TaskItem) read(to, TARGET).get("Tasks").get(0)).due()).as(zone)
                        .isEqualTo(LocalDate.parse("2026-04-30"));
            }
        } finally {
            java.util.TimeZone.setDefault(before);
        }
    }

    /**
     * Exchange to Microsoft 365: the same items, read by the EWS source, land in the Graph double through the real
     * Graph connector (learn.microsoft.com/graph/api/calendar-post-events, user-post-contacts, todotasklist-post-tasks)
     * with their fields, and a second pass with the ledger lost copies nothing.
     */
    @Test
    void calendarContactAndTaskItemsShouldReachMicrosoft365WithTheirFields() {
        try (GraphDouble graph = new GraphDouble()) {
            String user = graph.addUser(TARGET, "Anna");
            MailboxAccess m365 = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(),
                    ConnectionRole.TARGET, 4, true);
            MailboxOutcome first = run(new InMemoryLedger(), RunKind.FULL, m365);
            MailboxOutcome again = run(new InMemoryLedger(), RunKind.DELTA, m365);

            assertThat(first.state()).as(first.report().verdict()).isEqualTo(MailboxState.COMPLETED);
            assertThat(first.report().verdict()).startsWith("All 5 source items are on the target");
            assertThat(graph.pim().items(user, "calendar", "Team")).singleElement().satisfies(e -> {
                assertThat(e.path("isAllDay").asBoolean()).isTrue();
                assertThat(e.path("start").path("dateTime").asText()).isEqualTo("2026-06-02T00:00:00");
            });
            assertThat(again.state()).as(again.report().verdict()).isEqualTo(MailboxState.COMPLETED);
            assertThat(again.report().itemsCopied()).isZero();
            List<ObjectNode> events = graph.pim().items(user, "calendar", "Calendar");
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.path("subject").asText()).isEqualTo("Jour fixe");
                assertThat(e.path("start").path("dateTime").asText()).isEqualTo("2026-01-05T09:00:00");
                assertThat(e.path("end").path("dateTime").asText()).isEqualTo("2026-01-05T09:30:00");
                assertThat(e.path("recurrence").path("pattern").path("type").asText()).isEqualTo("weekly");
                assertThat(e.path("recurrence").path("range").path("endDate").asText()).isEqualTo("2026-12-28");
                assertThat(e.path("attendees")).hasSize(2);
                assertThat(e.path("attendees").get(1).path("type").asText()).isEqualTo("optional");
                assertThat(e.path("location").path("displayName").asText()).isEqualTo("Room 2");
                assertThat(e.path("body").path("content").asText()).isEqualTo("Weekly");
            });
            assertThat(graph.pim().items(user, "contacts", "Contacts")).singleElement().satisfies(c -> {
                assertThat(c.path("givenName").asText()).isEqualTo("Carl");
                assertThat(c.path("surname").asText()).isEqualTo("Clark");
                assertThat(c.path("companyName").asText()).isEqualTo("Fabrikam");
                assertThat(c.path("homeAddress").path("street").asText()).isEqualTo("1 Main St");
                assertThat(c.path("businessAddress").path("city").asText()).isEqualTo("Seattle");
                assertThat(c.path("homePhones").get(0).asText()).isEqualTo("+1 425 555 0100");
                assertThat(c.path("mobilePhone").asText()).isEqualTo("+1 425 555 0199");
                assertThat(c.path("emailAddresses")).hasSize(2);
            });
            assertThat(graph.pim().items(user, "tasks", "Tasks")).singleElement().satisfies(t -> {
                assertThat(t.path("title").asText()).isEqualTo("File taxes");
                assertThat(t.path("status").asText()).isEqualTo("inProgress");
                assertThat(t.path("body").path("content").asText()).isEqualTo("All receipts");
            });
            assertThat(graph.written(TARGET)).hasSize(1);
        }
    }
}
