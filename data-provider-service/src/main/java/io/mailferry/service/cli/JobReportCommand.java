package io.mailferry.service.cli;

import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code mailferry jobs report}: the report of a job's (or one pair's) last pass, as text, CSV or HTML. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Show the report of the last pass: per mailbox its verdict, a folder table and the first "
                + ReportPrinter.MAX_ISSUES + " items not copied with their reasons; then the job's verdict.",
                "CSV and HTML are the service's report files, listing every item, e.g. --format html -o report.html."})
final class JobReportCommand extends JobCommand {
    enum Format { TEXT, CSV, HTML }

    @Option(names = "--pair", paramLabel = "PAIR_ID", description = "Only this mailbox pair (id from jobs pairs ID).")
    String pairId;

    @Option(names = "--format", paramLabel = "text|csv|html", defaultValue = "text", converter = FormatConverter.class,
            description = "text for the terminal (default), csv or html.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        ServiceClient client = client();
        String path = path((pairId == null ? "" : "/pairs/" + segment(pairId, "mailbox pair")) + "/report");
        String text;
        if (format == Format.TEXT) {
            StringWriter buffer = new StringWriter();
            ReportPrinter printer = new ReportPrinter(new PrintWriter(buffer));
            if (pairId == null) {
                printer.print(client.send("GET", path, null, JobReport.class));
            } else {
                printer.print(client.send("GET", path, null, MailboxReport.class));
            }
            text = buffer.toString();
        } else {
            text = client.text(path + "?format=" + format.name().toLowerCase(Locale.ROOT));
        }
        writeOut(text, output, "report");
        return 0;
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Choices.of(Format.class, value, "report format");
        }
    }
}
