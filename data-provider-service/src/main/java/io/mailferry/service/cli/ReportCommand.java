package io.mailferry.service.cli;

import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailferry report ...}: reports across jobs (a single job's report is {@code jobs report ID}). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reports across all jobs of the running service.",
                "The report of one job or mailbox is: mailferry jobs report ID"},
        subcommands = ReportCommand.Overall.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the request or the operation failed",
                "2:invalid command line", "3:the service is not running or does not answer"})
final class ReportCommand {
    private ReportCommand() {
    }

    @Command(name = "overall", mixinStandardHelpOptions = true,
            description = {"All jobs at a glance: mailboxes done, in progress and failed; items and bytes; failures "
                    + "by reason.", "CSV and HTML are the service's report files, e.g. --format html --out all.html."})
    static final class Overall extends ServiceCommand {
        private static final TextTable<OverallLine> JOBS = new TextTable<>(
                "%-30s  %-21s  %9s  %6s  %11s  %6s  %12s  %12s%n",
                List.of("JOB", "STATE", "MAILBOXES", "DONE", "IN PROGRESS", "FAILED", "ITEMS COPIED", "ITEMS FAILED"),
                l -> Arrays.asList(l.jobName(), l.state(), l.mailboxes(), l.done(), l.inProgress(), l.failed(),
                        count(l.itemsCopied()), count(l.itemsFailed())));
        private static final TextTable<FailureReason> FAILURES = new TextTable<>("%-8s  %8s  %s%n",
                List.of("WHAT", "COUNT", "REASON"),
                f -> Arrays.asList("MAILBOX".equals(f.scope()) ? "mailbox" : "item", count(f.count()), f.reason()));

        @Option(names = "--format", paramLabel = "text|csv|html", defaultValue = "text",
                converter = JobReportCommand.FormatConverter.class,
                description = "text for the terminal (default), csv or html.")
        JobReportCommand.Format format;

        @Option(names = {"-o", "--out", "--output"}, paramLabel = "FILE",
                description = "Write to FILE instead of stdout.")
        Path output;

        @Override
        public Integer call() {
            ServiceClient client = client();
            String path = "/api/v1/reports/overall";
            if (format != JobReportCommand.Format.TEXT) {
                writeOut(client.text(path + "?format=" + format.name().toLowerCase(Locale.ROOT)), output, "report");
                return 0;
            }
            OverallReport report = client.send("GET", path, null, OverallReport.class);
            StringWriter buffer = new StringWriter();
            PrintWriter out = new PrintWriter(buffer);
            OverallLine t = report.total();
            out.printf(Locale.ROOT, "%s of %s mailboxes done (%s with issues), %s in progress, %s failed, %s not run "
                            + "or stopped.%n", count(t.done()), count(t.mailboxes()), count(t.withIssues()),
                    count(t.inProgress()), count(t.failed()), count(t.waiting()));
            out.printf(Locale.ROOT, "Items: %s copied, %s skipped, %s failed of %s; %s of %s bytes done.%n%n",
                    count(t.itemsCopied()), count(t.itemsSkipped()), count(t.itemsFailed()), count(t.itemsTotal()),
                    count(t.bytesDone()), count(t.bytesTotal()));
            JOBS.print(out, report.jobs(), "No jobs yet.");
            out.println();
            FAILURES.print(out, report.failures(), "Nothing failed.");
            out.flush();
            writeOut(buffer.toString(), output, "report");
            return 0;
        }

        private static String count(long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
    }
}
