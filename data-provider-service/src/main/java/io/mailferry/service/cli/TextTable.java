package io.mailferry.service.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * A terminal table of the CLI's lists: one {@code printf} format for the header and every row.
 *
 * @param format a {@link String#format} pattern ending in {@code %n}, one placeholder per column
 * @param header the column titles
 * @param row    the column values of one element (nulls print as "null", so map them first)
 */
record TextTable<T>(String format, List<String> header, Function<T, List<?>> row) {
    /** Prints {@code rows} under the header, or the sentence {@code empty} when there are none. */
    void print(PrintWriter out, List<T> rows, String empty) {
        if (rows.isEmpty()) {
            out.println(empty);
            return;
        }
        out.printf(format, header.toArray());
        for (T t : rows) {
            out.printf(format, row.apply(t).toArray());
        }
    }

    /** An instant for a table cell: "2025-05-01 10:00:00" (UTC, whole seconds), "-" when unknown. */
    static String instant(java.time.Instant at) {
        return at == null ? "-" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }
}
