package io.mailferry.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.reports.ReportRequest;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Instant;
import io.mailferry.admin.ui.Figure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.Test;

class JobsViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();
    private final JobsViewModel vm = new JobsViewModel(client, new DirectRunner());

    JobsViewModelTest() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 2, Progress.empty(),
                null, Instant.now(), Instant.now(), null), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.RUNNING,
                        new Progress(200, 50, 50, 0, 0, 4_000_000, 1_000_000, 3, 262_144, 754, "INBOX"), null, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.QUEUED, Progress.empty(),
                        null, null)));
    }

    @Test
    void aMailboxTheServiceFoundInterruptedShouldSayInterruptedAndWhy() {
        client.pairs.get("j1").set(1, FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new",
                MailboxState.STOPPED, Progress.empty(), io.mailferry.model.mailbox.MailboxPair.INTERRUPTED, null));
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        PairRow bert = vm.pairs().get(1);
        assertThat(bert.badge().get()).isEqualTo(StateChip.INTERRUPTED);
        assertThat(StateChip.words(bert.badge().get())).isEqualTo("Interrupted");
        assertThat(StateChip.style(bert.badge().get())).isEqualTo("chip-warn");
        assertThat(bert.note().get()).startsWith("Interrupted: the service stopped while this mailbox was running");
        assertThat(vm.pairs().get(0).badge().get()).isEqualTo("RUNNING");
        vm.selectedPairs().setAll(bert);
        assertThat(vm.canStartPairs().get()).as("an interrupted mailbox can be started again").isTrue();
    }

    @Test
    void reconnectingShouldReloadTheJobsAndTheGridAtOnce() {
        vm.connected().set(true);
        vm.selectedJob().set(vm.jobs().get(0));
        assertThat(vm.lastKnownNote().get()).isEmpty();

        vm.connected().set(false);
        assertThat(vm.lastKnownNote().get()).startsWith("Service not reachable since ")
                .endsWith(" — last figures received");
        assertThat(vm.pairs().get(0).items().get().text()).as("the last figures, not zeros").isEqualTo("50 / 200");
        client.pairs.get("j1").set(1, FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new",
                MailboxState.FAILED, Progress.empty(), "Source IMAP server refused the login of bert.", null));
        assertThat(vm.pairs().get(1).state().get()).as("last known").isEqualTo("QUEUED");

        vm.connected().set(true);
        assertThat(vm.pairs().get(1).state().get()).isEqualTo("FAILED");
        assertThat(vm.lastKnownNote().get()).isEmpty();
    }

    @Test
    void jobBarShouldShowTheServicesWeightedFractionNotTheStartedMailboxesItems() {
        client.add(new Job("j2", "Wave 2", "s", "t", JobOptions.defaults(), JobState.RUNNING, 2,
                new Progress(100, 97, 97, 0, 0, 0, 0, 0, 0, -1, null, 0).withWeightedFraction(0.4), null,
                Instant.now(), Instant.now(), null), List.of());
        vm.load();

        JobRow wave2 = vm.jobs().stream().filter(j -> j.id().equals("j2")).findFirst().orElseThrow();
        assertThat(wave2.progress().get()).isEqualTo(0.4);
    }

    @Test
    void gridRowsShouldShowItemsBytesRateAndEta() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        PairRow anna = vm.pairs().get(0);
        assertThat(anna.items().get().text()).isEqualTo("50 / 200");
        assertThat(anna.bytes().get().text()).isEqualTo("977 KB / 3.8 MB");
        assertThat(anna.progress().get()).isEqualTo(0.25);
        assertThat(anna.rate().get().text()).isEqualTo("256 KB/s");
        assertThat(anna.eta().get().text()).isEqualTo("12 min 34 s");
        assertThat(anna.note().get()).isEqualTo("Copying INBOX");
        assertThat(vm.pairs().get(1).eta().get().text()).isEqualTo("—");
    }

    @Test
    void numberColumnsShouldSortByTheNumbersNotTheText() {
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.RUNNING,
                new Progress(6_317, 6_317, 6_317, 0, 0, 900_000_000, 900_000_000, 0, 2_000_000, 5, "INBOX"),
                null, null));
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p4", "dora@old", "dora@new", MailboxState.RUNNING,
                new Progress(1_931, 849, 849, 0, 0, 90_000_000, 9_000_000, 0, 900, 86_000, "INBOX"), null, null));
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        // What a table column does with Comparable values (TableColumn.DEFAULT_COMPARATOR): natural order.
        assertThat(sortedIds(PairRow::items)).containsExactly("p2", "p1", "p4", "p3");
        assertThat(vm.pairs().get(3).items().get().text()).isEqualTo("849 / 1,931");
        assertThat(sortedIds(PairRow::bytes)).containsExactly("p2", "p1", "p4", "p3");
        assertThat(sortedIds(PairRow::rate)).containsExactly("p2", "p4", "p1", "p3");
        assertThat(sortedIds(PairRow::eta)).as("unknown ETA last").containsExactly("p3", "p1", "p4", "p2");
        client.jobs.put("j2", new Job("j2", "Wave 2", "s", "t", JobOptions.defaults(), JobState.NEW, 12,
                Progress.empty(), null, Instant.now(), Instant.now(), null));
        vm.refresh();
        SortedList<JobRow> jobs = new SortedList<>(vm.jobs(), Comparator.comparing(r -> r.mailboxes().get()));
        assertThat(jobs).extracting(JobRow::id).as("2 before 12").containsExactly("j1", "j2");
    }

    @Test
    void aSortedViewShouldFollowValuesThatChangeOnARefresh() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        SortedList<PairRow> byItems = new SortedList<>(vm.pairs(), Comparator.comparing(r -> r.items().get()));
        assertThat(byItems).extracting(PairRow::id).containsExactly("p2", "p1");
        client.pairs.get("j1").set(1, FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new",
                MailboxState.RUNNING, new Progress(900, 120, 120, 0, 0, 0, 0, 0, 0, -1, null), null, null));
        vm.refresh();
        assertThat(vm.pairs()).extracting(PairRow::id).as("the service's order").containsExactly("p1", "p2");
        assertThat(byItems).extracting(PairRow::id).as("bert passed anna").containsExactly("p1", "p2");
    }

    private List<String> sortedIds(java.util.function.Function<PairRow, javafx.beans.value.ObservableValue<Figure>> column) {
        return new SortedList<>(vm.pairs(), Comparator.comparing(r -> column.apply(r).getValue())).stream()
                .map(PairRow::id).toList();
    }

    @Test
    void jobRowShouldShowTheNextScheduledRunOrNothing() {
        vm.load();
        JobRow row = vm.jobs().get(0);
        assertThat(row.nextRun().get()).isEmpty();

        Instant next = Instant.parse("2099-01-01T18:00:00Z");
        client.jobs.computeIfPresent("j1", (id, j) -> j.withNextRunAt(next));
        vm.refresh();

        assertThat(vm.jobs().get(0)).isSameAs(row);
        assertThat(row.nextRun().get()).isEqualTo(io.mailferry.admin.ui.Formats.time(next)).isNotEmpty();
    }

    @Test
    void refreshShouldUpdateRowsInPlaceSoTheSelectionSurvives() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        PairRow anna = vm.pairs().get(0);
        vm.selectedPairs().setAll(anna);
        client.pairs.get("j1").set(0, FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.COMPLETED, new Progress(200, 200, 200, 0, 0, 4_000_000, 4_000_000, 0, 0, -1, null),
                null, "All 200 source items are on the target."));
        vm.refresh();
        assertThat(vm.pairs().get(0)).isSameAs(anna);
        assertThat(anna.state().get()).isEqualTo("COMPLETED");
        assertThat(anna.progress().get()).isEqualTo(1.0);
        assertThat(anna.note().get()).isEqualTo("All 200 source items are on the target.");
        assertThat(vm.selectedPairs()).containsExactly(anna);
    }

    @Test
    void commandsShouldGoToTheJobOrToEachSelectedMailbox() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        vm.startJob();
        vm.selectedPairs().setAll(vm.pairs());
        vm.deltaMailboxes();
        vm.stopMailboxes();
        assertThat(client.calls).contains("start j1", "delta j1/p1", "delta j1/p2", "stop j1/p1", "stop j1/p2");
    }

    @Test
    void reportActionsShouldOpenTheJobOrTheFirstSelectedMailbox() {
        List<ReportRequest> opened = new ArrayList<>();
        vm.setReportOpener(opened::add);
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        vm.openJobReport();
        vm.selectedPairs().setAll(vm.pairs().get(1));
        vm.openMailboxReport();
        assertThat(opened).containsExactly(new ReportRequest("j1", null, "Job Wave 1"),
                new ReportRequest("j1", "p2", "Mailbox bert@old → bert@new"));
    }

    @Test
    void aJobDeletedElsewhereShouldDropItsSelectionAndGrid() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        client.jobs.clear();
        vm.refresh();
        assertThat(vm.jobs()).isEmpty();
        assertThat(vm.selectedJob().get()).isNull();
        assertThat(vm.pairs()).isEmpty();
    }

    @Test
    void selectShouldPickTheNewlyCreatedJob() {
        vm.select("j1");
        assertThat(vm.selectedJob().get().name().get()).isEqualTo("Wave 1");
        assertThat(vm.pairs()).hasSize(2);
    }

    @Test
    void removeShouldBeOfferedOnlyForMailboxesThatDoNotRunAndDeleteEachSelected() {
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.NEW,
                Progress.empty(), null, null));
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p4", "dora@old", "dora@new", MailboxState.FAILED,
                Progress.empty(), "Login refused.", null));
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        vm.selectedPairs().setAll(vm.pairs().get(0), vm.pairs().get(2));
        assertThat(vm.canRemovePairs().get()).as("anna is running").isFalse();
        vm.selectedPairs().setAll(vm.pairs().get(2), vm.pairs().get(3));
        assertThat(vm.canRemovePairs().get()).isTrue();

        vm.removeMailboxes();
        assertThat(client.calls).contains("deletePair j1/p3", "deletePair j1/p4");
        assertThat(vm.pairs()).extracting(PairRow::id).containsExactly("p1", "p2");
        assertThat(vm.selectedPairs()).isEmpty();
    }

    @Test
    void removeShouldFollowAStateChangeOfASelectedMailboxAndShowTheServicesRefusal() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        client.pairs.get("j1").set(1, FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new",
                MailboxState.STOPPED, Progress.empty(), null, null));
        vm.refresh();
        vm.selectedPairs().setAll(vm.pairs().get(1));
        assertThat(vm.canRemovePairs().get()).isTrue();
        client.pairs.get("j1").set(1, FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new",
                MailboxState.RUNNING, Progress.empty(), null, null));
        vm.refresh();
        assertThat(vm.canRemovePairs().get()).as("it started meanwhile").isFalse();

        vm.removeMailboxes();
        assertThat(vm.activity().error().get()).isEqualTo("Mailbox bert@old is running; stop it before removing it.");
        assertThat(vm.pairs()).hasSize(2);
    }

    @Test
    void jobCommandsShouldBeOfferedByTheJobsState() {
        vm.load();
        assertThat(vm.canStartJob().get()).as("no job").isFalse();
        vm.selectedJob().set(vm.jobs().get(0));
        assertThat(vm.canStartJob().get()).as("running").isFalse();
        assertThat(vm.canStopJob().get()).isTrue();
        client.jobs.put("j1", new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.STOPPED, 2,
                Progress.empty(), null, Instant.now(), Instant.now(), null));
        vm.refresh();
        assertThat(vm.canStartJob().get()).as("stopped").isTrue();
        assertThat(vm.canStopJob().get()).isFalse();
    }

    @Test
    void mailboxCommandsShouldBeOfferedByTheSelectedMailboxesStates() {
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.STOPPED,
                Progress.empty(), null, null));
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        vm.selectedPairs().setAll(vm.pairs().get(0));
        assertThat(vm.canStartPairs().get()).as("anna runs").isFalse();
        assertThat(vm.canStopPairs().get()).isTrue();
        vm.selectedPairs().setAll(vm.pairs().get(2));
        assertThat(vm.canStartPairs().get()).as("carl is stopped").isTrue();
        assertThat(vm.canStopPairs().get()).isFalse();
        vm.selectedPairs().setAll(vm.pairs().get(1), vm.pairs().get(2));
        assertThat(vm.canStartPairs().get()).as("bert is queued").isFalse();
        assertThat(vm.canStopPairs().get()).isTrue();
        client.pairs.get("j1").set(2, FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new",
                MailboxState.RUNNING, Progress.empty(), null, null));
        vm.selectedPairs().setAll(vm.pairs().get(2));
        vm.refresh();
        assertThat(vm.canStartPairs().get()).as("carl started meanwhile").isFalse();
    }

    @Test
    void addPairsShouldOpenForTheSelectedJobOnly() {
        vm.load();
        assertThat(vm.addPairs()).isNull();
        vm.selectedJob().set(vm.jobs().get(0));
        assertThat(vm.addPairs().title()).isEqualTo("Add mailboxes to 'Wave 1'");
    }

    /** A mailbox added or removed elsewhere arrives as that change, never as a new list (which clears a selection). */
    @Test
    void aMergeShouldAddAndRemoveRowsWithoutReplacingTheList() {
        javafx.collections.ObservableList<StringBuilder> rows = javafx.collections.FXCollections.observableArrayList();
        JobsViewModel.merge(rows, List.of("a", "b", "c"), t -> t, StringBuilder::toString, StringBuilder::new,
                (r, t) -> { });
        StringBuilder b = rows.get(1);
        List<String> changes = new java.util.ArrayList<>();
        rows.addListener((javafx.collections.ListChangeListener<StringBuilder>) c -> {
            while (c.next()) {
                changes.add((c.wasReplaced() ? "replaced " : c.wasAdded() ? "added " : "removed ")
                        + (c.wasAdded() ? c.getAddedSubList() : c.getRemoved()));
            }
        });

        JobsViewModel.merge(rows, List.of("b", "c", "d"), t -> t, StringBuilder::toString, StringBuilder::new,
                (r, t) -> { });

        assertThat(rows).extracting(StringBuilder::toString).containsExactly("b", "c", "d");
        assertThat(rows.get(0)).as("the same row, updated in place").isSameAs(b);
        assertThat(changes).containsExactly("removed [a]", "added [d]");
    }

    /** A large job's mailboxes load page by page, and the wait says how far it got, then nothing once done. */
    @Test
    void loadingALargeJobsMailboxesShouldTellHowManyOfHowManyArrived() {
        List<String> seen = new java.util.ArrayList<>();
        FakeServiceClient paged = new FakeServiceClient() {
            @Override
            public List<io.mailferry.model.mailbox.MailboxPair> pairs(String jobId, PageProgress loaded) {
                loaded.loaded(1000, 2500);
                loaded.loaded(2000, 2500);
                return pairs(jobId);
            }
        };
        paged.add(client.jobs.get("j1"), client.pairs.get("j1"));
        JobsViewModel large = new JobsViewModel(paged, new DirectRunner());
        large.activity().progress().addListener((o, before, now) -> seen.add(now));

        large.load();
        large.selectedJob().set(large.jobs().get(0));

        assertThat(seen).containsExactly("Loading mailboxes: 1,000 of 2,500", "Loading mailboxes: 2,000 of 2,500", "");
        assertThat(large.pairs()).hasSize(2);
    }
}
