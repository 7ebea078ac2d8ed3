package io.mailferry.service.cli;

import io.mailferry.model.mailbox.DirectoryMailbox;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import io.mailferry.model.report.CsvCell;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailferry connections directory ID [--csv]}: the mailboxes a connection's directory lists (Microsoft 365: the
 * tenant's user and shared mailboxes), as a table or as CSV for a spreadsheet or {@code jobs match}.
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
        description = {"List the mailboxes of a connection's directory (Microsoft 365: the tenant's user and shared "
                + "mailboxes; Exchange: the mailboxes of its address book), sorted by address.",
                "An IMAP connection has none: its mailboxes are typed or imported. Exit code 1 when the directory "
                        + "cannot be read (the reason names the missing permission)."})
final class ConnectionDirectoryCommand extends ServiceCommand {
    /** Header only: {@code setSkipHeaderRecord} would drop it when writing (TOOLCHAIN.md). */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader("Address", "DisplayName", "Kind").get();
    private static final TextTable<DirectoryMailbox> TABLE = new TextTable<>("%-40s  %-32s  %s%n",
            List.of("ADDRESS", "DISPLAY NAME", "KIND"),
            m -> Arrays.asList(text(m.address()), text(m.displayName()), text(m.kind())));

    @Parameters(paramLabel = "ID", description = "Connection id (see connections list).")
    String id;

    @Option(names = "--csv", description = "Print CSV (Address,DisplayName,Kind; RFC 4180) instead of a table.")
    boolean csv;

    @Override
    public Integer call() {
        List<DirectoryMailbox> mailboxes = client().directory(id);
        if (csv) {
            out().print(csv(mailboxes));
            out().flush();
        } else {
            TABLE.print(out(), mailboxes, "The directory of connection " + id + " lists no mailboxes.");
        }
        return 0;
    }

    /** CRLF rows under the header; text a spreadsheet would run as a formula gets a leading apostrophe. */
    static String csv(List<DirectoryMailbox> mailboxes) {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CSV)) {
            for (DirectoryMailbox m : mailboxes) {
                printer.printRecord(CsvCell.neutral(m.address()), CsvCell.neutral(m.displayName()),
                        CsvCell.neutral(m.kind()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Writing CSV to memory failed", e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
