package io.mailferry.admin.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.QueuedRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobWizardViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();
    private final JobWizardViewModel vm = new JobWizardViewModel(client, new DirectRunner());

    JobWizardViewModelTest() {
        client.add(connection("s1", "Old Dovecot", ConnectionRole.SOURCE));
        client.add(connection("t1", "New IMAP", ConnectionRole.TARGET));
    }

    static Connection connection(String id, String name, ConnectionRole role) {
        return new Connection(id, name, role, ConnectionKind.IMAP, null, null, null, true, Instant.now(),
                Instant.now(), null);
    }

    @Test
    void loadShouldPreselectTheOnlyConnectionOfEachSide() {
        vm.load();
        assertThat(vm.source().get().id()).isEqualTo("s1");
        assertThat(vm.target().get().id()).isEqualTo("t1");
    }

    @Test
    void generalStepShouldNeedANameAndBothConnections() {
        assertThat(vm.wizard().canNext().get()).isFalse();
        vm.load();
        assertThat(vm.wizard().canNext().get()).isFalse();
        vm.name().set("Wave 1");
        assertThat(vm.wizard().canNext().get()).isTrue();
    }

    @Test
    void sourcesShouldSplitLinesAndDropDuplicates() {
        vm.sourceMailboxes().set("anna@old.example\n\nbert@old.example; ANNA@old.example,carl@old.example");
        assertThat(vm.sourceList()).containsExactly("anna@old.example", "bert@old.example", "carl@old.example");
        assertThat(vm.sourcesError()).isNull();
        vm.sourceMailboxes().set("  ");
        assertThat(vm.sourcesError()).isEqualTo("Enter at least one source mailbox.");
    }

    @Test
    void matchingStepShouldBlockWhileAMailboxIsUnmatched() {
        walkToMatching();
        assertThat(vm.matching().rows()).hasSize(2);
        assertThat(vm.wizard().canNext().get()).isFalse();
        vm.matching().targetCandidates().set("anna@new.example\nbert@new.example");
        vm.matching().autoMatch();
        assertThat(vm.wizard().canNext().get()).isTrue();
    }

    @Test
    void foldersStepShouldRejectAnEmptyTypeSetAndReversedDates() {
        vm.folderTypes().clear();
        assertThat(vm.foldersError()).isEqualTo("Select at least one folder type.");
        vm.folderTypes().add(FolderType.INBOX);
        vm.after().set(LocalDate.of(2024, 5, 1));
        vm.before().set(LocalDate.of(2024, 1, 1));
        assertThat(vm.foldersError()).isEqualTo("The 'from' date must not be after the 'until' date.");
    }

    @Test
    void sourceListShouldDropDuplicatesIgnoringCaseAndKeepTheFirstSpelling() {
        vm.sourceMailboxes().set("Anna@old.example\nbert@old.example; anna@OLD.example,\n\n carl@old.example ");
        assertThat(vm.sourceList()).containsExactly("Anna@old.example", "bert@old.example", "carl@old.example");
        assertThat(vm.sourceList()).as("parsed once per change").isSameAs(vm.sourceList());
        vm.sourceMailboxes().set("x y");
        assertThat(vm.sourcesError()).isEqualTo("'x y' is not a mailbox address or login.");
    }

    @Test
    void aLongPastedSourceListShouldKeepEachMailboxOnceAndParseOncePerChange() {
        // speed is not asserted here (no timed unit tests): a quadratic de-duplication would make this test take
        // about a minute, and "parsed once per change" is checked by identity
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("user").append(i).append("@old.example\n");
            if (i % 1000 == 0) {
                text.append("USER").append(i).append("@old.example\n"); // the same mailbox in other case
            }
        }
        vm.sourceMailboxes().set(text + "x");
        List<String> first = vm.sourceList();
        assertThat(vm.sourcesError()).isNull();
        assertThat(first).hasSize(20_001).startsWith("user0@old.example").endsWith("x");
        assertThat(vm.sourceList()).isSameAs(first);
        vm.sourceMailboxes().set(text + "xy");
        assertThat(vm.sourceList()).isNotSameAs(first).endsWith("xy");
    }

    @Test
    void untilShouldIncludeItsDaySoOneDayIsAValidRange() {
        walkToMatching();
        vm.matching().targetCandidates().set("anna@new.example\nbert@new.example");
        vm.matching().autoMatch();
        vm.after().set(LocalDate.of(2024, 5, 1));
        vm.before().set(LocalDate.of(2024, 5, 1));
        assertThat(vm.foldersError()).isNull();
        JobRequest r = vm.request();
        ZoneId zone = ZoneId.systemDefault();
        assertThat(r.options().after()).isEqualTo(LocalDate.of(2024, 5, 1).atStartOfDay(zone).toInstant());
        assertThat(r.options().before()).as("the service's before is exclusive: the next day's start")
                .isEqualTo(LocalDate.of(2024, 5, 2).atStartOfDay(zone).toInstant());
        assertThat(vm.summary()).contains("Dates: from 2024-05-01 until 2024-05-01 (inclusive)");
    }

    @Test
    void optionsStepShouldRejectConcurrencyOutOfRange() {
        vm.concurrency().set("0");
        assertThat(vm.optionsError()).contains("1 to 200");
        vm.concurrency().set("5");
        vm.connections().set("17");
        assertThat(vm.optionsError()).contains("Connections per mailbox").contains("1 to 16");
        vm.connections().set("0");
        assertThat(vm.optionsError()).as("automatic is an empty field, not 0").contains("1 to 16");
        vm.connections().set("3");
        vm.maxItemMegabytes().set("-3");
        assertThat(vm.optionsError()).contains("megabytes");
        vm.maxItemMegabytes().set("");
        assertThat(vm.optionsError()).isNull();
    }

    @Test
    void finishShouldCreateTheJobWithEveryStepsChoices() {
        walkToMatching();
        vm.matching().targetCandidates().set("anna@new.example\nbert@new.example");
        vm.matching().autoMatch();
        vm.wizard().next();
        vm.folderTypes().removeAll(Set.of(FolderType.JUNK, FolderType.TRASH));
        vm.exclude().set("Archive/**, Old");
        vm.after().set(LocalDate.of(2020, 1, 1));
        vm.wizard().next();
        vm.duplicatePolicy().set(DuplicatePolicy.OVERWRITE);
        vm.foldersOnly().set(true);
        vm.concurrency().set("4");
        vm.connections().set("3");
        vm.maxItemMegabytes().set("25");
        vm.syncDeletions().set(true);
        vm.wizard().next();
        assertThat(vm.wizard().current().get().id()).isEqualTo(JobWizardViewModel.SCHEDULE);
        vm.wizard().next();
        assertThat(vm.wizard().current().get().id()).isEqualTo(JobWizardViewModel.SUMMARY);
        assertThat(vm.summary()).contains("Mailboxes: 2", "Mailboxes at once: 4, each with 3 connections to each server", "Source items: left untouched",
                "Schedule: none — start it with Start in the Jobs tab", "Deleted on the source: deleted on the target "
                + "too, when Mailferry copied it and it is unchanged there");

        List<Object> created = new ArrayList<>();
        vm.finish(created::add);
        assertThat(created).hasSize(1);
        JobRequest r = client.createdJobs.get(0);
        assertThat(r.name()).isEqualTo("Wave 1");
        assertThat(r.sourceConnectionId()).isEqualTo("s1");
        assertThat(r.targetConnectionId()).isEqualTo("t1");
        assertThat(r.pairs()).containsExactly(MailboxPairRequest.of("anna@old.example", "anna@new.example"),
                MailboxPairRequest.of("bert@old.example", "bert@new.example"));
        assertThat(r.options().folders().folderTypes()).containsExactlyInAnyOrder(
                FolderType.INBOX, FolderType.SENT, FolderType.DRAFTS, FolderType.ARCHIVE, FolderType.OTHER);
        assertThat(r.options().folders().exclude()).containsExactly("Archive/**", "Old");
        assertThat(r.options().after()).isNotNull();
        assertThat(r.options().before()).isNull();
        assertThat(r.options().duplicatePolicy()).isEqualTo(DuplicatePolicy.OVERWRITE);
        assertThat(r.options().migrationType()).isEqualTo(MigrationType.FOLDERS_ONLY);
        assertThat(r.options().concurrentMailboxes()).isEqualTo(4);
        assertThat(r.options().connectionsPerServer()).isEqualTo(3);
        assertThat(r.options().maxItemBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(r.options().deleteFromSource()).isFalse();
        assertThat(r.options().deletionSync()).isTrue();
        assertThat(client.schedules).as("no schedule set").isEmpty();
    }

    @Test
    void connectionsLeftEmptyShouldBeAutomatic() {
        assertThat(vm.connections().get()).as("the default").isEmpty();
        assertThat(vm.optionsError()).isNull();
        walkToSchedule();
        vm.wizard().next();
        assertThat(vm.summary()).contains("Mailboxes at once: 20, each with 2 connections to each server (automatic: 4"
                + " over a slow link; on a fast link 1 while three or more run)");

        vm.finish(created -> { });

        assertThat(client.createdJobs.get(0).options().connectionsPerServer()).as("0: automatic").isZero();
    }

    @Test
    void scheduleStepShouldRefuseWhatTheServiceWouldWithItsSentence() {
        assertThat(vm.scheduleError()).as("no schedule, nothing to check").isNull();
        vm.scheduled().set(true);
        assertThat(vm.scheduleError()).isNull();
        vm.windows().set("Mon-Fri 19-07\nMon-Fry 8-9");
        assertThat(vm.scheduleError()).isEqualTo("\"Fry\" in the activity period \"Mon-Fry 8-9\" is not a day of "
                + "the week (Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
        vm.windows().set("Mon-Fri 19-07");
        vm.deltaEveryHours().set("0");
        assertThat(vm.scheduleError()).isEqualTo(
                "A delta every … hours must be a number from 1 to 8760, or empty for none.");
        vm.deltaEveryHours().set("24");
        vm.startTime().set("7pm");
        assertThat(vm.scheduleError()).isEqualTo("The start time must be an hour such as 19:00.");
        vm.startTime().set("19:00");
        vm.startDate().set(LocalDate.of(2099, 1, 10));
        vm.cutOver().set(LocalDate.of(2099, 1, 10));
        assertThat(vm.scheduleError()).isEqualTo("The cut-over must be after the start day.");
        vm.cutOver().set(LocalDate.of(2099, 1, 31));
        assertThat(vm.scheduleError()).isNull();
    }

    @Test
    void finishShouldSaveTheScheduleOfTheNewJob() {
        JobWizardViewModel berlin = new JobWizardViewModel(client, new DirectRunner(), ZoneId.of("Europe/Berlin"));
        berlin.load();
        berlin.name().set("Nightly");
        berlin.wizard().next();
        berlin.sourceMailboxes().set("anna@old.example");
        berlin.wizard().next();
        berlin.matching().targetCandidates().set("anna@new.example");
        berlin.matching().autoMatch();
        berlin.wizard().next();
        berlin.wizard().next();
        berlin.wizard().next();
        assertThat(berlin.wizard().current().get().id()).isEqualTo(JobWizardViewModel.SCHEDULE);
        berlin.scheduled().set(true);
        berlin.startDate().set(LocalDate.of(2099, 1, 1));
        berlin.startTime().set("19");
        berlin.windows().set("Mon-Fri 19-07\n\nSat-Sun 0-24\n");
        berlin.deltaEveryHours().set("24");
        berlin.cutOver().set(LocalDate.of(2099, 2, 1));
        berlin.wizard().next();
        assertThat(berlin.summary()).contains("Schedule: first pass 2099-01-01 19:00, only Mon-Fri 19-07, Sat-Sun 0-24, "
                + "then a delta every 24 h until 2099-02-01 (Europe/Berlin)");

        List<Job> created = new ArrayList<>();
        berlin.finish(created::add);

        assertThat(created).singleElement().satisfies(j -> assertThat(j.nextRunAt()).isNotNull());
        JobSchedule saved = client.schedules.get(created.get(0).id());
        assertThat(saved).isEqualTo(new JobSchedule(Instant.parse("2099-01-01T18:00:00Z"),
                List.of("Mon-Fri 19-07", "Sat-Sun 0-24"), 24, Instant.parse("2099-01-31T23:00:00Z"), "Europe/Berlin"));
    }

    @Test
    void aRefusedScheduleShouldNotMakeTheNextFinishCreateTheJobAgain() {
        walkToSchedule();
        vm.scheduled().set(true);
        vm.startDate().set(LocalDate.of(2099, 1, 1));
        vm.startTime().set("19");
        vm.wizard().next();
        client.refuseSchedule = new ServiceException(400, "validation_failed", "The schedule ends before it starts.");

        List<Job> created = new ArrayList<>();
        vm.finish(created::add);

        assertThat(client.createdJobs).hasSize(1);
        assertThat(created).isEmpty();
        assertThat(vm.activity().error().get()).isEqualTo("Job 'Wave 1' was created, but its schedule was not saved:"
                + " The schedule ends before it starts. Press Finish to try the schedule again, or close the wizard"
                + " to keep the job without a schedule.");

        client.refuseSchedule = null;
        vm.finish(created::add);

        assertThat(client.createdJobs).as("created once").hasSize(1);
        assertThat(created).singleElement().satisfies(j -> assertThat(j.nextRunAt()).isNotNull());
        assertThat(client.schedules).containsOnlyKeys(created.get(0).id());
    }

    /** The job created and its schedule saved, the answer after that lost: Finish again creates nothing twice. */
    @Test
    void aFinishWhoseLastAnswerWasLostShouldNotCreateTheJobAgain() {
        walkToSchedule();
        vm.scheduled().set(true);
        vm.startDate().set(LocalDate.of(2099, 1, 1));
        vm.startTime().set("19");
        vm.wizard().next();
        client.failNextJobRead = new ServiceException(0, ServiceException.NOT_RUNNING, "The service does not answer.");

        List<Job> created = new ArrayList<>();
        vm.finish(created::add);
        assertThat(created).isEmpty();
        assertThat(vm.activity().error().get()).startsWith("Job 'Wave 1' was created, but then: The service does not"
                + " answer.");
        vm.name().set("Wave 1b");
        vm.finish(created::add);
        assertThat(vm.activity().error().get()).as("other input after the job exists is not silently dropped")
                .isEqualTo("Job 'Wave 1' was already created with what you entered first; change it in the Jobs"
                        + " tab, or close the wizard.");
        vm.name().set("Wave 1");
        vm.finish(created::add);

        assertThat(client.createdJobs).as("created once").hasSize(1);
        assertThat(created).singleElement().satisfies(j -> assertThat(j.nextRunAt()).isNotNull());
    }

    @Test
    void kindsShouldBeSentAsChosenAndAllOfThemAsTheEmptySetMeaningAll() {
        vm.load();
        vm.name().set("x");
        assertThat(vm.request().options().folders().kinds()).as("all kinds by default").isEmpty();
        vm.kinds().removeAll(Set.of(FolderClass.CONTACTS, FolderClass.TASKS));
        assertThat(vm.request().options().folders().kinds()).containsExactlyInAnyOrder(FolderClass.MAIL,
                FolderClass.CALENDAR);
        vm.kinds().clear();
        assertThat(vm.foldersError()).isEqualTo("Select at least one kind of folder.");
        vm.kinds().add(FolderClass.CALENDAR);
        vm.folderTypes().clear();
        assertThat(vm.foldersError()).as("mail folder types do not matter without mail").isNull();
        assertThat(vm.request().options().folders().kinds()).containsExactly(FolderClass.CALENDAR);
    }

    @Test
    void anImapTargetShouldBeNotedToHoldMailOnly() {
        vm.load();
        vm.target().set(new Connection("t9", "Dovecot", ConnectionRole.TARGET, ConnectionKind.IMAP, null, null,
                null, false, null, null, null));
        assertThat(vm.kindsNote()).startsWith("The target is an IMAP server, which holds mail only");
        vm.kinds().retainAll(Set.of(FolderClass.MAIL));
        assertThat(vm.kindsNote()).isEmpty();
    }

    @Test
    void allFolderTypesShouldBeSentAsTheEmptySetMeaningAll() {
        vm.load();
        vm.name().set("x");
        assertThat(vm.request().options().folders().folderTypes()).isEmpty();
    }

    /** Through matching (both mailboxes matched), folders and options with their defaults, to the schedule step. */
    private void walkToSchedule() {
        walkToMatching();
        vm.matching().targetCandidates().set("anna@new.example\nbert@new.example");
        vm.matching().autoMatch();
        vm.wizard().next();
        vm.wizard().next();
        vm.wizard().next();
        assertThat(vm.wizard().current().get().id()).isEqualTo(JobWizardViewModel.SCHEDULE);
    }

    private void walkToMatching() {
        vm.load();
        vm.name().set("Wave 1");
        vm.wizard().next();
        vm.sourceMailboxes().set("anna@old.example\nbert@old.example");
        assertThat(vm.wizard().next()).isTrue();
        assertThat(vm.wizard().current().get().id()).isEqualTo(JobWizardViewModel.MATCHING);
    }

    // --- Microsoft 365 connections

    static Connection microsoft365(String id, String name, ConnectionRole role) {
        return new Connection(id, name, role, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings("contoso.onmicrosoft.com", "11111111-2222-3333-4444-555555555555"), null, true,
                Instant.now(), Instant.now(), null);
    }

    @Test
    void aMicrosoft365TargetShouldBeToldWhatItsAppNeedsAndOfferItsDirectoryInTheMatchingStep() {
        vm.load();
        assertThat(vm.targetNote().get()).isEmpty();
        assertThat(vm.matching().canLoadDirectory().get()).isFalse();
        Connection tenant = client.add(microsoft365("t365", "Contoso 365", ConnectionRole.TARGET));
        vm.target().set(tenant);
        assertThat(vm.targetNote().get()).isEqualTo("'Contoso 365' is a Microsoft 365 connection: messages are "
                + "written over Exchange Online IMAP, so its app needs IMAP.AccessAsApp, and its Exchange service "
                + "principal needs FullAccess on every target mailbox.");
        assertThat(vm.matching().targetConnection().get()).isSameAs(tenant);
        assertThat(vm.matching().canLoadDirectory().get()).isTrue();
        assertThat(vm.canLoadSourceDirectory().get()).as("the source is IMAP").isFalse();
    }

    @Test
    void aTargetNotInTheLoadedDirectoryShouldBlockTheMatchingStepBeforeTheJobIsCreated() {
        client.add(microsoft365("t365", "Contoso 365", ConnectionRole.TARGET));
        client.directories.put("t365", List.of(new DirectoryMailbox("anna@contoso.example", "Anna", "user"),
                new DirectoryMailbox("bert@contoso.example", "Bert", "user")));
        vm.load();
        vm.target().set(client.connections.get("t365"));
        walkToMatching();
        vm.matching().editTarget(vm.matching().rows().get(0), "anna@contoso.example");
        vm.matching().editTarget(vm.matching().rows().get(1), "bert@contoso.exmaple");
        assertThat(vm.wizard().canNext().get()).isTrue();
        vm.matching().loadDirectory();
        assertThat(vm.wizard().canNext().get()).isFalse();
        vm.matching().editTarget(vm.matching().rows().get(1), "bert@contoso.example");
        assertThat(vm.wizard().canNext().get()).isTrue();
    }

    @Test
    void aMicrosoft365SourceShouldFillTheSourceListFromItsDirectory() {
        client.add(microsoft365("s365", "Contoso 365", ConnectionRole.SOURCE));
        client.directories.put("s365", List.of(new DirectoryMailbox("bert@contoso.example", "Bert", "user"),
                new DirectoryMailbox("anna@contoso.example", "Anna", "user")));
        vm.load();
        assertThat(vm.canLoadSourceDirectory().get()).isFalse();
        vm.source().set(client.connections.get("s365"));
        assertThat(vm.canLoadSourceDirectory().get()).isTrue();
        vm.sourceMailboxes().set("typed@old.example");
        vm.loadSourceDirectory();
        assertThat(vm.sourceList()).containsExactly("anna@contoso.example", "bert@contoso.example");
        assertThat(vm.sourceDirectoryStatus().get()).isEqualTo("2 mailboxes loaded from the directory of "
                + "'Contoso 365'. Delete the lines of mailboxes not to migrate.");
        vm.source().set(client.connections.get("s1"));
        assertThat(vm.sourceDirectoryStatus().get()).isEmpty();
        assertThat(vm.canLoadSourceDirectory().get()).isFalse();
    }

    @Test
    void aSourceDirectoryTheTenantRefusesShouldShowTheSentenceAndKeepTheList() {
        client.add(microsoft365("s365", "Contoso 365", ConnectionRole.SOURCE));
        client.directoryFailure = new ServiceException(502, "directory_failed", "Source Microsoft 365 tenant "
                + "contoso.onmicrosoft.com refused listing the tenant's users: the app needs the application "
                + "permission User.Read.All.");
        vm.source().set(client.connections.get("s365"));
        vm.sourceMailboxes().set("typed@old.example");
        vm.loadSourceDirectory();
        assertThat(vm.activity().error().get()).endsWith("User.Read.All.");
        assertThat(vm.sourceList()).containsExactly("typed@old.example");
    }

    @Test
    void typedOrEditedSourcesShouldBeCountedSoThatTheViewAsksBeforeALoadReplacesThem() {
        client.add(microsoft365("s365", "Contoso 365", ConnectionRole.SOURCE));
        client.directories.put("s365", List.of(new DirectoryMailbox("bert@contoso.example", "Bert", "user"),
                new DirectoryMailbox("anna@contoso.example", "Anna", "user")));
        vm.source().set(client.connections.get("s365"));
        assertThat(vm.sourcesTypedOrEdited()).as("an empty list").isZero();
        vm.sourceMailboxes().set("typed@old.example\nother@old.example\n");
        assertThat(vm.sourcesTypedOrEdited()).isEqualTo(2);
        vm.loadSourceDirectory();
        assertThat(vm.sourcesTypedOrEdited()).as("as the load left it").isZero();
        vm.sourceMailboxes().set("anna@contoso.example");
        assertThat(vm.sourcesTypedOrEdited()).as("trimmed after the load").isEqualTo(1);
    }

    @Test
    void aSourceListChangedWhileTheDirectoryLoadsShouldBeKept() {
        QueuedRunner later = new QueuedRunner();
        JobWizardViewModel deferred = new JobWizardViewModel(client, later);
        client.add(microsoft365("s365", "Contoso 365", ConnectionRole.SOURCE));
        client.directories.put("s365", List.of(new DirectoryMailbox("anna@contoso.example", "Anna", "user")));
        deferred.source().set(client.connections.get("s365"));
        deferred.loadSourceDirectory();
        deferred.sourceMailboxes().set("typed while loading@old.example");
        later.runAll();
        assertThat(deferred.sourceMailboxes().get()).isEqualTo("typed while loading@old.example");
        assertThat(deferred.sourceDirectoryStatus().get()).startsWith("The list changed while the directory was loading");
    }
}
