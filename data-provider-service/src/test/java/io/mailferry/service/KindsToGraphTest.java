package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
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
import io.mailferry.service.engine.opaque.OpaqueAccess;
import io.mailferry.service.engine.opaque.OpaqueMailServer;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.MailboxAccess;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calendars, contacts and tasks through the engine into Microsoft 365 (the Graph double, written by the real Graph
 * connector) from a store that holds every kind (the opaque store, standing in for Exchange until the EWS side reads
 * them): the default folders meet the target's own whatever their names, a nested calendar becomes a calendar of its
 * own, every item lands once with its fields, a second pass copies nothing, and a lost ledger copies nothing twice
 * (the stamps are found). ADR 0026.
 */
class KindsToGraphTest {
    private static final String SOURCE = "anna@old.example";
    private static final String TARGET = "anna@contoso.example";
    private static final EventItem WEEKLY = new EventItem("uid-1", "Jour fixe", Instant.parse("2026-01-05T08:00:00Z"),
            Instant.parse("2026-01-05T08:30:00Z"), "Europe/Berlin", false,
            new Recurrence(Recurrence.Frequency.WEEKLY, 1, List.of(DayOfWeek.MONDAY), 0, 0, 0, 0,
                    LocalDate.parse("2026-12-28"), DayOfWeek.MONDAY),
            "Room 2", null, List.of(new Attendee("ben@contoso.com", "Ben", Attendee.Role.REQUIRED)), "Weekly", null);
    private static final EventItem ALL_DAY = new EventItem("uid-2", "Offsite", Instant.parse("2026-06-01T22:00:00Z"),
            Instant.parse("2026-06-03T22:00:00Z"), "Europe/Berlin", true, null, "Lake", null, List.of(), null, null);
    private static final ContactItem CONTACT = new ContactItem("c-1", "Carl Clark",
            new ContactItem.Name("Clark", "Carl", null, null, null), "Fabrikam", null, null,
            List.of(new ContactItem.Address(ContactItem.Place.HOME, "1 Main St", "Redmond", "WA", "98052", "USA")),
            List.of(new ContactItem.Phone(ContactItem.Phone.Type.HOME, "+1 425 555 0100")),
            List.of("carl@fabrikam.com"), null);
    private static final TaskItem TASK = new TaskItem("t-1", "File taxes", LocalDate.parse("2026-04-30"),
            TaskItem.Status.NOT_STARTED, "All receipts");

    private final OpaqueMailServer source = new OpaqueMailServer(9);
    private GraphDouble graph;
    private String user;

    @BeforeEach
    void seed() {
        graph = new GraphDouble();
        user = graph.addUser(TARGET, "Anna");
        source.seed(SOURCE, List.of("INBOX"), TestMessages.simple("hello", "<hello@x>"), ItemState.NONE,
                Instant.parse("2026-01-01T00:00:00Z"));
        source.ensure(SOURCE, "Kalender", FolderClass.CALENDAR, FolderType.CALENDAR);
        source.ensure(SOURCE, "Kontakte", FolderClass.CONTACTS, FolderType.CONTACTS);
        source.ensure(SOURCE, "Aufgaben", FolderClass.TASKS, FolderType.TASKS);
        source.seed(SOURCE, List.of("Kalender"), FolderClass.CALENDAR, ICalendar.write(WEEKLY));
        source.seed(SOURCE, List.of("Kalender", "Team"), FolderClass.CALENDAR, ICalendar.write(ALL_DAY));
        source.seed(SOURCE, List.of("Kontakte"), FolderClass.CONTACTS, VCard.write(CONTACT));
        source.seed(SOURCE, List.of("Aufgaben"), FolderClass.TASKS, ICalendar.write(TASK));
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private MailboxOutcome run(Ledger ledger, RunKind kind) {
        MailboxAccess target = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(), ConnectionRole.TARGET,
                4, true);
        MailboxTask task = new MailboxTask("pair-kinds", new OpaqueAccess(source),
                new MailboxAccess.Login(SOURCE, null, null), target, new MailboxAccess.Login(TARGET, null, null),
                JobOptions.defaults(), kind, SOURCE, TARGET);
        return new MigrationEngine(ledger, new InMemoryCheckpoints(), EngineSettings.defaults().withBatches(5, 2))
                .run(task, ProgressListener.NONE, new StopSignal());
    }

    @Test
    void everyKindShouldLandOnceWithItsFieldsAndNeitherADeltaNorALostLedgerShouldCopyAnythingTwice() {
        MailboxOutcome first = run(new InMemoryLedger(), RunKind.FULL);
        MailboxOutcome delta = run(new InMemoryLedger(), RunKind.DELTA); // the ledger is lost: only stamps tell

        assertThat(first.state()).as(first.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verdict()).startsWith("All 5 source items are on the target");
        assertThat(delta.state()).as(delta.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().itemsCopied()).isZero();
        assertThat(graph.pim().calendars(user)).containsExactly("Calendar", "Team");
        List<ObjectNode> events = graph.pim().items(user, "calendar", "Calendar");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("subject").asText()).isEqualTo("Jour fixe");
            assertThat(e.path("start").path("dateTime").asText()).isEqualTo("2026-01-05T09:00:00");
            assertThat(e.path("start").path("timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(e.path("recurrence").path("pattern").path("type").asText()).isEqualTo("weekly");
            assertThat(e.path("recurrence").path("range").path("endDate").asText()).isEqualTo("2026-12-28");
            assertThat(e.path("attendees").get(0).path("emailAddress").path("address").asText())
                    .isEqualTo("ben@contoso.com");
            assertThat(e.path("location").path("displayName").asText()).isEqualTo("Room 2");
            assertThat(e.path("body").path("content").asText()).isEqualTo("Weekly");
        });
        assertThat(graph.pim().items(user, "calendar", "Team")).singleElement().satisfies(e -> {
            assertThat(e.path("isAllDay").asBoolean()).isTrue();
            assertThat(e.path("start").path("dateTime").asText()).isEqualTo("2026-06-02T00:00:00");
            assertThat(e.path("end").path("dateTime").asText()).isEqualTo("2026-06-04T00:00:00");
        });
        assertThat(graph.pim().items(user, "contacts", "Contacts")).singleElement().satisfies(c -> {
            assertThat(c.path("surname").asText()).isEqualTo("Clark");
            assertThat(c.path("companyName").asText()).isEqualTo("Fabrikam");
            assertThat(c.path("homeAddress").path("street").asText()).isEqualTo("1 Main St");
            assertThat(c.path("homePhones").get(0).asText()).isEqualTo("+1 425 555 0100");
        });
        assertThat(graph.pim().items(user, "tasks", "Tasks")).singleElement().satisfies(t -> {
            assertThat(t.path("title").asText()).isEqualTo("File taxes");
            assertThat(t.path("status").asText()).isEqualTo("notStarted");
        });
        assertThat(graph.written(TARGET)).hasSize(1);
    }
}
