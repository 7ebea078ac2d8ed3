package io.mailferry.admin.jobs;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.matching.BadRows;
import io.mailferry.admin.matching.PairsCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Adds mailboxes to an existing job: typed pairs ("source, target" per line, as pasted from a spreadsheet), all or
 * none, and CSV files both go through the service's importer, which names every bad row by its line
 * ({@link BadRows}, as the job wizard's import does).
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
        linesError = Bindings.createStringBinding(() -> lines.get() == null || lines.get().isBlank()
                ? "Enter at least one pair of mailboxes." : null, lines);
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

    /**
     * Adds the typed pairs, all or none: they go to the service's importer as a pairs CSV, so a bad typed row is
     * listed by its line with the same words as a bad row of a file. {@code onAdded} gets how many were added (the
     * dialog closes, the grid reloads).
     */
    public void add(IntConsumer onAdded) {
        if (linesError.get() != null) {
            return;
        }
        send(PairsCsv.typed(lines.get()), false, BadRows.TYPED, onAdded);
    }

    /**
     * Imports a CSV file into the job. {@code onAdded} runs only when every row was good (the dialog closes);
     * otherwise the bad rows stay listed here, and the outcome says whether the good ones were added.
     */
    public void importCsv(Path file, IntConsumer onAdded) {
        boolean acceptGood = acceptValid.get();
        activity.run(() -> Files.readString(file, StandardCharsets.UTF_8),
                text -> send(text, acceptGood, BadRows.FILE, onAdded));
    }

    private void send(String csv, boolean acceptGood, int lineOffset, IntConsumer onAdded) {
        importErrors.clear();
        outcome.set("");
        activity.run(() -> client.importPairs(jobId, csv, acceptGood), result -> {
            if (result.errors().isEmpty()) {
                onAdded.accept(result.pairs().size());
                return;
            }
            importErrors.setAll(BadRows.lines(result, lineOffset));
            outcome.set(BadRows.outcome(result, acceptGood) + (acceptGood ? ""
                    : lineOffset == BadRows.TYPED ? " Correct the lines above and add again."
                    : " Fix the file, or tick \"Add the good rows anyway\"."));
        });
    }
}
