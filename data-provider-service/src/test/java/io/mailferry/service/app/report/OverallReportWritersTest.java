package io.mailferry.service.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobState;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class OverallReportWritersTest {
    static final OverallLine SALES = new OverallLine("j1", "=SUM(A1) sales", JobState.COMPLETED_WITH_ISSUES, 3, 2, 1,
            0, 1, 0, 40, 35, 2, 3, 4096, 4000);
    static final OverallLine HR = new OverallLine("j2", "HR <team>", JobState.RUNNING, 2, 0, 0, 2, 0, 0, 10, 4, 0, 0,
            1024, 300);
    static final OverallReport REPORT = new OverallReport(Instant.parse("2025-05-01T10:00:00Z"),
            new OverallLine(null, null, null, 5, 2, 1, 2, 1, 0, 50, 39, 2, 3, 5120, 4300), List.of(SALES, HR),
            List.of(new FailureReason("ITEM", "Target refused the message: [OVERQUOTA] Quota", 3),
                    new FailureReason("MAILBOX", "-Target login refused <admin>", 1)));

    @Test
    void csvShouldHaveATotalRowAJobRowEachAndAFailureRowPerReason() throws IOException {
        String text = new ReportCsv().overall(REPORT);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            assertThat(parser.getHeaderNames()).isEqualTo(ReportCsv.OVERALL_COLUMNS);
            List<CSVRecord> rows = parser.getRecords();
            assertThat(rows).extracting(r -> r.get("section")).containsExactly("total", "job", "job", "failure",
                    "failure");
            assertThat(rows.get(0).get("mailboxes_done")).isEqualTo("2");
            assertThat(rows.get(0).get("bytes_done")).isEqualTo("4300");
            assertThat(rows.get(1).get("job_name")).isEqualTo("'=SUM(A1) sales");
            assertThat(rows.get(1).get("state")).isEqualTo("COMPLETED_WITH_ISSUES");
            assertThat(rows.get(2).get("mailboxes_in_progress")).isEqualTo("2");
            assertThat(rows.get(3).get("scope")).isEqualTo("ITEM");
            assertThat(rows.get(3).get("count")).isEqualTo("3");
            assertThat(rows.get(4).get("reason")).isEqualTo("'-Target login refused <admin>");
        }
    }

    @Test
    void htmlShouldShowTotalsJobsAndFailuresEscaped() {
        String page = new ReportHtml(ZoneOffset.UTC).overall(REPORT);

        assertThat(page).contains("<title>All jobs – Mailferry</title>",
                "2 of 5 mailboxes done, 2 in progress, 1 failed.", "<td>HR &lt;team&gt;</td>",
                "-Target login refused &lt;admin&gt;", "<dd>2025-05-01 10:00:00</dd>", "4.2 KB of 5.0 KB")
                .doesNotContain("<team>");
    }

    @Test
    void htmlWithoutJobsShouldSaySo() {
        String page = new ReportHtml(ZoneOffset.UTC).overall(new OverallReport(Instant.EPOCH,
                new OverallLine(null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of()));

        assertThat(page).contains("There are no jobs.", "Nothing failed.");
    }
}
