package io.mailferry.admin.matching;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * Source mailboxes and the target each one migrates into. Automatic matching asks the service (its rules, the same
 * as the CLI's); the admin edits any target in place; rows without a target are flagged and block the job wizard.
 * When the target connection has a directory (Microsoft 365, Exchange), the admin can load it as the target list; from then on
 * a target the directory does not list is flagged too and blocks the wizard, as the service would refuse the job
 * ({@code target_not_in_directory}).
 */
public final class MatchingViewModel {

    private final ServiceClient client;
    private final Activity activity;
    /** Rows report changes of their target, so counts and the filter follow manual edits. */
    private final ObservableList<MatchRow> rows = FXCollections.observableArrayList(
            r -> new Observable[] {r.target(), r.source(), r.notInDirectory(), r.notInList()});
    private final FilteredList<MatchRow> visible = new FilteredList<>(rows, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty onlyUnmatched = new SimpleBooleanProperty(false);
    private final StringProperty targetCandidates = new SimpleStringProperty("");
    private final StringProperty domainMappings = new SimpleStringProperty("");
    private final ObservableList<String> importErrors = FXCollections.observableArrayList();
    private final StringProperty importOutcome = new SimpleStringProperty("");
    private final IntegerBinding unmatchedCount;
    private final BooleanBinding complete;
    private final StringBinding summary;
    private final StringProperty lastAutoMatch = new SimpleStringProperty("");
    private final StringBinding autoMatchStatus;
    private final BooleanBinding canAutoMatch;
    private final ObjectProperty<Connection> targetConnection = new SimpleObjectProperty<>();
    private final BooleanBinding canLoadDirectory;
    /** Lower-case addresses of the loaded directory; null while none is loaded for the current target. */
    private Set<String> directory;
    /** What the last load found, "" while none is loaded; the status adds how many targets it lacks now. */
    private final StringProperty directoryLoaded = new SimpleStringProperty("");
    /** The target list as the last directory load wrote it (null before one): anything else was typed or edited. */
    private String loadedCandidates;
    private final StringBinding directoryStatus;
    private final IntegerBinding notInDirectoryCount;
    private final IntegerBinding notInListCount;

    /** The pasted target list's keys and the text they were read from ({@link #pastedKeys}). */
    private Set<String> pastedKeys = Set.of();
    private String pastedText;

    /** The source list {@link #setSources} was last given (lower-cased keys). */
    private final java.util.Set<String> typedSources = new java.util.LinkedHashSet<>();

    public MatchingViewModel(ServiceClient client, BackgroundRunner runner) {
        this.client = client;
        this.activity = new Activity(runner);
        filter.addListener(o -> refilter());
        onlyUnmatched.addListener(o -> refilter());
        unmatchedCount = Bindings.createIntegerBinding(
                () -> (int) rows.stream().filter(MatchRow::isUnmatched).count(), rows);
        notInDirectoryCount = Bindings.createIntegerBinding(
                () -> (int) rows.stream().filter(MatchRow::isNotInDirectory).count(), rows);
        notInListCount = Bindings.createIntegerBinding(
                () -> (int) rows.stream().filter(MatchRow::isNotInList).count(), rows);
        complete = Bindings.createBooleanBinding(
                () -> !rows.isEmpty() && unmatchedCount.get() == 0 && notInDirectoryCount.get() == 0, rows,
                unmatchedCount, notInDirectoryCount);
        summary = Bindings.createStringBinding(() -> Formats.count(rows.size()) + " mailboxes, "
                + Formats.count(rows.size() - unmatchedCount.get()) + " matched, "
                + Formats.count(unmatchedCount.get()) + " unmatched"
                + (notInDirectoryCount.get() == 0 ? ""
                        : ", " + Formats.count(notInDirectoryCount.get()) + " not in the directory")
                + (notInListCount.get() == 0 ? ""
                        : ", " + Formats.count(notInListCount.get()) + " not in the target list"),
                rows, unmatchedCount, notInDirectoryCount, notInListCount);
        canLoadDirectory = Bindings.createBooleanBinding(() -> hasDirectory(targetConnection.get()),
                targetConnection);
        directoryStatus = Bindings.createStringBinding(() -> {
            int missing = notInDirectoryCount.get();
            if (directoryLoaded.get().isEmpty() || missing == 0) {
                return directoryLoaded.get();
            }
            return directoryLoaded.get() + " " + Formats.count(missing) + (missing == 1 ? " target is" : " targets are")
                    + " not in it: correct " + (missing == 1 ? "it" : "them") + " in the grid (highlighted).";
        }, directoryLoaded, notInDirectoryCount);
        canAutoMatch = Bindings.createBooleanBinding(
                () -> !lines(targetCandidates.get()).isEmpty() && unmatchedCount.get() > 0, targetCandidates,
                unmatchedCount);
        autoMatchStatus = Bindings.createStringBinding(() -> !lines(targetCandidates.get()).isEmpty()
                ? lastAutoMatch.get() : canLoadDirectory.get()
                ? "Load the target mailboxes from the directory, or paste them above, one per line."
                : "Paste the target mailboxes above, one per line, to match against them.",
                targetCandidates, lastAutoMatch, canLoadDirectory);
        // A typed or imported target is checked against the pasted list whenever either changes.
        targetCandidates.addListener(o -> rows.forEach(this::flag));
        targetConnection.addListener((obs, old, now) -> {
            if (old == null || now == null || !old.id().equals(now.id())) {
                forgetDirectory();
            }
        });
    }

    private void refilter() {
        String f = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        boolean only = onlyUnmatched.get();
        visible.setPredicate(r -> (!only || r.isUnmatched() || r.isNotInDirectory())
                && (f.isEmpty() || r.source().get().toLowerCase(Locale.ROOT).contains(f)
                        || r.target().get().toLowerCase(Locale.ROOT).contains(f)));
    }

    public Activity activity() {
        return activity;
    }

    /** Whether there are mailboxes to match, pasted targets or domain mappings (input a closing wizard would drop). */
    public boolean hasInput() {
        return !rows.isEmpty() || !targetCandidates.get().isBlank() || !domainMappings.get().isBlank();
    }

    public ObservableList<MatchRow> rows() {
        return rows;
    }

    /** The rows the filter lets through: what the grid shows. */
    public FilteredList<MatchRow> visibleRows() {
        return visible;
    }

    public StringProperty filter() {
        return filter;
    }

    /** Show only the rows that block the wizard: without a target, or with one the loaded directory lacks. */
    public BooleanProperty onlyUnmatched() {
        return onlyUnmatched;
    }

    /**
     * How many target addresses a directory load would replace when the list was typed, imported or edited since the
     * last load (0: the list is empty or as the last load left it), for the view to ask first.
     */
    public int candidatesTypedOrEdited() {
        String text = targetCandidates.get();
        return text.isBlank() || text.equals(loadedCandidates) ? 0
                : (int) Math.max(1, text.lines().filter(l -> !l.isBlank()).count());
    }

    /** Target addresses automatic matching chooses from, one per line. */
    public StringProperty targetCandidates() {
        return targetCandidates;
    }

    /** "old.example=new.example" per line, for the domain-mapping rule. */
    public StringProperty domainMappings() {
        return domainMappings;
    }

    /** "Line 3: ..." for every row the last CSV import rejected. */
    public ObservableList<String> importErrors() {
        return importErrors;
    }

    /** What the last CSV import did with its good rows when some were bad (see {@link BadRows}); "" otherwise. */
    public StringProperty importOutcome() {
        return importOutcome;
    }

    public IntegerBinding unmatchedCount() {
        return unmatchedCount;
    }

    /** Rows whose target the loaded directory does not list; 0 while no directory is loaded. */
    public IntegerBinding notInDirectoryCount() {
        return notInDirectoryCount;
    }

    /** Rows whose target the pasted target list does not hold (no directory loaded); they do not block. */
    public IntegerBinding notInListCount() {
        return notInListCount;
    }

    /** True when there is at least one row, every row has a target, and no target is missing from the directory. */
    public BooleanBinding complete() {
        return complete;
    }

    public StringBinding summary() {
        return summary;
    }

    /**
     * Brings the grid up to date with the source mailboxes typed in the step before: a source typed since the last
     * call gets a row, one deleted from that list since loses its row; every other row stays as the admin left it —
     * its target, a row a CSV import added, a row removed from the grid — so that going Back and Next loses nothing.
     */
    public void setSources(List<String> sources) {
        java.util.Set<String> now = new java.util.LinkedHashSet<>();
        sources.forEach(s -> now.add(key(s)));
        java.util.Set<String> dropped = new java.util.HashSet<>(typedSources);
        dropped.removeAll(now);
        Map<String, MatchRow> present = new LinkedHashMap<>();
        rows.forEach(r -> present.put(key(r.source().get()), r));
        List<MatchRow> next = new ArrayList<>();
        for (MatchRow r : rows) {
            if (!dropped.contains(key(r.source().get()))) {
                next.add(r);
            }
        }
        for (String s : sources) {
            if (!typedSources.contains(key(s)) && !present.containsKey(key(s))) {
                next.add(new MatchRow(s.trim(), "", ""));
                present.put(key(s), next.get(next.size() - 1));
            }
        }
        typedSources.clear();
        typedSources.addAll(now);
        next.forEach(this::flag);
        rows.setAll(next);
    }

    /** The admin typed a target into the grid. */
    public void editTarget(MatchRow row, String target) {
        row.target().set(target == null ? "" : target.trim());
        row.how().set(row.isUnmatched() ? "" : "manual");
        flag(row);
    }

    public void remove(List<MatchRow> selected) {
        rows.removeAll(List.copyOf(selected));
    }

    /** True when there is a target list and a row without a target: what Auto-match needs to do anything. */
    public BooleanBinding canAutoMatch() {
        return canAutoMatch;
    }

    /** "2 of 3 mailboxes matched." after an auto-match; a hint instead while the target list is empty. */
    public StringBinding autoMatchStatus() {
        return autoMatchStatus;
    }

    /**
     * Asks the service to match every row whose target is empty, using its rules and the domain mappings. Targets
     * another row already has (typed, imported or matched before) are left out, so two sources never land on one.
     */
    public void autoMatch() {
        List<String> sources = rows.stream().filter(MatchRow::isUnmatched).map(r -> r.source().get()).toList();
        Set<String> used = usedTargets();
        List<String> targets = lines(targetCandidates.get()).stream().filter(t -> !used.contains(key(t))).toList();
        Map<String, String> mappings = parseMappings(domainMappings.get());
        if (sources.isEmpty() || lines(targetCandidates.get()).isEmpty()) {
            return;
        }
        if (targets.isEmpty()) {
            lastAutoMatch.set("0 of " + mailboxes(sources.size()) + " matched: every listed target is already used.");
            return;
        }
        activity.run(() -> client.match(new MatchRequest(sources, targets, List.of(), mappings)),
                result -> lastAutoMatch.set(apply(result) + " of " + mailboxes(sources.size()) + " matched."));
    }

    private Set<String> usedTargets() {
        Set<String> used = new HashSet<>();
        rows.stream().filter(r -> !r.isUnmatched()).forEach(r -> used.add(key(r.target().get())));
        return used;
    }

    private static String mailboxes(int n) {
        return Formats.count(n) + (n == 1 ? " mailbox" : " mailboxes");
    }

    /** Fills the matched rows; a target the service gives twice goes to the first source only. */
    private int apply(MatchResult result) {
        Map<String, MatchRow> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.put(key(r.source().get()), r));
        Set<String> used = usedTargets();
        int matched = 0;
        for (MatchResult.Match m : result.matches()) {
            MatchRow row = byKey.get(key(m.source()));
            if (row != null && m.target() != null && row.isUnmatched() && used.add(key(m.target()))) {
                row.target().set(m.target());
                row.how().set(m.rule() == null ? "" : Formats.label(m.rule()));
                flag(row);
                matched++;
            }
        }
        return matched;
    }

    /** Reads a pairs CSV through the service's parser; good rows are merged, bad rows listed by line. */
    public void importCsv(Path file) {
        importErrors.clear();
        importOutcome.set("");
        activity.run(() -> client.parsePairsCsv(Files.readString(file, StandardCharsets.UTF_8)), this::merge);
    }

    private void merge(CsvImportResult result) {
        Map<String, MatchRow> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.put(key(r.source().get()), r));
        for (MailboxPairRequest p : result.pairs()) {
            MatchRow row = byKey.get(key(p.sourceMailbox()));
            if (row == null) {
                row = new MatchRow(p.sourceMailbox(), p.targetMailbox(), "CSV");
                flag(row);
                rows.add(row);
                byKey.put(key(p.sourceMailbox()), row);
            } else {
                row.target().set(p.targetMailbox() == null ? "" : p.targetMailbox());
                row.how().set("CSV");
                flag(row);
            }
            row.credentials(p);
        }
        importErrors.setAll(BadRows.lines(result, BadRows.FILE));
        importOutcome.set(BadRows.outcome(result, true));
    }

    /** Writes every row (matched or not) in the pairs CSV format. */
    public void exportCsv(Path file) {
        String csv = PairsCsv.write(List.copyOf(rows));
        activity.run(() -> Files.writeString(file, csv, StandardCharsets.UTF_8), p -> { });
    }

    /** The matched rows as pair requests, with logins where a CSV gave them (else the connections' logins apply). */
    public List<MailboxPairRequest> pairs() {
        return rows.stream().filter(r -> !r.isUnmatched()).map(MatchRow::toRequest).toList();
    }

    /** The job's target connection: whether a directory can be loaded, and from where. */
    public ObjectProperty<Connection> targetConnection() {
        return targetConnection;
    }

    /** True when the target connection has a directory to load (Microsoft 365). */
    public BooleanBinding canLoadDirectory() {
        return canLoadDirectory;
    }

    /** "412 mailboxes in the directory of 'Contoso' …" once loaded, with how many targets it lacks; "" before. */
    public StringBinding directoryStatus() {
        return directoryStatus;
    }

    /** True for the connection kinds whose service side lists mailboxes ({@code GET /connections/{id}/directory}). */
    public static boolean hasDirectory(Connection c) {
        return c != null && (c.kind() == ConnectionKind.MICROSOFT_365 || c.kind() == ConnectionKind.EXCHANGE);
    }

    /**
     * Reads the target connection's directory (off the UI thread) and makes it the target list automatic matching
     * chooses from; every row's target is then checked against it. A failure shows as the service's sentence and
     * leaves the list as it was.
     */
    public void loadDirectory() {
        Connection c = targetConnection.get();
        if (!hasDirectory(c)) {
            return;
        }
        directoryLoaded.set("");
        String before = targetCandidates.get();
        activity.run(() -> client.directory(c.id()), list -> {
            if (targetConnection.get() == null || !c.id().equals(targetConnection.get().id())) {
                return; // the admin chose another target meanwhile
            }
            if (!before.equals(targetCandidates.get())) {
                directoryLoaded.set("The list changed while the directory was loading, so it was kept; load again to"
                        + " replace it.");
                return;
            }
            Set<String> keys = new HashSet<>();
            list.forEach(m -> keys.add(key(m.address())));
            directory = keys;
            loadedCandidates = String.join("\n", list.stream().map(DirectoryMailbox::address).toList());
            targetCandidates.set(loadedCandidates);
            rows.forEach(this::flag);
            directoryLoaded.set(directorySummary(list, c));
        });
    }

    private static String directorySummary(List<DirectoryMailbox> list, Connection c) {
        long shared = list.stream().filter(m -> "shared".equalsIgnoreCase(m.kind())).count();
        return mailboxes(list.size()) + " in the directory of '" + c.name() + "'"
                + (shared == 0 ? "" : " (" + Formats.count(shared) + " shared)") + ", listed above.";
    }

    private void forgetDirectory() {
        directory = null;
        directoryLoaded.set("");
        rows.forEach(this::flag);
    }

    /**
     * Checks {@code row}'s target against the loaded directory (the service would refuse the job: blocks the wizard)
     * and against the pasted target list (most likely a typo: flagged, not blocking); called wherever a target or
     * the list changes.
     */
    private void flag(MatchRow row) {
        Set<String> d = directory;
        String target = row.target().get();
        boolean missingFromDirectory = d != null && !row.isUnmatched() && !d.contains(key(target));
        boolean missingFromList = !missingFromDirectory && d == null && !row.isUnmatched()
                && !pastedKeys().isEmpty() && !pastedKeys().contains(key(target));
        row.flags(missingFromDirectory, missingFromList, missingFromDirectory
                ? target + " is not in the target's directory: the service would refuse the job. Correct the "
                        + "target or remove the row."
                : missingFromList ? target + " is not in the target list pasted on the right: check the address."
                : "");
    }

    /**
     * The keys of the pasted target list, read once per text: every row is flagged again at each keystroke, and
     * reading the list for each of thousands of rows froze the grid.
     */
    private Set<String> pastedKeys() {
        String text = targetCandidates.get();
        if (text != pastedText) { // the same String while the text is unchanged: no comparison of its length
            Set<String> keys = new java.util.HashSet<>();
            lines(text).forEach(t -> keys.add(key(t)));
            pastedKeys = keys;
            pastedText = text;
        }
        return pastedKeys;
    }

    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).distinct().toList();
    }

    static Map<String, String> parseMappings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static String key(String address) {
        return address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
    }
}
