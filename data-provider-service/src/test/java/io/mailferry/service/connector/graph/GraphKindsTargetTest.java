package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.Recurrence;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.VCard;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft 365 as a target for calendars, contacts and tasks through Graph (ADR 0026), against the Graph double that
 * follows learn.microsoft.com/graph/api/user-list-calendars, user-post-calendars, calendar-post-events,
 * user-post-contacts, contactfolder-post-contacts, user-post-contactfolders, todo-list-lists, todo-post-lists and
 * todotasklist-post-tasks: the default folders are found whatever their names, other folders created once, each item
 * written with its essential fields in Graph's shapes and with its identity stamp, which finds it again after a crash.
 */
class GraphKindsTargetTest {
    private static final String BOX = "meike@contoso.example";
    static final EventItem EVENT = new EventItem("uid-7", "Steering board", Instant.parse("2026-03-10T08:00:00Z"),
            Instant.parse("2026-03-10T09:30:00Z"), "W. Europe Standard Time", false,
            new Recurrence(Recurrence.Frequency.MONTHLY, 1, List.of(DayOfWeek.TUESDAY), 2, 0, 0, 6, null, null),
            "Room 4.12", null, List.of(new Attendee("ben@contoso.com", "Ben", Attendee.Role.REQUIRED),
                    new Attendee("cara@contoso.com", "Cara", Attendee.Role.OPTIONAL)),
            "Agenda", "<p>Agenda</p>");
    static final ContactItem CONTACT = new ContactItem("c-7", "Anna Müller",
            new ContactItem.Name("Müller", "Anna", "Maria", "Dr.", null), "Contoso", "Sales", "Head of sales",
            List.of(new ContactItem.Address(ContactItem.Place.WORK, "Bahnhofstrasse 1", "Zürich", "ZH", "8001",
                    "Switzerland")),
            List.of(new ContactItem.Phone(ContactItem.Phone.Type.WORK, "+41 44 123 45 67"),
                    new ContactItem.Phone(ContactItem.Phone.Type.MOBILE, "+41 79 123 45 67"),
                    new ContactItem.Phone(ContactItem.Phone.Type.WORK_FAX, "+41 44 123 45 00")),
            List.of("anna@contoso.com"), "Met at the fair");
    static final TaskItem TASK = new TaskItem("t-7", "Send the report", LocalDate.parse("2026-03-15"),
            TaskItem.Status.WAITING_ON_OTHERS, "Before Friday");

    private final GraphDouble graph = new GraphDouble();
    private final GraphMailboxAccess access = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(),
            ConnectionRole.TARGET, 4, true);

    @AfterEach
    void stop() {
        graph.close();
    }

    private TargetMailbox open() throws MailboxException {
        return access.openTarget(new Login(BOX, null, null));
    }

    private static WriteRequest request(byte[] content, String stamp) {
        return new WriteRequest(null, BufferedContent.of(content), ItemState.NONE, null, stamp);
    }

    @Test
    void theDefaultCalendarContactsAndTaskListShouldBeFoundAndOthersCreatedOnce() throws Exception {
        String user = graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            List<MailFolder> folders = target.folders();
            assertThat(folders).filteredOn(f -> f.folderClass() != FolderClass.MAIL)
                    .extracting(MailFolder::displayPath, MailFolder::type, MailFolder::folderClass)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("Calendar", FolderType.CALENDAR, FolderClass.CALENDAR),
                            org.assertj.core.groups.Tuple.tuple("Contacts", FolderType.CONTACTS, FolderClass.CONTACTS),
                            org.assertj.core.groups.Tuple.tuple("Tasks", FolderType.TASKS, FolderClass.TASKS));
            MailFolder calendar = target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR);
            MailFolder team = target.ensureFolder(List.of("Calendar", "Team"), FolderClass.CALENDAR);
            MailFolder again = target.ensureFolder(List.of("Calendar", "Team"), FolderClass.CALENDAR);
            MailFolder mailTeam = target.ensureFolder(List.of("Team"), FolderClass.MAIL);

            assertThat(calendar.type()).isEqualTo(FolderType.CALENDAR);
            assertThat(again.id()).isEqualTo(team.id());
            assertThat(mailTeam.id()).isNotEqualTo(team.id());
            assertThat(graph.pim().calendars(user)).containsExactly("Calendar", "Team");
            assertThat(target.capabilities(team).kinds()).containsExactlyInAnyOrder(ItemKind.EVENT, ItemKind.CONTACT,
                    ItemKind.TASK);
            assertThat(target.capabilities(team).stamps()).isTrue();
            assertThat(target.capabilities().kinds()).contains(ItemKind.MESSAGE, ItemKind.EVENT);
        }
    }

    @Test
    void anEventShouldBeCreatedWithStartEndZoneRecurrenceLocationAttendeesBodyAndStamp() throws Exception {
        String user = graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder calendar = target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR);
            List<WriteResult> results = target.write(calendar, List.of(request(ICalendar.write(EVENT), "mf1-e")));

            assertThat(results).singleElement().matches(WriteResult::ok);
            ObjectNode e = graph.pim().items(user, "calendar", "Calendar").get(0);
            assertThat(e.path("subject").asText()).isEqualTo("Steering board");
            assertThat(e.path("start").path("dateTime").asText()).isEqualTo("2026-03-10T09:00:00");
            assertThat(e.path("start").path("timeZone").asText()).isEqualTo("W. Europe Standard Time");
            assertThat(e.path("end").path("dateTime").asText()).isEqualTo("2026-03-10T10:30:00");
            assertThat(e.path("location").path("displayName").asText()).isEqualTo("Room 4.12");
            assertThat(e.path("body").path("contentType").asText()).isEqualTo("html");
            assertThat(e.path("body").path("content").asText()).isEqualTo("<p>Agenda</p>");
            JsonNode pattern = e.path("recurrence").path("pattern");
            assertThat(pattern.path("type").asText()).isEqualTo("relativeMonthly");
            assertThat(pattern.path("index").asText()).isEqualTo("second");
            assertThat(pattern.path("daysOfWeek").get(0).asText()).isEqualTo("tuesday");
            JsonNode range = e.path("recurrence").path("range");
            assertThat(range.path("type").asText()).isEqualTo("numbered");
            assertThat(range.path("numberOfOccurrences").asInt()).isEqualTo(6);
            assertThat(range.path("startDate").asText()).isEqualTo("2026-03-10");
            assertThat(e.path("attendees")).hasSize(2);
            assertThat(e.path("attendees").get(1).path("type").asText()).isEqualTo("optional");
            assertThat(e.path("attendees").get(1).path("emailAddress").path("address").asText())
                    .isEqualTo("cara@contoso.com");
            assertThat(target.list(calendar, null, 10).items()).singleElement().satisfies(i -> {
                assertThat(i.stamp()).isEqualTo("mf1-e");
                assertThat(i.kind()).isEqualTo(ItemKind.EVENT);
                assertThat(i.subject()).isEqualTo("Steering board");
            });
        }
    }

    @Test
    void aContactShouldBeCreatedWithNamesAddressPhonesCompanyAndStamp() throws Exception {
        String user = graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder contacts = target.ensureFolder(List.of("Contacts"), FolderClass.CONTACTS);
            MailFolder clients = target.ensureFolder(List.of("Clients"), FolderClass.CONTACTS);
            target.write(contacts, List.of(request(VCard.write(CONTACT), "mf1-c")));
            target.write(clients, List.of(request(VCard.write(CONTACT), "mf1-d")));

            ObjectNode c = graph.pim().items(user, "contacts", "Contacts").get(0);
            assertThat(c.path("givenName").asText()).isEqualTo("Anna");
            assertThat(c.path("surname").asText()).isEqualTo("Müller");
            assertThat(c.path("middleName").asText()).isEqualTo("Maria");
            assertThat(c.path("title").asText()).isEqualTo("Dr.");
            assertThat(c.path("displayName").asText()).isEqualTo("Anna Müller");
            assertThat(c.path("companyName").asText()).isEqualTo("Contoso");
            assertThat(c.path("department").asText()).isEqualTo("Sales");
            assertThat(c.path("businessAddress").path("city").asText()).isEqualTo("Zürich");
            assertThat(c.path("businessAddress").path("countryOrRegion").asText()).isEqualTo("Switzerland");
            assertThat(c.path("businessPhones").get(0).asText()).isEqualTo("+41 44 123 45 67");
            assertThat(c.path("mobilePhone").asText()).isEqualTo("+41 79 123 45 67");
            assertThat(c.path("emailAddresses").get(0).path("address").asText()).isEqualTo("anna@contoso.com");
            assertThat(c.path("personalNotes").asText()).isEqualTo("Met at the fair");
            assertThat(c.path("singleValueExtendedProperties").toString()).contains("MailferryStamp", "mf1-c",
                    "0x3A24", "+41 44 123 45 00");
            assertThat(graph.pim().items(user, "contacts", "Clients")).hasSize(1);
            assertThat(target.list(clients, null, 10).items()).extracting(ItemRef::stamp).containsExactly("mf1-d");
        }
    }

    @Test
    void aTaskShouldBeCreatedWithSubjectDueDateStatusBodyAndAStampedLinkedResource() throws Exception {
        String user = graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            assertThat(target.folders()).extracting(MailFolder::displayPath).doesNotContain("Flagged email");
            MailFolder tasks = target.ensureFolder(List.of("Tasks"), FolderClass.TASKS);
            target.write(tasks, List.of(request(ICalendar.write(TASK), "mf1-t")));

            ObjectNode t = graph.pim().items(user, "tasks", "Tasks").get(0);
            assertThat(t.path("title").asText()).isEqualTo("Send the report");
            assertThat(t.path("dueDateTime").path("dateTime").asText()).startsWith("2026-03-15T00:00:00");
            assertThat(t.path("status").asText()).isEqualTo("waitingOnOthers");
            assertThat(t.path("body").path("content").asText()).isEqualTo("Before Friday");
            assertThat(t.path("linkedResources").get(0).path("externalId").asText()).isEqualTo("mf1-t");
            assertThat(target.list(tasks, null, 10).items()).extracting(ItemRef::stamp).containsExactly("mf1-t");
        }
    }

    @Test
    void aWriteWhoseAnswerWasLostShouldBeFoundByItsStampAndAnUnwrittenOneNot() throws Exception {
        graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder calendar = target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR);
            MailFolder tasks = target.ensureFolder(List.of("Tasks"), FolderClass.TASKS);
            String event = target.write(calendar, List.of(request(ICalendar.write(EVENT), "mf1-e"))).get(0)
                    .targetId();
            String task = target.write(tasks, List.of(request(ICalendar.write(TASK), "mf1-t"))).get(0).targetId();
            try (TargetMailbox fresh = open()) { // a new session after a crash knows nothing of the writes
                fresh.folders();
                assertThat(fresh.arrived(calendar, List.of(new PendingWrite(null, null, 0, "k", "mf1-e"),
                        new PendingWrite(null, null, 0, "k", "mf1-x")), Set.of())).containsExactly(event, null);
                assertThat(fresh.arrived(tasks, List.of(new PendingWrite(null, null, 0, "k", "mf1-t")), Set.of()))
                        .containsExactly(task);
                assertThat(fresh.arrived(tasks, List.of(new PendingWrite(null, null, 0, "k", "mf1-t")),
                        Set.of(task))).as("the ledger's own copy is never answered").containsExactly((String) null);
            }
        }
    }

    @Test
    void aMissingPermissionShouldRefuseThatKindsFoldersAloneWithTheSentence() throws Exception {
        graph.addUser(BOX, "Meike");
        graph.deny(GraphPimStore.TASKS_READ_WRITE);
        try (TargetMailbox target = open()) {
            assertThat(target.folders()).extracting(MailFolder::folderClass).contains(FolderClass.MAIL,
                    FolderClass.CALENDAR).doesNotContain(FolderClass.TASKS);
            assertThat(target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR)).isNotNull();
            assertThatThrownBy(() -> target.ensureFolder(List.of("Tasks"), FolderClass.TASKS))
                    .isInstanceOf(MailboxException.class)
                    .hasMessageContaining("Tasks.ReadWrite.All")
                    .satisfies(e -> assertThat(((MailboxException) e).kind()).isEqualTo(MailboxException.Kind.ITEM));
        }
    }

    @Test
    void aGraphSignInRefusedShouldLeaveMailWrittenOverImapAloneAndRefuseOnlyTheOtherKindsFolders() throws Exception {
        String refusal = "Microsoft 365 sign-in failed: the application has not been consented in the tenant.";
        GraphMailboxAccess noGraph = new GraphMailboxAccess(graph.cloud(), (s, f) -> {
            throw new MailboxException(MailboxException.Kind.FATAL, refusal);
        }, ConnectionRole.TARGET, 4, true);
        io.mailferry.service.engine.fake.FakeMailServer imap = io.mailferry.service.engine.fake.FakeMailServer.target();
        TargetMailbox mail = new io.mailferry.service.engine.fake.FakeAccess(imap).openTarget(new Login(BOX, null,
                null));
        try (TargetMailbox target = noGraph.withOtherKinds(mail, new Login(BOX, null, null))) {
            assertThat(target.folders()).extracting(MailFolder::folderClass).containsOnly(FolderClass.MAIL);
            assertThat(target.ensureFolder(List.of("Projects"), FolderClass.MAIL)).isNotNull();
            assertThatThrownBy(() -> target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR))
                    .isInstanceOf(MailboxException.class).hasMessage(refusal)
                    .satisfies(e -> assertThat(((MailboxException) e).kind()).isEqualTo(MailboxException.Kind.ITEM));
        }
    }

    @Test
    void anItemThatCannotBeReadShouldBeRejectedAloneWithAPlainReason() throws Exception {
        graph.addUser(BOX, "Meike");
        try (TargetMailbox target = open()) {
            MailFolder calendar = target.ensureFolder(List.of("Calendar"), FolderClass.CALENDAR);
            List<WriteResult> r = target.write(calendar, List.of(request("not a calendar".getBytes(), "mf1-z"),
                    request(ICalendar.write(EVENT), "mf1-e")));

            assertThat(r.get(0).ok()).isFalse();
            assertThat(r.get(0).error()).startsWith("The calendar item could not be read from the source's data");
            assertThat(r.get(1).ok()).isTrue();
        }
    }
}
