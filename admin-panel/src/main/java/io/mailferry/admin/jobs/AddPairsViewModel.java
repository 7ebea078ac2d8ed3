package io.mailferry.admin.jobs;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Adds mailboxes to an existing job: typed pairs ("source, target" per line, as pasted from a spreadsheet) go to
 * {@code POST .../pairs} all or none; a CSV file goes through the service's importer, which lists its bad rows by line.
 */
public final class AddPairsViewModel {

    private final ServiceClient client;
    private final Activity activity;
    private final String jobId;
    private final String jobName;
    private final StringProperty lines = new SimpleStringProperty("");
    private final BooleanProperty acceptValid = new SimpleBooleanProperty(false);
    private final ObservableList<String> importErrors = FXCollections.observableArrayList();
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringBinding linesError;
    private final BooleanBinding canAdd;

    public AddPairsViewModel(ServiceClient client, BackgroundRunner runner, String jobId, String jobName) {
        this.client = client;
        this.activity = new Activity(runner);
        this.jobId = jobId;
        this.jobName = jobName;
        linesError = Bindings.createStringBinding(() -> parse(lines.get()).error(), lines);
        canAdd = Bindings.createBooleanBinding(() -> linesError.get() == null, linesError).and(activity.busy().not());
    }

    public Activity activity() {
        return activity;
    }

    /** "Add mailboxes to 'Sales wave 1'" */
    public String title() {
        return "Add mailboxes to '" + jobName + "'";
    }

    /** One pair per line: source and target separated by a comma, semicolon, tab or spaces. */
    public StringProperty lines() {
        return lines;
    }

    /** With a CSV that has bad rows: add the good ones anyway (else nothing is added). */
    public BooleanProperty acceptValid() {
        return acceptValid;
    }

    /** "Line 3: ..." for every row the last CSV import rejected. */
    public ObservableList<String> importErrors() {
        return importErrors;
    }

    /** What the last import did, e.g. "Nothing was added: 2 rows are bad." */
    public StringProperty outcome() {
        return outcome;
    }

    /** Why the typed lines cannot be added yet; null when they can. */
    public StringBinding linesError() {
        return linesError;
    }

    public BooleanBinding canAdd() {
        return canAdd;
    }

    /** Adds the typed pairs; {@code onAdded} gets how many (the dialog closes, the grid reloads). */
    public void add(IntConsumer onAdded) {
        Parsed p = parse(lines.get());
        if (p.error() != null) {
            return;
        }
        activity.run(() -> client.addPairs(jobId, p.pairs()), added -> onAdded.accept(added.size()));
    }

    /**
     * Imports a CSV file into the job. {@code onAdded} runs only when every row was good (the dialog closes);
     * otherwise the bad rows stay listed here, and the outcome says whether the good ones were added.
     */
    public void importCsv(Path file, IntConsumer onAdded) {
        importErrors.clear();
        outcome.set("");
        boolean acceptGood = acceptValid.get();
        activity.run(() -> client.importPairs(jobId, Files.readString(file, StandardCharsets.UTF_8), acceptGood),
                result -> imported(result, acceptGood, onAdded));
    }

    private void imported(CsvImportResult result, boolean acceptGood, IntConsumer onAdded) {
        result.errors().forEach(e -> importErrors.add("Line " + e.line() + ": " + e.reason()));
        int good = result.pairs().size();
        if (result.errors().isEmpty()) {
            onAdded.accept(good);
            return;
        }
        int badRows = result.errors().size();
        outcome.set(acceptGood
                ? "Added " + Formats.count(good) + (good == 1 ? " mailbox" : " mailboxes") + "; the "
                        + (badRows == 1 ? "bad row below was" : "bad rows below were") + " left out."
                : "Nothing was added: " + Formats.count(badRows) + (badRows == 1 ? " row is" : " rows are")
                        + " bad. Fix the file, or tick \"Add the good rows anyway\".");
    }

    record Parsed(List<MailboxPairRequest> pairs, String error) {
    }

    static Parsed parse(String text) {
        List<MailboxPairRequest> pairs = new ArrayList<>();
        String[] all = text == null ? new String[0] : text.split("\\R");
        for (int i = 0; i < all.length; i++) {
            String line = all[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*[,;\\t]\\s*|\\s+");
            if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
                return new Parsed(List.of(), "Line " + (i + 1) + ": enter a source and a target mailbox, "
                        + "e.g. anna@old.example, anna@new.example.");
            }
            if (pairs.stream().anyMatch(p -> p.sourceMailbox().equalsIgnoreCase(cells[0]))) {
                return new Parsed(List.of(), "Line " + (i + 1) + ": " + cells[0] + " is listed twice.");
            }
            pairs.add(MailboxPairRequest.of(cells[0], cells[1]));
        }
        return pairs.isEmpty() ? new Parsed(List.of(), "Enter at least one pair of mailboxes.")
                : new Parsed(pairs, null);
    }
}
