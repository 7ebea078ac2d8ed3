package io.mailferry.service.cli;

import io.mailferry.model.report.DurationText;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a job report for a terminal: per mailbox its verdict, the time it lost to throttling (when it did), a folder
 * table and the items not copied with their reasons (the first {@value #MAX_ISSUES}; the report files have them all),
 * then the job's verdict and its throttled total.
 */
final class ReportPrinter {
    static final int MAX_ISSUES = 20;
    private static final int FOLDER_COLUMNS = 28;
    private static final String COUNTS = " %8s %8s %8s %8s %8s%n";

    private final PrintWriter out;

    ReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(JobReport report) {
        report.mailboxes().forEach(this::print);
        out.println();
        out.println("Job: " + report.verdict());
        long throttled = report.mailboxes().stream().filter(m -> m.throttledMillis() > 0).count();
        if (report.throttledMillis() > 0) {
            out.println("Throttled: " + DurationText.across(report.throttledMillis(), throttled)
                    + " (time spent waiting as the servers asked).");
        }
        out.flush();
    }

    /** One mailbox: its verdict line, the folder table and the first issues. */
    void print(MailboxReport m) {
        out.println();
        out.println(m.sourceMailbox() + " -> " + m.targetMailbox() + ": " + m.state() + ". " + m.verdict());
        if (m.throttledMillis() > 0) {
            out.println("  Throttled: " + DurationText.of(m.throttledMillis()) + ".");
        }
        if (!m.folders().isEmpty()) {
            row("Source folder", "Target folder", "Selected", "Copied", "There", "Skipped", "Failed");
            for (FolderReport f : m.folders()) {
                row(f.sourceFolder(), f.targetFolder(), f.itemsSelected(), f.itemsCopied(), f.itemsAlreadyThere(),
                        f.itemsSkipped(), f.itemsFailed());
            }
        }
        m.issues().stream().limit(MAX_ISSUES).forEach(this::issue);
        if (m.issues().size() > MAX_ISSUES) {
            out.println("  ... and " + (m.issues().size() - MAX_ISSUES) + " more in the report files.");
        }
        out.flush();
    }

    private void row(String source, String target, Object... counts) {
        out.print("  " + TerminalText.padRight(source, FOLDER_COLUMNS) + " " + TerminalText.padRight(target,
                FOLDER_COLUMNS));
        out.printf(Locale.ROOT, COUNTS, counts);
    }

    private void issue(ItemIssue i) {
        out.println("  " + i.outcome() + " " + i.folder() + (i.sourceUid() > 0 ? " uid " + i.sourceUid() : "")
                + (i.subject() == null ? "" : " \"" + i.subject() + "\"")
                + (i.size() > 0 ? " (" + i.size() + " bytes)" : "") + ": " + i.reason());
    }
}
