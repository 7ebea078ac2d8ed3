package io.mailferry.service.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
    private final ReportCsv csv = new ReportCsv();

    @Test
    void deletionSyncCountsShouldBeTheLastColumnsOfJobAndMailboxRows() throws Exception {
        List<CSVRecord> rows = read(csv.job(ReportFixtures.synced()));

        assertThat(ReportCsv.COLUMNS.subList(ReportCsv.COLUMNS.size() - 2, ReportCsv.COLUMNS.size()))
                .containsExactly("deleted_on_target", "kept_on_target");
        assertThat(rows).filteredOn(r -> r.get("section").equals("job")).singleElement().satisfies(r -> {
            assertThat(r.get("deleted_on_target")).isEqualTo("3");
            assertThat(r.get("kept_on_target")).isEqualTo("1");
        });
        assertThat(rows).filteredOn(r -> r.get("section").equals("mailbox"))
                .extracting(r -> r.get("source_mailbox"), r -> r.get("deleted_on_target"), r -> r.get("kept_on_target"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anna@old.example", "0", "0"),
                        org.assertj.core.groups.Tuple.tuple("bob@old.example", "3", "1"));
        assertThat(rows).filteredOn(r -> r.get("section").equals("folder"))
                .allSatisfy(r -> assertThat(r.get("deleted_on_target")).isEmpty());
    }

    @Test
    void jobShouldStartWithItsSummaryThenEachMailboxWithItsFoldersAndItems() throws IOException {
        List<CSVRecord> rows = read(csv.job(ReportFixtures.job()));

        assertThat(rows).extracting(r -> r.get("section"))
                .containsExactly("job", "mailbox", "folder", "folder", "item", "item", "mailbox", "folder");
        assertThat(rows).extracting(r -> r.get("source_mailbox")).containsExactly("", "anna@old.example",
                "anna@old.example", "anna@old.example", "anna@old.example", "anna@old.example", "bob@old.example",
                "bob@old.example");
        CSVRecord inbox = rows.get(2);
        assertThat(inbox.get("target_folder")).isEqualTo("Inbox");
        assertThat(inbox.get("items_copied")).isEqualTo("11999");
        assertThat(inbox.get("items_failed")).isEqualTo("1");
        assertThat(inbox.get("bytes_copied")).isEqualTo("32715571");
        assertThat(inbox.get("bytes_failed")).isEqualTo("2048");
        assertThat(inbox.get("subject")).isEmpty();
        assertThat(inbox.get("verdict")).isEmpty();
    }

    @Test
    void jobRowShouldCarryStateVerdictTimesDurationThroughputAndTotals() throws IOException {
        CSVRecord job = read(csv.job(ReportFixtures.job())).get(0);

        assertThat(job.get("job_name")).isEqualTo("Contoso <pilot>");
        assertThat(job.get("state")).isEqualTo("COMPLETED");
        assertThat(job.get("verified")).isEqualTo("false");
        assertThat(job.get("verdict")).isEqualTo("12,355 of 12,357 source items are on the target; 2 are not.");
        assertThat(job.get("started_at")).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(job.get("ended_at")).isEqualTo("2025-03-01T10:02:05Z");
        assertThat(job.get("duration_ms")).isEqualTo("125000");
        assertThat(job.get("items_selected")).isEqualTo("12357");
        assertThat(job.get("items_copied")).isEqualTo("12355");
        assertThat(job.get("items_skipped")).isEqualTo("1");
        assertThat(job.get("items_failed")).isEqualTo("1");
        assertThat(job.get("bytes_copied")).isEqualTo("33725571");
        assertThat(job.get("bytes_skipped")).isEqualTo("4096");
        assertThat(job.get("bytes_failed")).isEqualTo("2048");
        assertThat(job.get("items_per_second")).isEqualTo("98.84");
        assertThat(job.get("bytes_per_second")).isEqualTo("269805");
    }

    @Test
    void mailboxRowShouldCarryStateVerdictTimesDurationThroughputAndTotals() throws IOException {
        CSVRecord anna = read(csv.mailbox(ReportFixtures.anna())).get(0);

        assertThat(anna.get("section")).isEqualTo("mailbox");
        assertThat(anna.get("job_name")).isEmpty();
        assertThat(anna.get("source_mailbox")).isEqualTo("anna@old.example");
        assertThat(anna.get("target_mailbox")).isEqualTo("anna@new.example");
        assertThat(anna.get("state")).isEqualTo("COMPLETED_WITH_ISSUES");
        assertThat(anna.get("verified")).isEqualTo("false");
        assertThat(anna.get("verdict")).startsWith("12,345 of 12,347 source items");
        assertThat(anna.get("error")).isEmpty();
        assertThat(anna.get("started_at")).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(anna.get("ended_at")).isEqualTo("2025-03-01T10:02:05Z");
        assertThat(anna.get("duration_ms")).isEqualTo("125000");
        assertThat(anna.get("items_per_second")).isEqualTo("98.40");
        assertThat(anna.get("bytes_per_second")).isEqualTo("262144");
        assertThat(anna.get("items_selected")).isEqualTo("12347");
        assertThat(anna.get("items_copied")).isEqualTo("12345");
        assertThat(anna.get("items_already_there")).isEqualTo("0");
        assertThat(anna.get("bytes_copied")).isEqualTo("33715571");
        assertThat(anna.get("throttled_ms")).isEqualTo("250000");
        assertThat(anna.get("subject")).isEmpty();
    }

    @Test
    void throttledTimeShouldBeOnTheJobAndEachMailboxRowOnly() throws IOException {
        List<CSVRecord> rows = read(csv.job(ReportFixtures.job()));

        assertThat(rows).filteredOn(r -> r.get("section").equals("job")).singleElement()
                .satisfies(r -> assertThat(r.get("throttled_ms")).isEqualTo("250000"));
        assertThat(rows).filteredOn(r -> r.get("section").equals("mailbox"))
                .extracting(r -> r.get("source_mailbox"), r -> r.get("throttled_ms"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anna@old.example", "250000"),
                        org.assertj.core.groups.Tuple.tuple("bob@old.example", "0"));
        assertThat(rows).filteredOn(r -> r.get("section").equals("folder") || r.get("section").equals("item"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.get("throttled_ms")).isEmpty());
    }

    @Test
    void failedMailboxWithoutFoldersShouldStillSayWhyItFailed() throws IOException {
        MailboxReport failed = new MailboxReport("p3", "carl@old.example", "carl@new.example", MailboxState.FAILED,
                ReportFixtures.START, ReportFixtures.START.plusMillis(1500), 1500, 0, 0, false, null,
                "Source login failed for carl@old.example: wrong password.", List.of(), List.of());

        List<CSVRecord> rows = read(csv.mailbox(failed));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("section")).isEqualTo("mailbox");
            assertThat(r.get("state")).isEqualTo("FAILED");
            assertThat(r.get("error")).isEqualTo("Source login failed for carl@old.example: wrong password.");
            assertThat(r.get("duration_ms")).isEqualTo("1500");
            assertThat(r.get("items_copied")).isEqualTo("0");
        });
    }

    @Test
    void itemRowsShouldCarryDateSubjectSizeOutcomeAndReasonWithProperQuoting() throws IOException {
        CSVRecord failed = read(csv.mailbox(ReportFixtures.anna())).get(3);

        assertThat(failed.get("section")).isEqualTo("item");
        assertThat(failed.get("source_mailbox")).isEqualTo("anna@old.example");
        assertThat(failed.get("source_folder")).isEqualTo("INBOX");
        assertThat(failed.get("date")).isEqualTo("2024-12-24T08:30:00Z");
        assertThat(failed.get("subject")).isEqualTo("<script>alert('x')</script> & \"friends\"");
        assertThat(failed.get("message_id")).isEqualTo("<m1@old.example>");
        assertThat(failed.get("source_uid")).isEqualTo("42");
        assertThat(failed.get("size")).isEqualTo("2048");
        assertThat(failed.get("outcome")).isEqualTo("FAILED");
        assertThat(failed.get("reason")).isEqualTo("Target refused it: message too large");
        assertThat(failed.get("items_copied")).isEmpty();
        assertThat(failed.get("state")).isEmpty();
    }

    @Test
    void textThatASpreadsheetWouldRunShouldBeDefused() throws IOException {
        CSVRecord skipped = read(csv.mailbox(ReportFixtures.anna())).get(4);

        assertThat(skipped.get("subject")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(skipped.get("date")).isEmpty();
        assertThat(ReportCsv.text("-1")).isEqualTo("'-1");
        assertThat(ReportCsv.text("Re: hi")).isEqualTo("Re: hi");
    }

    @Test
    void jobWithoutMailboxesShouldStillGiveItsSummaryAndUnknownTimesShouldBeEmpty() throws IOException {
        List<CSVRecord> rows = read(csv.job(new JobReport("j", "empty", JobState.NEW, null, null, -1, false, null,
                List.of())));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("section")).isEqualTo("job");
            assertThat(r.get("state")).isEqualTo("NEW");
            assertThat(r.get("started_at")).isEmpty();
            assertThat(r.get("duration_ms")).isEmpty();
            assertThat(r.get("items_per_second")).isEqualTo("0.00");
            assertThat(r.get("items_copied")).isEqualTo("0");
        });
    }

    @Test
    void everyRowShouldHaveOneValuePerColumnAndCrLfLineEnds() {
        String text = csv.job(ReportFixtures.job());

        assertThat(text).startsWith(String.join(",", ReportCsv.COLUMNS) + "\r\n").doesNotStartWith("\uFEFF");
        assertThat(List.of(text.split("\r\n", -1))).hasSize(10).last().isEqualTo("");
    }

    private static List<CSVRecord> read(String text) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            assertThat(parser.getHeaderNames()).isEqualTo(ReportCsv.COLUMNS);
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).allSatisfy(r -> assertThat(r.isConsistent()).isTrue());
            return records;
        }
    }

    @Test
    void controlCharactersAServerSentShouldNotReachACell() throws IOException {
        String folder = "In\u001b[2J\nbox";
        MailboxReport report = new MailboxReport("p4", "dora@old.example", "dora@new.example",
                MailboxState.COMPLETED_WITH_ISSUES, ReportFixtures.START, ReportFixtures.START.plusSeconds(1), 1000, 0,
                0, false, "1 of 2 source items are on the target.", null,
                List.of(new io.mailferry.model.report.FolderReport(folder, folder, 2, 1, 0, 0, 1, 10, 0, 10, 0)),
                List.of(new io.mailferry.model.report.ItemIssue("dora@old.example", folder, 3, null,
                        "Hi\u009b31m\tthere\r", null, 10, io.mailferry.model.report.ItemOutcome.FAILED,
                        "Target refused it.")));

        String text = csv.mailbox(report);
        List<CSVRecord> rows = read(text);

        assertThat(text).doesNotContain("\u001b").doesNotContain("\u009b").doesNotContain("\nbox");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get("source_folder")).isEqualTo("In?[2J?box");
        assertThat(rows.get(2).get("source_folder")).isEqualTo("In?[2J?box");
        assertThat(rows.get(2).get("subject")).isEqualTo("Hi?31m?there?");
    }
}
