package io.mailferry.service.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
    private final ReportCsv csv = new ReportCsv();

    @Test
    void jobShouldListAllFoldersThenAllItemsUnderOneHeader() throws IOException {
        List<CSVRecord> rows = read(csv.job(ReportFixtures.job()));

        assertThat(rows).extracting(r -> r.get("section"))
                .containsExactly("folder", "folder", "folder", "item", "item");
        CSVRecord inbox = rows.get(0);
        assertThat(inbox.get("source_mailbox")).isEqualTo("anna@old.example");
        assertThat(inbox.get("target_folder")).isEqualTo("Inbox");
        assertThat(inbox.get("items_copied")).isEqualTo("11999");
        assertThat(inbox.get("items_failed")).isEqualTo("1");
        assertThat(inbox.get("bytes_copied")).isEqualTo("32715571");
        assertThat(inbox.get("bytes_failed")).isEqualTo("2048");
        assertThat(inbox.get("subject")).isEmpty();
        assertThat(rows.get(2).get("source_mailbox")).isEqualTo("bob@old.example");
    }

    @Test
    void itemRowsShouldCarryDateSubjectSizeOutcomeAndReasonWithProperQuoting() throws IOException {
        CSVRecord failed = read(csv.mailbox(ReportFixtures.anna())).get(2);

        assertThat(failed.get("section")).isEqualTo("item");
        assertThat(failed.get("source_folder")).isEqualTo("INBOX");
        assertThat(failed.get("date")).isEqualTo("2024-12-24T08:30:00Z");
        assertThat(failed.get("subject")).isEqualTo("<script>alert('x')</script> & \"friends\"");
        assertThat(failed.get("message_id")).isEqualTo("<m1@old.example>");
        assertThat(failed.get("source_uid")).isEqualTo("42");
        assertThat(failed.get("size")).isEqualTo("2048");
        assertThat(failed.get("outcome")).isEqualTo("FAILED");
        assertThat(failed.get("reason")).isEqualTo("Target refused it: message too large");
        assertThat(failed.get("items_copied")).isEmpty();
    }

    @Test
    void textThatASpreadsheetWouldRunShouldBeDefused() throws IOException {
        CSVRecord skipped = read(csv.mailbox(ReportFixtures.anna())).get(3);

        assertThat(skipped.get("subject")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(skipped.get("date")).isEmpty();
        assertThat(ReportCsv.text("-1")).isEqualTo("'-1");
        assertThat(ReportCsv.text("Re: hi")).isEqualTo("Re: hi");
    }

    @Test
    void headerShouldBeWrittenEvenWithoutRows() {
        String out = csv.job(new io.mailferry.model.report.JobReport("j", "empty", null, null, null, 0, false, null,
                List.of()));

        assertThat(out).isEqualTo(String.join(",", ReportCsv.COLUMNS) + "\r\n");
    }

    private static List<CSVRecord> read(String text) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            assertThat(parser.getHeaderNames()).isEqualTo(ReportCsv.COLUMNS);
            return parser.getRecords();
        }
    }
}
