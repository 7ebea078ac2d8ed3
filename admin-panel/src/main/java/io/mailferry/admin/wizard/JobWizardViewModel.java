package io.mailferry.admin.wizard;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.admin.matching.MatchingViewModel;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.mailbox.DirectoryMailbox;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The job wizard: general → source mailboxes → matching → folders and filters → options → schedule → summary. Finish
 * creates the job with its pairs in one {@code POST /jobs}, then saves its schedule when one was set; without a
 * schedule the engine runs it when the admin starts it.
 */
public final class JobWizardViewModel {

    public static final String GENERAL = "general";
    public static final String SOURCES = "sources";
    public static final String MATCHING = "matching";
    public static final String FOLDERS = "folders";
    public static final String OPTIONS = "options";
    public static final String SCHEDULE = "schedule";
    public static final String SUMMARY = "summary";

    private static final Pattern MAILBOX = Pattern.compile("[^\\s,;]+");

    private final ServiceClient client;
    private final Activity activity;
    private final MatchingViewModel matching;
    private final ObservableList<Connection> sourceConnections = FXCollections.observableArrayList();
    private final ObservableList<Connection> targetConnections = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Connection> source = new SimpleObjectProperty<>();
    private final ObjectProperty<Connection> target = new SimpleObjectProperty<>();
    private final StringProperty sourceMailboxes = new SimpleStringProperty("");
    private final ObservableSet<FolderType> folderTypes = FXCollections.observableSet(
            EnumSet.copyOf(FolderType.mailTypes()));
    private final ObservableSet<FolderClass> kinds = FXCollections.observableSet(EnumSet.allOf(FolderClass.class));
    private final StringProperty include = new SimpleStringProperty("");
    private final StringProperty exclude = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> after = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> before = new SimpleObjectProperty<>();
    private final ObjectProperty<DuplicatePolicy> duplicatePolicy = new SimpleObjectProperty<>(DuplicatePolicy.SKIP);
    private final BooleanProperty foldersOnly = new SimpleBooleanProperty(false);
    private final BooleanProperty deleteFromSource = new SimpleBooleanProperty(false);
    private final BooleanProperty syncDeletions = new SimpleBooleanProperty(false);
    private final StringProperty concurrency = new SimpleStringProperty("20");
    private final StringProperty connections = new SimpleStringProperty(""); // empty: automatic (ADR 0037)
    private final StringProperty maxItemMegabytes = new SimpleStringProperty("");
    /**
     * Set once Finish created the job, so that a Finish again (its schedule refused, or the answer after it lost) never
     * creates it twice.
     */
    private volatile Job created;
    /** What {@link #created} was created from: a Finish with other input after it is refused, never ignored. */
    private volatile JobRequest createdFrom;
    private final ScheduleForm scheduleForm;
    private final Wizard wizard;
    private final StringBinding targetNote;
    private final BooleanBinding canLoadSourceDirectory;
    private final StringProperty sourceDirectoryStatus = new SimpleStringProperty("");
    /** The source list as the last directory load wrote it (null before one): anything else was typed or edited. */
    private String loadedSources;
    private ParsedSources parsed;

    public JobWizardViewModel(ServiceClient client, BackgroundRunner runner) {
        this(client, runner, ZoneId.systemDefault());
    }

    /** @param zone the zone the schedule step's dates, times and activity periods are meant in */
    public JobWizardViewModel(ServiceClient client, BackgroundRunner runner, ZoneId zone) {
        this.client = client;
        this.scheduleForm = new ScheduleForm(zone);
        this.activity = new Activity(runner);
        this.matching = new MatchingViewModel(client, runner);
        matching.targetConnection().bind(target);
        targetNote = Bindings.createStringBinding(() -> target.get() != null
                && target.get().kind() == ConnectionKind.MICROSOFT_365
                ? "'" + target.get().name() + "' is a Microsoft 365 connection: messages are written over Exchange "
                        + "Online IMAP, so its app needs IMAP.AccessAsApp, and its Exchange service principal needs "
                        + "FullAccess on every target mailbox."
                : "", target);
        canLoadSourceDirectory = Bindings.createBooleanBinding(
                () -> MatchingViewModel.hasDirectory(source.get()), source);
        source.addListener((obs, old, now) -> sourceDirectoryStatus.set(""));
        BooleanBinding generalValid = Bindings.createBooleanBinding(
                () -> !name.get().isBlank() && source.get() != null && target.get() != null, name, source, target);
        BooleanBinding sourcesValid = Bindings.createBooleanBinding(
                () -> sourcesError() == null, sourceMailboxes);
        BooleanBinding foldersValid = Bindings.createBooleanBinding(
                () -> foldersError() == null, folderTypes, kinds, after, before);
        BooleanBinding optionsValid = Bindings.createBooleanBinding(
                () -> optionsError() == null, concurrency, connections, maxItemMegabytes);
        BooleanBinding scheduleValid = Bindings.createBooleanBinding(() -> scheduleError() == null,
                scheduleForm.fields());
        wizard = new Wizard(List.of(
                WizardStep.of(GENERAL, "General", generalValid),
                WizardStep.of(SOURCES, "Source mailboxes", sourcesValid),
                WizardStep.of(MATCHING, "Matching", matching.complete(),
                        () -> matching.setSources(sourceList())),
                WizardStep.of(FOLDERS, "Folders and filters", foldersValid),
                WizardStep.of(OPTIONS, "Options", optionsValid),
                WizardStep.of(SCHEDULE, "Schedule", scheduleValid),
                WizardStep.of(SUMMARY, "Summary", new SimpleBooleanProperty(true))));
    }

    /** Loads the defined connections for the two choosers. */
    public void load() {
        activity.run(client::connections, list -> {
            sourceConnections.setAll(list.stream().filter(c -> c.role() == ConnectionRole.SOURCE).toList());
            targetConnections.setAll(list.stream().filter(c -> c.role() == ConnectionRole.TARGET).toList());
            if (source.get() == null && sourceConnections.size() == 1) {
                source.set(sourceConnections.get(0));
            }
            if (target.get() == null && targetConnections.size() == 1) {
                target.set(targetConnections.get(0));
            }
        });
    }

    /**
     * Fills the source list with the mailboxes of the source connection's directory (Microsoft 365: the tenant's user
     * and shared mailboxes), read off the UI thread; the admin then deletes the lines not to migrate. A failure shows
     * as the service's sentence and leaves the list as it was.
     */
    public void loadSourceDirectory() {
        Connection c = source.get();
        if (!MatchingViewModel.hasDirectory(c)) {
            return;
        }
        sourceDirectoryStatus.set("");
        String before = sourceMailboxes.get();
        activity.run(() -> client.directory(c.id()), list -> {
            if (source.get() == null || !c.id().equals(source.get().id())) {
                return; // the admin chose another source meanwhile
            }
            if (!before.equals(sourceMailboxes.get())) {
                sourceDirectoryStatus.set("The list changed while the directory was loading, so it was kept; load"
                        + " again to replace it.");
                return;
            }
            loadedSources = String.join("\n", list.stream().map(DirectoryMailbox::address).toList());
            sourceMailboxes.set(loadedSources);
            sourceDirectoryStatus.set(Formats.count(list.size()) + (list.size() == 1 ? " mailbox" : " mailboxes")
                    + " loaded from the directory of '" + c.name() + "'. Delete the lines of mailboxes not to migrate.");
        });
    }

    /**
     * How many mailboxes a directory load would replace when the list was typed, imported or edited since the last
     * load (0: the list is empty or as the last load left it), for the view to ask first.
     */
    public int sourcesTypedOrEdited() {
        String text = sourceMailboxes.get();
        return text.isBlank() || text.equals(loadedSources) ? 0 : Math.max(1, sourceList().size());
    }

    /** True when the source connection has a directory to load the source list from (Microsoft 365). */
    public BooleanBinding canLoadSourceDirectory() {
        return canLoadSourceDirectory;
    }

    /** What the last source directory load brought, "" before. */
    public StringProperty sourceDirectoryStatus() {
        return sourceDirectoryStatus;
    }

    /** What the chosen target needs before a job runs, "" when nothing (Microsoft 365: IMAP access for the app). */
    public StringBinding targetNote() {
        return targetNote;
    }

    /** The source list as entered: one mailbox per line (commas and semicolons also separate), duplicates dropped. */
    public List<String> sourceList() {
        return parsedSources().list();
    }

    public String sourcesError() {
        return parsedSources().error();
    }

    private record ParsedSources(String text, List<String> list, String error) {
    }

    /**
     * Parsed once per change of the text: the Next binding, the count under the field and the matching step all ask,
     * and a pasted list may have thousands of lines (parsed on the FX thread at every keystroke).
     */
    private ParsedSources parsedSources() {
        String text = sourceMailboxes.get();
        ParsedSources p = parsed;
        if (p == null || !p.text().equals(text)) {
            p = parseSources(text);
            parsed = p;
        }
        return p;
    }

    private static ParsedSources parseSources(String text) {
        // Keyed case-insensitively, first spelling kept: linear, where a scan of the list per line was quadratic.
        Map<String, String> unique = new LinkedHashMap<>();
        for (String line : text.split("[\\n,;]")) {
            String s = line.trim();
            if (!s.isEmpty()) {
                unique.putIfAbsent(s.toLowerCase(Locale.ROOT), s);
            }
        }
        List<String> list = List.copyOf(unique.values());
        String error = list.isEmpty() ? "Enter at least one source mailbox."
                : list.stream().filter(s -> !MAILBOX.matcher(s).matches()).findFirst()
                        .map(s -> "'" + s + "' is not a mailbox address or login.").orElse(null);
        return new ParsedSources(text, list, error);
    }

    public String foldersError() {
        if (kinds.isEmpty()) {
            return "Select at least one kind of folder.";
        }
        if (kinds.contains(FolderClass.MAIL) && folderTypes.isEmpty()) {
            return "Select at least one folder type.";
        }
        // Both days are inclusive, so one day (from == until) is a valid range.
        if (after.get() != null && before.get() != null && after.get().isAfter(before.get())) {
            return "The 'from' date must not be after the 'until' date.";
        }
        return null;
    }

    public String optionsError() {
        Integer c = parse(concurrency.get());
        if (c == null || c < 1 || c > 200) {
            return "Mailboxes at once must be a number from 1 to 200.";
        }
        Integer n = parse(connections.get());
        if (!connections.get().isBlank() && (n == null || n < 1 || n > 16)) {
            return "Connections per mailbox must be a number from 1 to 16, or empty for automatic.";
        }
        if (!maxItemMegabytes.get().isBlank()) {
            Integer m = parse(maxItemMegabytes.get());
            if (m == null || m < 1) {
                return "The largest item must be a number of megabytes, or empty for no limit.";
            }
        }
        return null;
    }

    /** What is wrong in the schedule step, null when it is fine (or no schedule is set). */
    public String scheduleError() {
        return scheduleForm.error();
    }

    /** The schedule Finish saves after creating the job; null when the admin starts the job by hand. */
    public JobSchedule schedule() {
        return scheduleForm.schedule();
    }

    private static Integer parse(String s) {
        return ScheduleForm.parse(s);
    }

    /** The request Finish sends, built from every step. */
    public JobRequest request() {
        Set<FolderType> types = folderTypes.containsAll(FolderType.mailTypes()) ? Set.of() : Set.copyOf(folderTypes);
        Set<FolderClass> selectedKinds = kinds.size() == FolderClass.values().length ? Set.of() : Set.copyOf(kinds);
        FolderFilter folders = new FolderFilter(MatchingLines.of(include.get()), MatchingLines.of(exclude.get()),
                types, List.of(), selectedKinds);
        ZoneId zone = ZoneId.systemDefault();
        Integer maxMb = maxItemMegabytes.get().isBlank() ? null : parse(maxItemMegabytes.get());
        JobOptions options = new JobOptions(
                foldersOnly.get() ? MigrationType.FOLDERS_ONLY : MigrationType.FULL,
                folders,
                after.get() == null ? null : after.get().atStartOfDay(zone).toInstant(),
                // The service's "before" is exclusive; "until" includes its day, so send the next day's start.
                before.get() == null ? null : before.get().plusDays(1).atStartOfDay(zone).toInstant(),
                maxMb == null ? null : maxMb * 1024L * 1024L,
                duplicatePolicy.get(),
                deleteFromSource.get(),
                parse(concurrency.get()),
                parse(connections.get()),
                null).withDeletionSync(syncDeletions.get());
        return new JobRequest(name.get().trim(), source.get().id(), target.get().id(), options, matching.pairs());
    }

    /** The summary step's lines. */
    public List<String> summary() {
        JobRequest r = request();
        JobOptions o = r.options();
        List<String> lines = new ArrayList<>();
        lines.add("Name: " + r.name());
        lines.add("From: " + source.get().name() + "   To: " + target.get().name());
        lines.add("Mailboxes: " + Formats.count(r.pairs().size()));
        lines.add("Kinds: " + (o.folders().kinds().isEmpty() ? "all (mail, calendar, contacts, tasks)"
                : String.join(", ", o.folders().kinds().stream().sorted().map(FolderClass::word).toList())));
        lines.add("Folder types: " + (o.folders().folderTypes().isEmpty() ? "all"
                : String.join(", ", o.folders().folderTypes().stream().sorted().map(Formats::label).toList())));
        if (!o.folders().include().isEmpty()) {
            lines.add("Only folders: " + String.join(", ", o.folders().include()));
        }
        if (!o.folders().exclude().isEmpty()) {
            lines.add("Except folders: " + String.join(", ", o.folders().exclude()));
        }
        lines.add("Dates: " + (after.get() == null ? "any" : "from " + after.get())
                + (before.get() == null ? "" : " until " + before.get() + " (inclusive)"));
        lines.add("Copy: " + (o.migrationType() == MigrationType.FOLDERS_ONLY ? "folders only, no items" : "folders and items")
                + (o.maxItemBytes() > 0 ? ", items up to " + Formats.bytes(o.maxItemBytes()) : ""));
        lines.add("Items already on the target: " + Formats.label(o.duplicatePolicy()).toLowerCase(Locale.ROOT));
        lines.add("Source items: " + (o.deleteFromSource() ? "DELETED after a verified copy" : "left untouched"));
        if (o.deletionSync()) {
            lines.add("Deleted on the source: deleted on the target too, when Mailferry copied it and it is unchanged "
                    + "there");
        }
        int n = o.connectionsPerServer();
        lines.add("Mailboxes at once: " + o.concurrentMailboxes() + ", each with " + (n == 0
                ? "2 connections to each server (automatic: 4 over a slow link; on a fast link 1 while three or more"
                        + " run)"
                : n + (n == 1 ? " connection" : " connections") + " to each server"));
        lines.add(scheduleLine());
        return lines;
    }

    private String scheduleLine() {
        JobSchedule s = schedule();
        if (s == null) {
            return "Schedule: none — start it with Start in the Jobs tab";
        }
        return "Schedule: first pass " + scheduleForm.startText()
                + (s.activityPeriods().isEmpty() ? ", any time" : ", only " + String.join(", ", s.activityPeriods()))
                + (s.recurring() ? ", then a delta every " + s.deltaEveryHours() + " h" : "")
                + (scheduleForm.cutOver().get() == null ? "" : " until " + scheduleForm.cutOver().get()) + " ("
                + scheduleForm.zone().getId() + ")";
    }

    /**
     * Creates the job, then saves its schedule when one is set; {@code onCreated} gets the job so the Jobs tab can
     * select it. A schedule the service refuses shows its sentence and says the job was created: the job stays,
     * without a schedule, and a second Finish only tries the schedule again. Once the job exists, no Finish creates it
     * again, whatever failed after (reading it back, say).
     */
    public void finish(Consumer<Job> onCreated) {
        if (!wizard.canFinish().get()) {
            return;
        }
        JobRequest request = request();
        JobSchedule schedule = schedule();
        Job before = created;
        if (before != null && !request.equals(createdFrom)) {
            activity.error().set("Job '" + before.name() + "' was already created with what you entered first;"
                    + " change it in the Jobs tab, or close the wizard.");
            return;
        }
        activity.run(() -> {
            Job job = before;
            if (job == null) {
                job = client.createJob(request);
                created = job;
                createdFrom = request;
            }
            try {
                if (schedule == null) {
                    return job;
                }
                try {
                    client.saveSchedule(job.id(), schedule);
                } catch (ServiceException e) {
                    throw new ScheduleRefused(job, e);
                }
                return client.job(job.id());
            } catch (ScheduleRefused e) {
                throw e;
            } catch (ServiceException e) {
                throw new AfterCreation(job, e);
            }
        }, onCreated, failure -> { });
    }

    /** The job exists; what came after its creation failed: the sentence says both. */
    private static final class AfterCreation extends ServiceException {
        AfterCreation(Job job, ServiceException cause) {
            super(cause.status(), cause.code(), "Job '" + job.name() + "' was created, but then: " + cause.getMessage()
                    + " Press Finish to try again (the job is not created twice), or close the wizard: the job is in"
                    + " the Jobs tab.");
        }
    }

    /** The job exists, its schedule was refused: the sentence says both. */
    private final class ScheduleRefused extends ServiceException {
        ScheduleRefused(Job job, ServiceException cause) {
            super(cause.status(), cause.code(), "Job '" + job.name() + "' was created, but its schedule was not"
                    + " saved: " + cause.getMessage() + " Press Finish to try the schedule again, or close the wizard"
                    + " to keep the job without a schedule.");
        }
    }

    /** Whether the admin entered anything worth asking about before the wizard closes. */
    public boolean hasInput() {
        return !name.get().isBlank() || !sourceMailboxes.get().isBlank() || !include.get().isBlank()
                || !exclude.get().isBlank() || matching.hasInput();
    }

    public Wizard wizard() {
        return wizard;
    }

    public Activity activity() {
        return activity;
    }

    /** True while the wizard or its matching grid waits for the service. */
    public BooleanBinding busy() {
        return activity.busy().or(matching.activity().busy());
    }

    public MatchingViewModel matching() {
        return matching;
    }

    public ObservableList<Connection> sourceConnections() {
        return sourceConnections;
    }

    public ObservableList<Connection> targetConnections() {
        return targetConnections;
    }

    public StringProperty name() {
        return name;
    }

    public ObjectProperty<Connection> source() {
        return source;
    }

    public ObjectProperty<Connection> target() {
        return target;
    }

    public StringProperty sourceMailboxes() {
        return sourceMailboxes;
    }

    public ObservableSet<FolderType> folderTypes() {
        return folderTypes;
    }

    /** The kinds of folders to copy (mail, calendar, contacts, tasks); all by default (ADR 0026). */
    public ObservableSet<FolderClass> kinds() {
        return kinds;
    }

    /**
     * What happens to the selected kinds on the chosen target, or "" when all of them go through: an IMAP or Gmail
     * target holds mail only.
     */
    public String kindsNote() {
        Connection t = target.get();
        boolean mailOnly = t != null && (t.kind() == ConnectionKind.IMAP || t.kind() == ConnectionKind.GMAIL);
        if (!mailOnly || kinds.stream().allMatch(k -> k == FolderClass.MAIL)) {
            return "";
        }
        return "The target is an IMAP server, which holds mail only: calendar, contact and task items are listed in "
                + "the report as not copied. Clear those kinds to leave them out of the job.";
    }

    public StringProperty include() {
        return include;
    }

    public StringProperty exclude() {
        return exclude;
    }

    public ObjectProperty<LocalDate> after() {
        return after;
    }

    public ObjectProperty<LocalDate> before() {
        return before;
    }

    public ObjectProperty<DuplicatePolicy> duplicatePolicy() {
        return duplicatePolicy;
    }

    public BooleanProperty foldersOnly() {
        return foldersOnly;
    }

    public BooleanProperty deleteFromSource() {
        return deleteFromSource;
    }

    /** Deletion sync: items deleted on the source are deleted on the target on later passes (off by default). */
    public BooleanProperty syncDeletions() {
        return syncDeletions;
    }

    public StringProperty concurrency() {
        return concurrency;
    }

    /** IMAP connections each mailbox opens to each server (the job's {@code connectionsPerServer}). */
    public StringProperty connections() {
        return connections;
    }

    public StringProperty maxItemMegabytes() {
        return maxItemMegabytes;
    }

    /** The schedule step's fields (shared with the Jobs tab's schedule dialog). */
    public ScheduleForm scheduleForm() {
        return scheduleForm;
    }

    /** Whether the job runs by a schedule (else when the admin presses Start). */
    public BooleanProperty scheduled() {
        return scheduleForm.scheduled();
    }

    /** The first pass's day; null = as soon as the job is created. */
    public ObjectProperty<LocalDate> startDate() {
        return scheduleForm.startDate();
    }

    /** The first pass's time of day, "19:00" or "19"; blank = midnight. */
    public StringProperty startTime() {
        return scheduleForm.startTime();
    }

    /** Activity periods, one per line, e.g. "Mon-Fri 19-07"; blank = any time. */
    public StringProperty windows() {
        return scheduleForm.windows();
    }

    /** Hours between delta passes; blank = none. */
    public StringProperty deltaEveryHours() {
        return scheduleForm.deltaEveryHours();
    }

    /** The cut-over day: no pass starts from its midnight on; null = until the schedule is removed. */
    public ObjectProperty<LocalDate> cutOver() {
        return scheduleForm.cutOver();
    }

    /** Folder patterns: one per line or comma separated. */
    static final class MatchingLines {
        private MatchingLines() {
        }

        static List<String> of(String text) {
            if (text == null || text.isBlank()) {
                return List.of();
            }
            return List.of(text.split("[\\n,]")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
