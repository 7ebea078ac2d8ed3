package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.MailFolder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Folder classes in the mapping (ADR 0026): each class maps among its own kind; default folders meet; selection. */
class FolderMapperKindsTest {
    private static MailFolder f(String id, FolderClass c, FolderType type, String path) {
        return new MailFolder(id, id, Arrays.asList(path.split("/")), '/', type, true, c);
    }

    private static FolderPlan map(FolderFilter filter, List<MailFolder> source, List<MailFolder> target) {
        return new FolderMapper(filter).map(source, target, FolderNameRules.CASE_INSENSITIVE);
    }

    @Test
    void defaultCalendarContactsAndTasksShouldGoToTheTargetsOwnWhateverTheirNames() {
        List<MailFolder> source = List.of(f("s1", FolderClass.CALENDAR, FolderType.CALENDAR, "Kalender"),
                f("s2", FolderClass.CALENDAR, FolderType.OTHER, "Kalender/Team"),
                f("s3", FolderClass.CONTACTS, FolderType.CONTACTS, "Kontakte"),
                f("s4", FolderClass.TASKS, FolderType.TASKS, "Aufgaben"));
        List<MailFolder> target = List.of(f("t1", FolderClass.CALENDAR, FolderType.CALENDAR, "Calendar"),
                f("t2", FolderClass.CONTACTS, FolderType.CONTACTS, "Contacts"),
                f("t3", FolderClass.TASKS, FolderType.TASKS, "Tasks"));

        FolderPlan plan = map(FolderFilter.all(), source, target);

        assertThat(plan.mappings()).extracting(m -> m.source().id() + "->" + m.targetDisplayPath())
                .containsExactlyInAnyOrder("s1->Calendar", "s2->Calendar/Team", "s3->Contacts", "s4->Tasks");
    }

    @Test
    void aMailFolderAndATaskListOfTheSameNameShouldStayTwoFolders() {
        List<MailFolder> source = List.of(f("m", FolderClass.MAIL, FolderType.OTHER, "Tasks"),
                f("t", FolderClass.TASKS, FolderType.OTHER, "tasks"));
        List<MailFolder> target = List.of(f("x", FolderClass.MAIL, FolderType.OTHER, "TASKS"));

        FolderPlan plan = map(FolderFilter.all(), source, target);

        assertThat(plan.mappings()).extracting(m -> m.source().id() + "->" + m.targetDisplayPath())
                .containsExactlyInAnyOrder("m->TASKS", "t->tasks");
    }

    @Test
    void kindsShouldSelectWholeClassesAndMailTypesShouldApplyToMailFoldersOnly() {
        List<MailFolder> source = List.of(f("i", FolderClass.MAIL, FolderType.INBOX, "INBOX"),
                f("o", FolderClass.MAIL, FolderType.OTHER, "Projects"),
                f("c", FolderClass.CALENDAR, FolderType.CALENDAR, "Calendar"),
                f("p", FolderClass.CONTACTS, FolderType.CONTACTS, "Contacts"));
        FolderFilter inboxAndCalendars = new FolderFilter(List.of(), List.of(), Set.of(FolderType.INBOX), List.of(),
                Set.of(FolderClass.MAIL, FolderClass.CALENDAR));

        FolderPlan plan = map(inboxAndCalendars, source, List.of());

        assertThat(plan.mappings()).extracting(m -> m.source().id()).containsExactly("c", "i");
        assertThat(plan.leftOut()).containsEntry("Contacts", "contacts folders are not selected")
                .containsEntry("Projects", "folder type OTHER not selected");
    }
}
