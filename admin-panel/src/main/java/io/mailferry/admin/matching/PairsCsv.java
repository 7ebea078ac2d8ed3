package io.mailferry.admin.matching;

import io.mailferry.model.report.CsvCell;
import java.util.List;

/**
 * Writes the service's pairs CSV format (the one {@code POST /csv/pairs} reads): a header, then source and target
 * mailbox per line. Credentials are never written (the service's export leaves them out too). Reading is the
 * service's job, so the panel and the CLI reject the same rows for the same reasons: pairs typed into the panel are
 * written in this format ({@link #typed}) and read by the service like a file.
 */
public final class PairsCsv {

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

    /**
     * Pairs typed one per line ("source, target", a comma, semicolon, tab or spaces between them) as a pairs CSV:
     * the header is line 1, so typed line n is line n + 1 ({@link BadRows#TYPED} undoes it). Blank and "#" lines
     * stay as blank lines, keeping the numbering; the cells are checked by the service, not here.
     */
    public static String typed(String text) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (String line : (text == null ? "" : text).split("\\R", -1)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                String[] cells = t.split("\\s*[,;\\t]\\s*|\\s+");
                for (int i = 0; i < cells.length; i++) {
                    out.append(i == 0 ? "" : ",").append(cell(cells[i]));
                }
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String cell(String value) {
        String v = CsvCell.neutral(value);
        return v.contains(",") || v.contains("\"") || v.contains("\n")
                ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
