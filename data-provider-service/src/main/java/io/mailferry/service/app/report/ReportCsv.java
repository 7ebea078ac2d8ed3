package io.mailferry.service.app.report;

import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a job or mailbox report as one rectangular CSV table (RFC 4180 quoting, CRLF, header row) so a spreadsheet
 * can filter it and a script can read it with any CSV library. The first column, {@code section}, says what a row is:
 * <ul>
 *   <li>{@code folder} rows first, one per folder of each mailbox: the folder columns and the counts and bytes
 *       (selected, copied, already there, skipped, failed; bytes copied/skipped/failed); item columns empty;</li>
 *   <li>then {@code item} rows, one per skipped, failed or missing item: mailbox, folder, date, subject, Message-ID,
 *       source UID, size, outcome and reason; count columns empty.</li>
 * </ul>
 * Numbers are plain digits (bytes, not "31.2 MB"), dates ISO-8601 in UTC, so the file sorts and sums correctly.
 * Text that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR — subjects come from
 * strangers' mail) is prefixed with an apostrophe. Thread-safe.
 */
public final class ReportCsv {
    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("section", "source_mailbox", "target_mailbox", "source_folder",
            "target_folder", "items_selected", "items_copied", "items_already_there", "items_skipped", "items_failed",
            "bytes_copied", "bytes_skipped", "bytes_failed", "date", "subject", "message_id", "source_uid", "size",
            "outcome", "reason");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get();

    /** The job report as CSV text. */
    public String job(JobReport report) {
        StringBuilder out = new StringBuilder();
        write(report.mailboxes(), out);
        return out.toString();
    }

    /** The mailbox report as CSV text. */
    public String mailbox(MailboxReport report) {
        StringBuilder out = new StringBuilder();
        write(List.of(report), out);
        return out.toString();
    }

    /** Streams the rows of {@code mailboxes} to {@code out} (for large reports); see the class comment for layout. */
    public void write(List<MailboxReport> mailboxes, Appendable out) {
        try {
            CSVPrinter printer = new CSVPrinter(out, FORMAT); // not closed: closing would close the caller's out
            for (MailboxReport mailbox : mailboxes) {
                for (FolderReport folder : mailbox.folders()) {
                    printer.printRecord("folder", text(mailbox.sourceMailbox()), text(mailbox.targetMailbox()),
                            text(folder.sourceFolder()), text(folder.targetFolder()), folder.itemsSelected(),
                            folder.itemsCopied(), folder.itemsAlreadyThere(), folder.itemsSkipped(),
                            folder.itemsFailed(), folder.bytesCopied(), folder.bytesSkipped(), folder.bytesFailed(),
                            "", "", "", "", "", "", "");
                }
            }
            for (MailboxReport mailbox : mailboxes) {
                for (ItemIssue issue : mailbox.issues()) {
                    String source = issue.mailbox() != null ? issue.mailbox() : mailbox.sourceMailbox();
                    printer.printRecord("item", text(source),
                            text(mailbox.targetMailbox()), text(issue.folder()), "", "", "", "", "", "", "", "", "",
                            date(issue.date()), text(issue.subject()), text(issue.messageId()), issue.sourceUid(),
                            issue.size(), issue.outcome() == null ? "" : issue.outcome().name(), text(issue.reason()));
                }
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String date(Instant date) {
        return date == null ? "" : date.toString();
    }

    /** Neutralises spreadsheet formulas (OWASP "CSV injection"); null as empty. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value
                : value;
    }
}
