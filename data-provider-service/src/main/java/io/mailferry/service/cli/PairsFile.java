package io.mailferry.service.cli;

import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.LocalMigration;
import java.nio.file.Path;
import java.util.List;

/** Reads a mailbox pairs CSV given on the command line ({@code migrate --csv}, {@code jobs create --csv}). */
final class PairsFile {
    private PairsFile() {
    }

    /** The file's text; a {@link CliException} (exit 2) when it cannot be read. */
    static String text(Path file) {
        return CliFiles.readText(file, "The CSV file " + file);
    }

    /** Every pair of the file, or a {@link CliException} (exit 2) listing each bad row's line and reason. */
    static List<MailboxPairRequest> pairs(Path file) {
        CsvImportResult result = LocalMigration.parsePairs(text(file));
        if (!result.errors().isEmpty()) {
            StringBuilder sb = new StringBuilder("The CSV file " + file + " has bad rows:");
            result.errors().forEach(e -> sb.append(System.lineSeparator()).append(badRow(e)));
            throw SideOptions.usage(sb.toString());
        }
        if (result.pairs().isEmpty()) {
            throw SideOptions.usage("The CSV file " + file + " lists no mailboxes.");
        }
        return result.pairs();
    }

    /** "  line 3: reason" — how a bad row is shown everywhere in the CLI. */
    static String badRow(CsvImportResult.RowError error) {
        return "  line " + error.line() + ": " + error.reason();
    }
}
