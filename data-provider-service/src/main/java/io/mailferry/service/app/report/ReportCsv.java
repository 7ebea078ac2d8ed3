package io.mailferry.service.app.report;

import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.mailferry.model.report.CsvCell;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a job or mailbox report as one rectangular CSV table (RFC 4180 quoting, CRLF, header row, UTF-8 without a
 * byte order mark) so a spreadsheet can filter it and a script can read it with any CSV library. It carries everything
 * the HTML report shows. The first column, {@code section}, says what a row is:
 * <ul>
 *   <li>{@code job} (job report only, first row): job name, state, verified, verdict, start, end, duration,
 *       throughput and the totals over all mailboxes;</li>
 *   <li>{@code mailbox}, one per mailbox and before its folder and item rows: source and target mailbox, state,
 *       verified, verdict, error, start, end, duration, throughput and the totals over its folders — so a mailbox
 *       that failed before any folder still says why;</li>
 *   <li>{@code folder}, one per folder: the folder names and its counts and bytes;</li>
 *   <li>{@code item}, one per skipped, failed or missing item: folder, date, subject, Message-ID, source UID, size,
 *       outcome and reason.</li>
 * </ul>
 * Columns a section does not use are empty. Counts ({@code items_selected} … {@code bytes_failed}) appear on job,
 * mailbox and folder rows: filter {@code section} to one value before summing a column. Numbers are plain (bytes, not
 * "31.2 MB"; rates with a point and two decimals; {@code throttled_ms}, the time waited for throttling servers, on
 * job and mailbox rows), dates ISO-8601 in UTC, so the file sorts and sums correctly; an
 * unknown time or duration is empty. Text that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, tab or CR — subjects come from strangers' mail) is prefixed with an apostrophe. Thread-safe.
 */
public final class ReportCsv {
    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("section", "source_mailbox", "target_mailbox", "job_name",
            "state", "verified", "verdict", "error", "started_at", "ended_at", "duration_ms", "items_per_second",
            "bytes_per_second", "source_folder", "target_folder", "items_selected", "items_copied",
            "items_already_there", "items_skipped", "items_failed", "bytes_copied", "bytes_skipped", "bytes_failed",
            "flags_updated", "date", "subject", "message_id", "source_uid", "size", "outcome", "reason",
            "throttled_ms", "deleted_on_target", "kept_on_target");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < COLUMNS.size(); i++) {
            INDEX.put(COLUMNS.get(i), i);
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get();

    /** The job report as CSV text: the job row, then each mailbox with its folders and items. */
    public String job(JobReport report) {
        StringBuilder out = new StringBuilder();
        print(out, printer -> {
            Totals totals = new Totals();
            report.mailboxes().forEach(m -> m.folders().forEach(totals::add));
            Row job = new Row("job");
            job.set("job_name", text(report.jobName()));
            summary(job, report.state(), report.verified(), report.verdict(), report.startedAt(), report.endedAt(),
                    report.durationMillis());
            job.set("items_per_second", rate(Formats.perSecond(totals.copied, report.durationMillis())));
            job.set("bytes_per_second", bytesRate(Formats.perSecond(totals.bytesCopied, report.durationMillis())));
            job.set("throttled_ms", Long.toString(report.throttledMillis()));
            job.set("deleted_on_target", Long.toString(report.deletedOnTarget()));
            job.set("kept_on_target", Long.toString(report.keptOnTarget()));
            totals.into(job);
            job.print(printer);
            for (MailboxReport mailbox : report.mailboxes()) {
                mailbox(mailbox, printer);
            }
        });
        return out.toString();
    }

    /** One mailbox's report as CSV text: the mailbox row, then its folders and items. */
    public String mailbox(MailboxReport report) {
        StringBuilder out = new StringBuilder();
        print(out, printer -> mailbox(report, printer));
        return out.toString();
    }

    /** The columns of {@link #overall}, in order. */
    public static final List<String> OVERALL_COLUMNS = List.of("section", "job_name", "state", "mailboxes",
            "mailboxes_done", "mailboxes_with_issues", "mailboxes_in_progress", "mailboxes_failed",
            "mailboxes_waiting", "items_total", "items_copied", "items_skipped", "items_failed", "bytes_total",
            "bytes_done", "scope", "reason", "count");

    private static final CSVFormat OVERALL_FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader(OVERALL_COLUMNS.toArray(String[]::new)).get();

    /**
     * The overall report as CSV text, one table: a {@code total} row, one {@code job} row per job, then one
     * {@code failure} row per reason ({@code scope} MAILBOX or ITEM, {@code reason}, {@code count}).
     */
    public String overall(OverallReport report) {
        StringBuilder out = new StringBuilder();
        print(out, OVERALL_FORMAT, printer -> {
            overallLine(printer, "total", report.total());
            for (OverallLine job : report.jobs()) {
                overallLine(printer, "job", job);
            }
            for (FailureReason f : report.failures()) {
                String[] row = new String[OVERALL_COLUMNS.size()];
                Arrays.fill(row, "");
                row[0] = "failure";
                row[15] = f.scope();
                row[16] = text(f.reason());
                row[17] = Long.toString(f.count());
                printer.printRecord((Object[]) row);
            }
        });
        return out.toString();
    }

    private static void overallLine(CSVPrinter printer, String section, OverallLine l) throws IOException {
        printer.printRecord(section, text(l.jobName()), l.state() == null ? "" : l.state().name(), l.mailboxes(),
                l.done(), l.withIssues(), l.inProgress(), l.failed(), l.waiting(), l.itemsTotal(), l.itemsCopied(),
                l.itemsSkipped(), l.itemsFailed(), l.bytesTotal(), l.bytesDone(), "", "", "");
    }

    private static void mailbox(MailboxReport mailbox, CSVPrinter printer) throws IOException {
        Totals totals = new Totals();
        mailbox.folders().forEach(totals::add);
        Row summary = new Row("mailbox").mailboxes(mailbox.sourceMailbox(), mailbox.targetMailbox());
        summary(summary, mailbox.state(), mailbox.verified(), mailbox.verdict(), mailbox.startedAt(),
                mailbox.endedAt(), mailbox.durationMillis());
        summary.set("error", text(mailbox.error()));
        summary.set("items_per_second", rate(mailbox.itemsPerSecond()));
        summary.set("bytes_per_second", bytesRate(mailbox.bytesPerSecond()));
        summary.set("throttled_ms", Long.toString(mailbox.throttledMillis()));
        summary.set("deleted_on_target", Long.toString(mailbox.deletedOnTarget()));
        summary.set("kept_on_target", Long.toString(mailbox.keptOnTarget()));
        totals.into(summary);
        summary.print(printer);
        for (FolderReport folder : mailbox.folders()) {
            Row row = new Row("folder").mailboxes(mailbox.sourceMailbox(), mailbox.targetMailbox());
            row.set("source_folder", text(folder.sourceFolder()));
            row.set("target_folder", text(folder.targetFolder()));
            Totals one = new Totals();
            one.add(folder);
            one.into(row);
            row.print(printer);
        }
        for (ItemIssue issue : mailbox.issues()) {
            String source = issue.mailbox() != null ? issue.mailbox() : mailbox.sourceMailbox();
            Row row = new Row("item").mailboxes(source, mailbox.targetMailbox());
            row.set("source_folder", text(issue.folder()));
            row.set("date", date(issue.date()));
            row.set("subject", text(issue.subject()));
            row.set("message_id", text(issue.messageId()));
            row.set("source_uid", Long.toString(issue.sourceUid()));
            row.set("size", Long.toString(issue.size()));
            row.set("outcome", issue.outcome() == null ? "" : issue.outcome().name());
            row.set("reason", text(issue.reason()));
            row.print(printer);
        }
    }

    private static void summary(Row row, Enum<?> state, boolean verified, String verdict, Instant startedAt,
            Instant endedAt, long durationMillis) {
        row.set("state", state == null ? "" : state.name());
        row.set("verified", Boolean.toString(verified));
        row.set("verdict", text(verdict));
        row.set("started_at", date(startedAt));
        row.set("ended_at", date(endedAt));
        row.set("duration_ms", durationMillis < 0 ? "" : Long.toString(durationMillis));
    }

    private static void print(Appendable out, Rows rows) {
        print(out, FORMAT, rows);
    }

    private static void print(Appendable out, CSVFormat format, Rows rows) {
        try {
            CSVPrinter printer = new CSVPrinter(out, format); // not closed: closing would close the caller's out
            rows.write(printer);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String date(Instant date) {
        return date == null ? "" : date.toString();
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f", Math.max(0, perSecond));
    }

    private static String bytesRate(double perSecond) {
        return Long.toString(Math.round(Math.max(0, perSecond)));
    }

    /** Neutralises spreadsheet formulas (OWASP "CSV injection"); null as empty. */
    static String text(String value) {
        return CsvCell.neutral(value);
    }

    /** What {@link #print} writes. */
    @FunctionalInterface
    private interface Rows {
        void write(CSVPrinter printer) throws IOException;
    }

    /** One output row, set by column name so a row cannot shift a value into its neighbour's column. */
    private static final class Row {
        private final String[] values = new String[COLUMNS.size()];

        Row(String section) {
            Arrays.fill(values, "");
            set("section", section);
        }

        Row mailboxes(String source, String target) {
            set("source_mailbox", text(source));
            set("target_mailbox", text(target));
            return this;
        }

        void set(String column, String value) {
            values[INDEX.get(column)] = value;
        }

        void print(CSVPrinter printer) throws IOException {
            printer.printRecord((Object[]) values);
        }
    }

    /** Counts and bytes summed over folders. */
    private static final class Totals {
        private long selected;
        private long copied;
        private long alreadyThere;
        private long skipped;
        private long failed;
        private long bytesCopied;
        private long bytesSkipped;
        private long bytesFailed;
        private long flagsUpdated;

        void add(FolderReport folder) {
            selected += folder.itemsSelected();
            copied += folder.itemsCopied();
            alreadyThere += folder.itemsAlreadyThere();
            skipped += folder.itemsSkipped();
            failed += folder.itemsFailed();
            bytesCopied += folder.bytesCopied();
            bytesSkipped += folder.bytesSkipped();
            bytesFailed += folder.bytesFailed();
            flagsUpdated += folder.flagsUpdated();
        }

        void into(Row row) {
            row.set("items_selected", Long.toString(selected));
            row.set("items_copied", Long.toString(copied));
            row.set("items_already_there", Long.toString(alreadyThere));
            row.set("items_skipped", Long.toString(skipped));
            row.set("items_failed", Long.toString(failed));
            row.set("bytes_copied", Long.toString(bytesCopied));
            row.set("bytes_skipped", Long.toString(bytesSkipped));
            row.set("bytes_failed", Long.toString(bytesFailed));
            row.set("flags_updated", Long.toString(flagsUpdated));
        }
    }
}
