package io.mailferry.service.cli;

import io.mailferry.model.mailbox.CsvImportResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailferry jobs import|export}: a job's mailbox pairs as CSV, parsed and written by the service. */
final class JobCsvCommands {
    private JobCsvCommands() {
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add mailbox pairs to a job from a CSV file: Microsoft's IMAP migration file "
                    + "(EmailAddress,UserName,Password[,UserRoot]) or the pairs layout (SourceMailbox,TargetMailbox"
                    + "[,SourceUser,SourcePassword,TargetUser,TargetPassword,SourceRoot]).",
                    "Every bad row is printed with its line and reason; then nothing is added unless "
                            + "--accept-valid is given."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every row was added", "1:some rows were bad (with --accept-valid the good rows were "
                    + "added), or the service refused", "2:invalid command line or unreadable file",
                    "3:the service is not running"})
    static final class Import extends JobCommand {
        @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (UTF-8).")
        Path file;

        @Option(names = "--accept-valid", description = "Add the good rows even when some rows are bad.")
        boolean acceptValid;

        @Override
        public Integer call() {
            String text = PairsFile.text(file);
            CsvImportResult result = client().sendText("POST", path("/pairs/import?acceptValid=" + acceptValid),
                    "text/csv; charset=utf-8", text, CsvImportResult.class);
            int pairs = result.pairs().size();
            if (result.errors().isEmpty()) {
                out().println("Added " + pairs + (pairs == 1 ? " pair" : " pairs") + " from " + file + " ("
                        + result.format() + " layout).");
                return 0;
            }
            err().println("The CSV file " + file + " has bad rows:");
            result.errors().forEach(e -> err().println(PairsFile.badRow(e)));
            err().println(acceptValid ? "Added the " + pairs + " good " + (pairs == 1 ? "row" : "rows") + "."
                    : "Nothing was added; fix the rows or use --accept-valid to add the " + pairs + " good "
                            + (pairs == 1 ? "row." : "rows."));
            return ServiceClient.FAILED;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a job's mailbox pairs as CSV (pairs layout, the format jobs import reads).",
                    "Passwords are never exported: pairs with their own login need them filled in before importing "
                            + "the file elsewhere."})
    static final class Export extends JobCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        @Override
        public Integer call() {
            writeOut(client().text(path("/pairs/export")), output, "mailbox pairs");
            return 0;
        }
    }
}
