package io.mailferry.admin.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsViewModelTest {

    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    private final FakeServiceClient client = new FakeServiceClient();
    private final ReportsViewModel vm = new ReportsViewModel(client, new DirectRunner());

    @TempDir
    Path dir;

    ReportsViewModelTest() {
        // The service's order on purpose not the list's: bert before anna, Sent before INBOX, newer before older.
        MailboxReport bert = mailbox("p2", "bert@old", "1 of 5 source items is not on the target.", List.of(
                issue("bert@old", "INBOX", 7, T, "Quarterly figures", ItemOutcome.MISSING)));
        MailboxReport anna = mailbox("p1", "anna@old", "2 of 20 source items are not on the target.", List.of(
                issue("anna@old", "Sent", 3, T.minusSeconds(60), "Re: lunch", ItemOutcome.FAILED),
                issue("anna@old", "INBOX", 9, T, "Newer", ItemOutcome.SKIPPED),
                issue("anna@old", "INBOX", 4, T.minusSeconds(86_400), "Older", ItemOutcome.FAILED)));
        client.reports.put("j1", new JobReport("j1", "Wave 1", JobState.COMPLETED_WITH_ISSUES, T.minusSeconds(600), T,
                600_000, false, "3 of 25 source items are not on the target.", List.of(bert, anna)));
        client.reportHtml.put("j1", "<html><body><h1>Wave 1</h1></body></html>");
    }

    private static MailboxReport mailbox(String pairId, String source, String verdict, List<ItemIssue> issues) {
        return new MailboxReport(pairId, source, source.replace("old", "new"), MailboxState.COMPLETED_WITH_ISSUES,
                T.minusSeconds(600), T, 600_000, 1.5, 30_000, false, verdict, null, List.of(), issues);
    }

    private static ItemIssue issue(String mailbox, String folder, long uid, Instant date, String subject,
            ItemOutcome outcome) {
        return new ItemIssue(mailbox, folder, uid, date, subject, "<" + uid + "@x>", 2048, outcome, "the reason");
    }

    @Test
    void aJobReportShouldShowItsVerdictTheServicesHtmlAndEveryMailboxesIssuesSorted() {
        vm.open(ReportRequest.job("j1", "Wave 1"));
        assertThat(vm.title().get()).isEqualTo("Job Wave 1");
        assertThat(vm.verdict().get()).isEqualTo("3 of 25 source items are not on the target.");
        assertThat(vm.html().get()).isEqualTo("<html><body><h1>Wave 1</h1></body></html>");
        assertThat(vm.issues()).extracting(i -> i.mailbox() + " " + i.folder() + " " + i.subject()).containsExactly(
                "anna@old INBOX Older", "anna@old INBOX Newer", "anna@old Sent Re: lunch",
                "bert@old INBOX Quarterly figures");
        assertThat(vm.activity().error().get()).isNull();
    }

    @Test
    void aMailboxReportShouldShowThatMailboxOnly() {
        vm.open(ReportRequest.mailbox("j1", "p2", "bert@old"));
        assertThat(vm.title().get()).isEqualTo("Mailbox bert@old");
        assertThat(vm.verdict().get()).isEqualTo("1 of 5 source items is not on the target.");
        assertThat(vm.issues()).extracting(ItemIssue::subject).containsExactly("Quarterly figures");
        assertThat(vm.html().get()).isEqualTo("<html><body>mailbox</body></html>");
        assertThat(client.calls).contains("mailboxReport j1/p2", "mailboxReportText j1/p2 HTML", "passes j1 p2")
                .as("the mailbox's own passes, not the job's newest").doesNotContain("passes j1");
    }

    @Test
    void aReportNotVerifiedYetShouldSaySo() {
        client.reports.put("j2", new JobReport("j2", "Wave 2", JobState.RUNNING, T, null, 0, false, null, List.of()));
        vm.open(ReportRequest.job("j2", "Wave 2"));
        assertThat(vm.verdict().get()).isEqualTo("Not verified yet.");
        assertThat(vm.issues()).isEmpty();
    }

    @Test
    void saveShouldWriteTheServicesOwnCsvAndHtml() throws Exception {
        vm.open(ReportRequest.job("j1", "Wave 1"));
        Path csv = dir.resolve("wave1.csv");
        vm.saveCsv(csv);
        assertThat(Files.readString(csv)).isEqualTo("mailbox,items\r\nanna,3\r\n");
        assertThat(vm.savedTo().get()).isEqualTo("Saved to " + csv);
        Path html = dir.resolve("wave1.html");
        vm.saveHtml(html);
        assertThat(Files.readString(html)).isEqualTo("<html><body><h1>Wave 1</h1></body></html>");
        assertThat(client.calls).contains("jobReportText j1 CSV", "jobReportText j1 HTML");

        vm.open(ReportRequest.mailbox("j1", "p1", "anna@old"));
        assertThat(vm.savedTo().get()).as("a new report was not saved yet").isEmpty();
        Path mailboxCsv = dir.resolve("anna.csv");
        vm.saveCsv(mailboxCsv);
        assertThat(Files.readString(mailboxCsv)).isEqualTo("folder,items\r\nINBOX,3\r\n");
    }

    @Test
    void saveWithNoReportOpenShouldDoNothing() {
        vm.saveCsv(dir.resolve("none.csv"));
        assertThat(dir.resolve("none.csv")).doesNotExist();
        assertThat(client.calls).isEmpty();
    }

    @Test
    void anErrorFromTheServiceShouldShowAsItsSentence() {
        vm.open(ReportRequest.job("j9", "Gone"));
        assertThat(vm.activity().error().get()).isEqualTo("There is no job j9.");
        assertThat(vm.issues()).isEmpty();

        vm.open(ReportRequest.job("j1", "Wave 1"));
        assertThat(vm.activity().error().get()).as("a good call clears it").isNull();
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING, "The Mailferry service does not answer.");
        Path file = dir.resolve("report.csv");
        vm.saveCsv(file);
        assertThat(vm.activity().error().get()).isEqualTo("The Mailferry service does not answer.");
        assertThat(file).doesNotExist();
        assertThat(vm.savedTo().get()).isEmpty();
    }

    /** A report that fails to load leaves nothing of the report shown before under its title. */
    @Test
    void aReportThatFailsToLoadShouldNotShowThePreviousOnesFigures() {
        vm.open(ReportRequest.job("j1", "Wave 1"));
        assertThat(vm.verdict().get()).isNotEmpty();
        assertThat(vm.html().get()).isNotEmpty();

        vm.open(ReportRequest.job("j9", "Gone"));

        assertThat(vm.title().get()).contains("Gone");
        assertThat(vm.verdict().get()).isEmpty();
        assertThat(vm.html().get()).isEmpty();
        assertThat(vm.issues()).isEmpty();
        assertThat(vm.passes()).isEmpty();

        vm.open(ReportRequest.job("j1", "Wave 1"));
        String shown = vm.verdict().get();
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING, "The Mailferry service does not answer.");
        vm.reload();
        assertThat(vm.verdict().get()).as("the same report read again keeps its last figures").isEqualTo(shown);
    }

    /** The admin opened another report before the first answered: the first's late failure is not shown under it. */
    @Test
    void aLateFailureOfAReportOpenedBeforeShouldNotShowUnderTheOneOpenedAfter() {
        java.util.List<Runnable> held = new java.util.ArrayList<>();
        io.mailferry.admin.ui.BackgroundRunner newestFirst = new io.mailferry.admin.ui.BackgroundRunner() {
            @Override
            public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> ok,
                    java.util.function.Consumer<? super Throwable> failed) {
                held.add(0, () -> new DirectRunner().run(work, ok, failed));
            }
        };
        ReportsViewModel late = new ReportsViewModel(client, newestFirst);
        late.open(ReportRequest.job("j9", "Gone"));
        late.open(ReportRequest.job("j1", "Wave 1"));
        held.forEach(Runnable::run); // Wave 1 answers, then Gone fails

        assertThat(late.title().get()).contains("Wave 1");
        assertThat(late.verdict().get()).isEqualTo("3 of 25 source items are not on the target.");
        assertThat(late.activity().error().get()).isNull();
        assertThat(late.activity().busy().get()).isFalse();
    }

    @Test
    void aJobReportShouldSayWhichMailboxesTheServiceFoundInterrupted() {
        MailboxReport carl = new MailboxReport("p3", "carl@old", "carl@new", MailboxState.STOPPED, T.minusSeconds(600),
                null, 0, 0, 0, false, "Interrupted when the service stopped; start or delta resumes it where it "
                + "stopped.", io.mailferry.model.mailbox.MailboxPair.INTERRUPTED, List.of(), List.of());
        JobReport old = client.reports.get("j1");
        client.reports.put("j1", new JobReport("j1", "Wave 1", JobState.STOPPED, old.startedAt(), old.endedAt(),
                old.durationMillis(), false, old.verdict(), List.of(old.mailboxes().get(0), carl)));
        vm.open(ReportRequest.job("j1", "Wave 1"));
        assertThat(vm.verdict().get()).isEqualTo("3 of 25 source items are not on the target. 1 mailbox was "
                + "interrupted when the service stopped; start or delta resumes it.");

        vm.connected().set(true);
        vm.connected().set(false);
        assertThat(vm.lastKnownNote().get()).startsWith("Service not reachable since ");
        assertThat(vm.verdict().get()).as("the report stays as received").contains("interrupted");
    }

    @Test
    void reconnectingShouldReloadTheOpenReport() {
        vm.connected().set(true);
        assertThat(client.calls).as("nothing open, nothing to reload").isEmpty();
        vm.open(ReportRequest.job("j1", "Wave 1"));
        vm.connected().set(false);
        JobReport old = client.reports.get("j1");
        client.reports.put("j1", new JobReport("j1", "Wave 1", JobState.COMPLETED, old.startedAt(), old.endedAt(),
                old.durationMillis(), true, "All 25 source items are on the target.", List.of()));
        vm.connected().set(true);
        assertThat(vm.verdict().get()).isEqualTo("All 25 source items are on the target.");
        assertThat(vm.issues()).isEmpty();
    }

    @Test
    void allJobsShouldOpenTheOverallReportAndSaveTheServicesFiles() throws Exception {
        client.overall = new OverallReport(T, new OverallLine(null, null, null, 40, 12, 2, 3, 1, 24, 900, 700, 5, 8,
                1L << 30, 1L << 29), List.of(), List.of(new FailureReason("MAILBOX", "Target login refused", 1)));

        vm.openOverall();

        assertThat(vm.title().get()).isEqualTo("All jobs");
        assertThat(vm.verdict().get()).isEqualTo("12 of 40 mailboxes done, 3 in progress, 1 failed.");
        assertThat(vm.html().get()).isEqualTo("<html><body><h1>All jobs</h1></body></html>");
        assertThat(vm.issues()).isEmpty();
        assertThat(vm.passes()).isEmpty();
        Path file = dir.resolve("all.csv");
        vm.saveCsv(file);
        assertThat(Files.readString(file)).startsWith("section,job_name");
        assertThat(client.calls).contains("overallReportText CSV").noneMatch(c -> c.startsWith("passes"));
    }

    @Test
    void aJobReportShouldListItsPassesAndAMailboxReportOnlyThatMailboxes() {
        PassRecord anna = pass(2, "p1", "anna@old", RunKind.DELTA);
        PassRecord bert = pass(1, "p2", "bert@old", RunKind.FULL);
        client.passes.put("j1", List.of(anna, bert));

        vm.open(ReportRequest.job("j1", "Wave 1"));
        assertThat(vm.passes()).containsExactly(anna, bert);

        vm.open(ReportRequest.mailbox("j1", "p2", "bert@old"));
        assertThat(vm.passes()).containsExactly(bert);

        vm.openOverall();
        assertThat(vm.passes()).isEmpty();
    }

    private static PassRecord pass(long id, String pairId, String source, RunKind kind) {
        return new PassRecord(id, "j1", pairId, source, source.replace("old", "new"), kind, MailboxState.COMPLETED,
                T.minusSeconds(60 * id), T.minusSeconds(30 * id), 3, 0, 0, 4096, true, "All 3 source items are on the "
                + "target.");
    }
}
