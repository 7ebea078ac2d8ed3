package io.mailferry.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.reports.ReportRequest;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.Progress;
import io.mailferry.model.mailbox.MailboxState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    void gridRowsShouldShowItemsBytesRateAndEta() {
        vm.load();
        vm.selectedJob().set(vm.jobs().get(0));
        PairRow anna = vm.pairs().get(0);
        assertThat(anna.items().get()).isEqualTo("50 / 200");
        assertThat(anna.bytes().get()).isEqualTo("977 KB / 3.8 MB");
        assertThat(anna.progress().get()).isEqualTo(0.25);
        assertThat(anna.rate().get()).isEqualTo("256 KB/s");
        assertThat(anna.eta().get()).isEqualTo("12 min 34 s");
        assertThat(anna.note().get()).isEqualTo("Copying INBOX");
        assertThat(vm.pairs().get(1).eta().get()).isEqualTo("—");
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
}
