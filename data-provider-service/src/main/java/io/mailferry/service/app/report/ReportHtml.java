package io.mailferry.service.app.report;

import io.mailferry.service.engine.port.Page;
import io.mailferry.model.report.DurationText;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Renders a job or mailbox report as one self-contained HTML page (inline CSS, no scripts, no external resources) that
 * reads well on screen and prints on A4/Letter: a header with the verdict line, duration and throughput, then tables
 * of mailboxes (job report only), folders, and items not copied (skipped, failed or missing) with their reasons.
 * Every value from the report is HTML-escaped: subjects, folder names and server messages come from outside.
 * Times are shown in the zone given to the constructor. Thread-safe.
 */
public final class ReportHtml {
    private static final String STYLE = """
            body{font-family:"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1f24;margin:24px;font-size:14px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
            .verdict{font-size:16px;font-weight:600;padding:8px 12px;border-radius:4px;margin:12px 0}
            .ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#a40e26}
            dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:0}dt{color:#57606a}dd{margin:0}
            table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #d8dee4;
            text-align:left;vertical-align:top}th{background:#f6f8fa}td.n,th.n{text-align:right;white-space:nowrap}
            .none{color:#57606a}footer{margin-top:32px;color:#57606a;font-size:12px}
            @media print{body{margin:0;font-size:10pt}.verdict{border:1px solid currentColor}
            thead{display:table-header-group}tr{page-break-inside:avoid}h2{page-break-after:avoid}}
            """;

    private final ZoneId zone;

    /** @param zone the zone report times are shown in (the service's own, usually) */
    public ReportHtml(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone);
    }

    /** The whole job report as an HTML page. */
    public String job(JobReport report) {
        long items = report.mailboxes().stream().mapToLong(MailboxReport::itemsCopied).sum();
        long bytes = report.mailboxes().stream().mapToLong(MailboxReport::bytesCopied).sum();
        Page page = new Page("Job report: " + report.jobName());
        page.verdict(report.verified(), report.verdict());
        page.facts(List.of(
                "State", report.state() == null ? "–" : report.state().words(),
                "Started", Formats.dateTime(report.startedAt(), zone),
                "Ended", Formats.dateTime(report.endedAt(), zone),
                "Duration", Formats.duration(report.durationMillis()),
                "Mailboxes", Formats.count(report.mailboxes().size()),
                "Copied", Formats.count(items) + " items, " + Formats.bytes(bytes),
                "Throughput", Formats.itemRate(Formats.perSecond(items, report.durationMillis())) + ", "
                        + Formats.byteRate(Formats.perSecond(bytes, report.durationMillis())),
                "Throttled", report.throttledMillis() <= 0 ? "no" : DurationText.across(report.throttledMillis(),
                        report.mailboxes().stream().filter(m -> m.throttledMillis() > 0).count()),
                "Gone from the source", deletions(report.deletedOnTarget(), report.keptOnTarget()),
                "Verified", report.verified() ? "yes" : "no"));
        page.mailboxes(report.mailboxes());
        page.folders(report.mailboxes(), true);
        page.issues(report.mailboxes());
        return page.end();
    }

    /** One mailbox's report as an HTML page. */
    public String mailbox(MailboxReport report) {
        Page page = new Page("Mailbox report: " + report.sourceMailbox() + " → " + report.targetMailbox());
        page.verdict(report.verified(), report.verdict());
        page.facts(List.of(
                "State", report.state() == null ? "–" : report.state().words(),
                "Problem", report.error() == null ? "none" : report.error(),
                "Started", Formats.dateTime(report.startedAt(), zone),
                "Ended", Formats.dateTime(report.endedAt(), zone),
                "Duration", Formats.duration(report.durationMillis()),
                "Copied", Formats.count(report.itemsCopied()) + " items, " + Formats.bytes(report.bytesCopied()),
                "Throughput", Formats.itemRate(report.itemsPerSecond()) + ", "
                        + Formats.byteRate(report.bytesPerSecond()),
                "Throttled", report.throttledMillis() <= 0 ? "no" : Formats.duration(report.throttledMillis()),
                "Gone from the source", deletions(report.deletedOnTarget(), report.keptOnTarget()),
                "Verified", report.verified() ? "yes" : "no"));
        page.folders(List.of(report), false);
        page.issues(List.of(report));
        return page.end();
    }

    /** The overall report of all jobs as an HTML page: totals, one line per job, failures by reason. */
    public String overall(OverallReport report) {
        OverallLine t = report.total();
        Page page = new Page("All jobs");
        page.verdict(t.failed() == 0 && t.withIssues() == 0 && t.done() == t.mailboxes(), overallVerdict(t));
        page.facts(List.of(
                "Generated", Formats.dateTime(report.generatedAt(), zone),
                "Jobs", Formats.count(report.jobs().size()),
                "Mailboxes", Formats.count(t.mailboxes()),
                "Done", Formats.count(t.done()) + " (" + Formats.count(t.withIssues()) + " with issues)",
                "In progress", Formats.count(t.inProgress()),
                "Failed", Formats.count(t.failed()),
                "Not run or stopped", Formats.count(t.waiting()),
                "Items", Formats.count(t.itemsCopied()) + " copied, " + Formats.count(t.itemsSkipped())
                        + " skipped, " + Formats.count(t.itemsFailed()) + " failed of " + Formats.count(t.itemsTotal()),
                "Data", Formats.bytes(t.bytesDone()) + " of " + Formats.bytes(t.bytesTotal())));
        page.jobs(report.jobs());
        page.failures(report.failures());
        return page.end();
    }

    /**
     * Items gone from their source folders since the last pass (deleted there, or moved between two folders that
     * share a target folder): their copies deleted on the target, or kept there. Deletion sync's and merged folders'.
     */
    private static String deletions(long deleted, long kept) {
        return Formats.count(deleted) + " deleted on the target, " + Formats.count(kept) + " kept there";
    }

    private static String overallVerdict(OverallLine t) {
        return Formats.count(t.done()) + " of " + Formats.count(t.mailboxes()) + " mailboxes done, "
                + Formats.count(t.inProgress()) + " in progress, " + Formats.count(t.failed()) + " failed.";
    }

    /** Escapes the five characters that matter in HTML text and attribute values; null as empty. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A formatted number: right-aligned in its table cell. */
    private record Num(String text) {
    }

    /** One page being written; every method escapes what it is given. */
    private final class Page {
        private final StringBuilder html = new StringBuilder(8192);

        Page(String title) {
            html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<title>").append(escape(title)).append(" – Mailferry</title>\n<style>\n").append(STYLE)
                    .append("</style>\n</head>\n<body>\n<header>\n<h1>").append(escape(title)).append("</h1>\n");
        }

        void verdict(boolean verified, String verdict) {
            html.append("<p class=\"verdict ").append(verified ? "ok" : "bad").append("\">")
                    .append(escape(verdict == null ? "No verdict: the pass has not been verified." : verdict))
                    .append("</p>\n");
        }

        void facts(List<String> pairs) {
            html.append("<dl>\n");
            for (int i = 0; i < pairs.size(); i += 2) {
                html.append("<dt>").append(escape(pairs.get(i))).append("</dt><dd>").append(escape(pairs.get(i + 1)))
                        .append("</dd>\n");
            }
            html.append("</dl>\n</header>\n");
        }

        void jobs(List<OverallLine> jobs) {
            section("Jobs");
            if (jobs.isEmpty()) {
                none("There are no jobs.");
                return;
            }
            head("Job", "State", new Num("Mailboxes"), new Num("Done"), new Num("In progress"), new Num("Failed"),
                    new Num("Items copied"), new Num("Items failed"), new Num("Data done"));
            for (OverallLine j : jobs) {
                row(j.jobName(), String.valueOf(j.state()), new Num(Formats.count(j.mailboxes())),
                        new Num(Formats.count(j.done())), new Num(Formats.count(j.inProgress())),
                        new Num(Formats.count(j.failed())), new Num(Formats.count(j.itemsCopied())),
                        new Num(Formats.count(j.itemsFailed())), new Num(Formats.bytes(j.bytesDone())));
            }
            endTable();
        }

        void failures(List<FailureReason> failures) {
            section("Failures by reason");
            if (failures.isEmpty()) {
                none("Nothing failed.");
                return;
            }
            head("What", "Reason", new Num("Count"));
            for (FailureReason f : failures) {
                row("MAILBOX".equals(f.scope()) ? "Mailboxes" : "Items", f.reason(), new Num(Formats.count(f.count())));
            }
            endTable();
        }

        void mailboxes(List<MailboxReport> mailboxes) {
            section("Mailboxes");
            if (mailboxes.isEmpty()) {
                none("No mailboxes in this job.");
                return;
            }
            head("Source", "Target", "State", new Num("Items copied"), new Num("Data copied"), new Num("Duration"),
                    new Num("Throttled"), new Num("Deleted on target"), new Num("Kept on target"), "Verdict");
            for (MailboxReport m : mailboxes) {
                row(m.sourceMailbox(), m.targetMailbox(), m.state() == null ? "–" : m.state().words(),
                        new Num(Formats.count(m.itemsCopied())), new Num(Formats.bytes(m.bytesCopied())),
                        new Num(Formats.duration(m.durationMillis())),
                        new Num(m.throttledMillis() <= 0 ? "–" : Formats.duration(m.throttledMillis())),
                        new Num(Formats.count(m.deletedOnTarget())), new Num(Formats.count(m.keptOnTarget())),
                        m.error() == null ? m.verdict() : m.error());
            }
            endTable();
        }

        void folders(List<MailboxReport> mailboxes, boolean withMailbox) {
            section("Folders");
            if (mailboxes.stream().allMatch(m -> m.folders().isEmpty())) {
                none("No folders were processed.");
                return;
            }
            Object[] columns = {"Mailbox", "Source folder", "Target folder", new Num("Selected"), new Num("Copied"),
                new Num("Already there"), new Num("Skipped"), new Num("Failed"), new Num("Copied size"),
                new Num("Skipped size"), new Num("Failed size")};
            head(withMailbox ? columns : java.util.Arrays.copyOfRange(columns, 1, columns.length));
            for (MailboxReport m : mailboxes) {
                for (FolderReport f : m.folders()) {
                    Object[] cells = {m.sourceMailbox(), f.sourceFolder(), f.targetFolder(),
                        new Num(Formats.count(f.itemsSelected())), new Num(Formats.count(f.itemsCopied())),
                        new Num(Formats.count(f.itemsAlreadyThere())), new Num(Formats.count(f.itemsSkipped())),
                        new Num(Formats.count(f.itemsFailed())), new Num(Formats.bytes(f.bytesCopied())),
                        new Num(Formats.bytes(f.bytesSkipped())), new Num(Formats.bytes(f.bytesFailed()))};
                    row(withMailbox ? cells : java.util.Arrays.copyOfRange(cells, 1, cells.length));
                }
            }
            endTable();
        }

        void issues(List<MailboxReport> mailboxes) {
            section("Items not copied");
            if (mailboxes.stream().allMatch(m -> m.issues().isEmpty())) {
                none("None: no item was skipped, failed or found missing.");
                return;
            }
            head("Mailbox", "Folder", "Date", "Subject", new Num("Size"), "Outcome", "Reason");
            for (MailboxReport m : mailboxes) {
                for (ItemIssue i : m.issues()) {
                    row(i.mailbox() == null ? m.sourceMailbox() : i.mailbox(), i.folder(),
                            Formats.dateTime(i.date(), zone), i.subject(), new Num(Formats.bytes(i.size())),
                            String.valueOf(i.outcome()), i.reason());
                }
            }
            endTable();
        }

        String end() {
            html.append("<footer>Mailferry report. Times in ").append(escape(zone.getId()))
                    .append("; sizes in binary units (1 MB = 1,048,576 bytes).</footer>\n</body>\n</html>\n");
            return html.toString();
        }

        private void section(String title) {
            html.append("<h2>").append(escape(title)).append("</h2>\n");
        }

        private void none(String sentence) {
            html.append("<p class=\"none\">").append(escape(sentence)).append("</p>\n");
        }

        /** Starts a table; {@link Num} columns are right-aligned. */
        private void head(Object... columns) {
            html.append("<table>\n<thead><tr>");
            for (Object column : columns) {
                cell("th", column);
            }
            html.append("</tr></thead>\n<tbody>\n");
        }

        /** One row; a cell is a {@link Num} or text (null shown empty). */
        private void row(Object... cells) {
            html.append("<tr>");
            for (Object cell : cells) {
                cell("td", cell);
            }
            html.append("</tr>\n");
        }

        private void cell(String tag, Object value) {
            html.append('<').append(tag);
            String shown = value instanceof Num num ? num.text() : (String) value;
            if (value instanceof Num) {
                html.append(" class=\"n\"");
            }
            html.append('>').append(escape(shown)).append("</").append(tag).append('>');
        }

        private void endTable() {
            html.append("</tbody>\n</table>\n");
        }
    }
}
