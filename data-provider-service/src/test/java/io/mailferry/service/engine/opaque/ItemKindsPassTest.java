package io.mailferry.service.engine.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.VCard;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Items of every kind through the engine (ADR 0026): calendar, contact and task items keep their kind and their
 * content between stores that hold them; a mail-only target gets the mail and reports the rest as not copied, with
 * the reason, item by item and in the verdict, on every pass, without creating folders for them; the job's kinds
 * select what is part of the job at all.
 */
class ItemKindsPassTest {
    private static final EventItem EVENT = new EventItem("uid-1", "Planning", Instant.parse("2026-03-10T08:00:00Z"),
            Instant.parse("2026-03-10T09:00:00Z"), "Europe/Berlin", false, null, "Room 1", null,
            List.of(new Attendee("ben@contoso.com", "Ben", Attendee.Role.REQUIRED)), "Agenda", null);
    private static final ContactItem CONTACT = new ContactItem("c-1", "Anna Müller",
            new ContactItem.Name("Müller", "Anna", null, null, null), "Contoso", null, null, List.of(),
            List.of(new ContactItem.Phone(ContactItem.Phone.Type.MOBILE, "+41 79 000 00 00")),
            List.of("anna@contoso.com"), null);
    private static final TaskItem TASK = new TaskItem("t-1", "Send the report", LocalDate.parse("2026-03-15"),
            TaskItem.Status.IN_PROGRESS, "Before Friday");

    private static OpaquePair seeded() {
        OpaquePair pair = new OpaquePair(26);
        pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("hello", "<hello@x>"),
                ItemState.NONE, Instant.parse("2026-01-01T00:00:00Z"));
        pair.source.seed(OpaquePair.SOURCE, List.of("Calendar"), FolderClass.CALENDAR, ICalendar.write(EVENT));
        pair.source.seed(OpaquePair.SOURCE, List.of("Contacts"), FolderClass.CONTACTS, VCard.write(CONTACT));
        pair.source.seed(OpaquePair.SOURCE, List.of("Tasks"), FolderClass.TASKS, ICalendar.write(TASK));
        return pair;
    }

    private static JobOptions kinds(FolderClass... kinds) {
        return new JobOptions(null, FolderFilter.all().withKinds(Set.of(kinds)), null, null, null, null, null, null,
                null, null);
    }

    @Test
    void calendarContactAndTaskItemsShouldKeepTheirKindAndFieldsBetweenStoresThatHoldThem() {
        OpaquePair pair = seeded();

        MailboxOutcome first = pair.run(RunKind.FULL);
        MailboxOutcome delta = pair.run(RunKind.DELTA);

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(first.report().verdict()).startsWith("All 4 source items are on the target");
        assertThat(delta.report().folders()).allMatch(f -> f.itemsCopied() == 0);
        List<byte[]> events = pair.target.contents(OpaquePair.TARGET, List.of("Calendar"), FolderClass.CALENDAR);
        assertThat(events).hasSize(1);
        assertThat(ICalendar.readEvent(events.get(0))).isEqualTo(EVENT);
        List<byte[]> contacts = pair.target.contents(OpaquePair.TARGET, List.of("Contacts"), FolderClass.CONTACTS);
        assertThat(contacts).hasSize(1);
        assertThat(VCard.read(contacts.get(0))).isEqualTo(CONTACT);
        List<byte[]> tasks = pair.target.contents(OpaquePair.TARGET, List.of("Tasks"), FolderClass.TASKS);
        assertThat(tasks).hasSize(1);
        assertThat(ICalendar.readTask(tasks.get(0))).isEqualTo(TASK);
        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Tasks"), FolderClass.MAIL)).isEmpty();
        assertThat(pair.target.items(OpaquePair.TARGET, List.of("INBOX"))).extracting(ItemRef::kind)
                .containsExactly(ItemKind.MESSAGE);
    }

    @Test
    void aMailOnlyTargetShouldGetTheMailAndReportEveryOtherItemAsNotCopiedWithTheReason() {
        OpaquePair pair = seeded();
        FakeMailServer imap = FakeMailServer.target();
        pair.targetAccess = new FakeAccess(imap);

        MailboxOutcome first = pair.run(RunKind.FULL);
        MailboxOutcome second = pair.run(RunKind.DELTA);

        for (MailboxOutcome o : List.of(first, second)) {
            assertThat(o.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
            assertThat(o.report().verdict()).startsWith("1 of 4 source items is on the target; 3 are not: 3 not "
                    + "copied (calendar, contact or task items the target cannot hold).");
            assertThat(o.report().issues()).extracting(ItemIssue::folder, ItemIssue::outcome, ItemIssue::reason)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("Calendar", ItemOutcome.SKIPPED,
                                    "not copied: calendar items cannot be written to the target fake server"),
                            org.assertj.core.groups.Tuple.tuple("Contacts", ItemOutcome.SKIPPED,
                                    "not copied: contacts cannot be written to the target fake server"),
                            org.assertj.core.groups.Tuple.tuple("Tasks", ItemOutcome.SKIPPED,
                                    "not copied: tasks cannot be written to the target fake server"));
            assertThat(o.report().folders()).filteredOn(f -> f.sourceFolder().equals("Calendar"))
                    .singleElement().satisfies(f -> {
                        assertThat(f.itemsSelected()).isEqualTo(1);
                        assertThat(f.itemsSkipped()).isEqualTo(1);
                    });
        }
        assertThat(imap.messages("INBOX")).hasSize(1);
        assertThat(imap.folderPaths()).contains("INBOX").doesNotContain("Calendar", "Contacts", "Tasks");
    }

    /**
     * Deletion sync deletes mail only: a copied meeting deleted on the target would send its attendees a cancellation,
     * and calendar, contact and task items carry no flags that would tell a copy its user changed.
     */
    @Test
    void deletionSyncShouldDeleteMailButLeaveCalendarContactAndTaskCopiesAlone() throws Exception {
        OpaquePair pair = new OpaquePair(26);
        Instant when = Instant.parse("2026-01-01T00:00:00Z");
        pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("hello", "<hello@x>"),
                ItemState.NONE, when);
        String bye = pair.source.seed(OpaquePair.SOURCE, List.of("INBOX"), TestMessages.simple("bye", "<bye@x>"),
                ItemState.NONE, when);
        String event = pair.source.seed(OpaquePair.SOURCE, List.of("Calendar"), FolderClass.CALENDAR,
                ICalendar.write(EVENT));
        JobOptions sync = JobOptions.defaults().withDeletionSync(true);
        pair.run(RunKind.FULL, sync);
        pair.source.delete(OpaquePair.SOURCE, pair.source.ensure(OpaquePair.SOURCE, List.of("Calendar"),
                FolderClass.CALENDAR).id(), List.of(event));
        pair.source.delete(OpaquePair.SOURCE, pair.source.ensure(OpaquePair.SOURCE, List.of("INBOX")).id(),
                List.of(bye));

        MailboxOutcome out = pair.run(RunKind.FULL, sync);

        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Calendar"), FolderClass.CALENDAR)).hasSize(1);
        assertThat(pair.target.items(OpaquePair.TARGET, List.of("INBOX"))).hasSize(1);
        assertThat(out.report().deletedOnTarget()).isEqualTo(1);
    }

    /** Move mode moves mail only: calendar, contact and task items are copied and stay on the source. */
    @Test
    void moveModeShouldDeleteOnlyMailFromTheSource() {
        OpaquePair pair = seeded();

        MailboxOutcome out = pair.run(RunKind.FULL, new JobOptions(null, null, null, null, null, null, true, null,
                null, null));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(pair.source.items(OpaquePair.SOURCE, List.of("INBOX"))).isEmpty();
        assertThat(pair.source.contents(OpaquePair.SOURCE, List.of("Calendar"), FolderClass.CALENDAR)).hasSize(1);
        assertThat(pair.source.contents(OpaquePair.SOURCE, List.of("Contacts"), FolderClass.CONTACTS)).hasSize(1);
        assertThat(pair.source.contents(OpaquePair.SOURCE, List.of("Tasks"), FolderClass.TASKS)).hasSize(1);
        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Calendar"), FolderClass.CALENDAR)).hasSize(1);
        assertThat(out.report().verdict()).contains("1 item was deleted from the source");
    }

    @Test
    void kindsLeftOutOfTheJobShouldNeitherBeCopiedNorCounted() {
        OpaquePair pair = seeded();
        pair.targetAccess = new FakeAccess(FakeMailServer.target());

        MailboxOutcome mailOnly = pair.run(RunKind.FULL, kinds(FolderClass.MAIL));

        assertThat(mailOnly.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(mailOnly.report().verdict()).startsWith("The 1 source item is on the target.");
        assertThat(mailOnly.report().issues()).isEmpty();
    }

    @Test
    void onlyTheSelectedKindsShouldBeCopiedToAStoreThatHoldsThemAll() {
        OpaquePair pair = seeded();

        MailboxOutcome calendar = pair.run(RunKind.FULL, kinds(FolderClass.CALENDAR, FolderClass.TASKS));

        assertThat(calendar.report().verdict()).startsWith("All 2 source items are on the target");
        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Calendar"), FolderClass.CALENDAR)).hasSize(1);
        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Tasks"), FolderClass.TASKS)).hasSize(1);
        assertThat(pair.target.contents(OpaquePair.TARGET, List.of("Contacts"), FolderClass.CONTACTS)).isEmpty();
        assertThat(pair.target.items(OpaquePair.TARGET, List.of("INBOX"))).isEmpty();
    }
}
