package io.mailferry.admin.matching;

import io.mailferry.admin.ui.Formats;
import io.mailferry.model.mailbox.CsvImportResult;
import java.util.List;

/**
 * The rows of mailbox pairs the service's parser refused, as the panel lists them: "Line 3: the reason", numbered as
 * in the admin's own file or typed text, and one sentence saying what happened to the good rows. The job wizard's CSV
 * import and the "Add mailboxes…" dialog (typed pairs and CSV files alike) go through here, so a bad row reads the
 * same everywhere — and the same as on the command line, whose reasons these are.
 */
public final class BadRows {

    /** The title over the list of bad rows. */
    public static final String TITLE = "Rows not added";
    /** Line offset for typed pairs: {@link PairsCsv#typed} puts a header above them. */
    public static final int TYPED = -1;
    /** Line offset for a file: its lines as they are. */
    public static final int FILE = 0;

    private BadRows() {
    }

    /** "Line 3: …" for each bad row, its line moved by {@code offset}. */
    public static List<String> lines(CsvImportResult result, int offset) {
        return result.errors().stream().map(e -> "Line " + (e.line() + offset) + ": " + e.reason()).toList();
    }

    /**
     * What happened to the good rows when some were bad: "Added 2 mailboxes; the bad row below was left out." or
     * "Nothing was added: 1 row is bad."; "" when no row was bad.
     */
    public static String outcome(CsvImportResult result, boolean goodAdded) {
        int bad = result.errors().size();
        int good = result.pairs().size();
        if (bad == 0) {
            return "";
        }
        return goodAdded
                ? "Added " + Formats.count(good) + (good == 1 ? " mailbox" : " mailboxes") + "; the "
                        + (bad == 1 ? "bad row below was" : "bad rows below were") + " left out."
                : "Nothing was added: " + Formats.count(bad) + (bad == 1 ? " row is" : " rows are") + " bad.";
    }
}
