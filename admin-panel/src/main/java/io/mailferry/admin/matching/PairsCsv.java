package io.mailferry.admin.matching;

import io.mailferry.model.report.CsvCell;
import java.util.List;

/**
 * Writes the service's pairs CSV format (the one {@code POST /csv/pairs} reads): a header, then source and target
 * mailbox per line. Credentials are never written (the service's export leaves them out too). Reading is the service's job, so the panel and the CLI reject the same rows for the same reasons.
 */
final class PairsCsv {

    static final String HEADER = "SourceMailbox,TargetMailbox";

    private PairsCsv() {
    }

    static String write(List<MatchRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (MatchRow row : rows) {
            out.append(cell(row.source().get())).append(',').append(cell(row.target().get())).append("\r\n");
        }
        return out.toString();
    }

    private static String cell(String value) {
        String v = CsvCell.neutral(value);
        return v.contains(",") || v.contains("\"") || v.contains("\n")
                ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
