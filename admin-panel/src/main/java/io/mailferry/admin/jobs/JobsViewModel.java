package io.mailferry.admin.jobs;

import io.mailferry.admin.client.JobCommand;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.reports.ReportRequest;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Connectivity;
import io.mailferry.model.job.Job;
import io.mailferry.model.mailbox.MailboxPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The job list and the selected job's mailbox grid. {@link #refresh()} is called every second or two by the view
 * while the tab shows; rows are updated in place. The lists keep the service's order: the view sorts a view of them
 * (a {@code SortedList}), so a poll never undoes the admin's sort. Commands go to the job or to the selected mailboxes.
 */
public final class JobsViewModel {

    private final ServiceClient client;
    private final BackgroundRunner runner;
    private final Activity activity;
    /** Rows report in-place changes, so a sorted view of the list re-sorts when a value moves on a poll. */
    private final ObservableList<JobRow> jobs = FXCollections.observableArrayList(JobRow::sortKeys);
    private final ObjectProperty<JobRow> selectedJob = new SimpleObjectProperty<>();
    private final ObservableList<PairRow> pairs = FXCollections.observableArrayList(PairRow::sortKeys);
    /** Reports state changes of its rows, so "Remove" follows a selected mailbox that starts running. */
    private final ObservableList<PairRow> selectedPairs = FXCollections.observableArrayList(
            r -> new Observable[] {r.state()});
    private Consumer<ReportRequest> reportOpener = r -> { };
    /** The selected job's state, following the row as polls update it. */
    private final StringProperty selectedJobState = new SimpleStringProperty();
    private final Connectivity connectivity = new Connectivity(this::load);

    public JobsViewModel(ServiceClient client, BackgroundRunner runner) {
        this.client = client;
        this.runner = runner;
        this.activity = new Activity(runner);
        selectedJob.addListener((obs, old, now) -> {
            selectedJobState.unbind();
            if (now == null) {
                selectedJobState.set(null);
            } else {
                selectedJobState.bind(now.state());
            }
            if (now == null || old == null || !Objects.equals(now.id(), old.id())) {
                pairs.clear();
                selectedPairs.clear();
                loadPairs();
            }
        });
    }

    public Activity activity() {
        return activity;
    }

    /** Bound by the shell to its own; the view disables the tab while false. Turning true reloads the lists. */
    public BooleanProperty connected() {
        return connectivity.connected();
    }

    /** Empty while connected; otherwise says the states, rates and ETAs shown are the last known ones. */
    public StringBinding lastKnownNote() {
        return connectivity.lastKnownNote();
    }

    public ObservableList<JobRow> jobs() {
        return jobs;
    }

    public ObjectProperty<JobRow> selectedJob() {
        return selectedJob;
    }

    public ObservableList<PairRow> pairs() {
        return pairs;
    }

    /** Kept in step with the grid's selection by the view. */
    public ObservableList<PairRow> selectedPairs() {
        return selectedPairs;
    }

    public void setReportOpener(Consumer<ReportRequest> opener) {
        this.reportOpener = opener;
    }

    public BooleanBinding hasJob() {
        return selectedJob.isNotNull();
    }

    public BooleanBinding hasPairs() {
        return Bindings.isNotEmpty(selectedPairs);
    }

    /** Start and Delta of the job: not while it is queued, running or stopping. */
    public BooleanBinding canStartJob() {
        return Bindings.createBooleanBinding(() -> selectedJob.get() != null && !busy(selectedJobState.get()),
                selectedJob, selectedJobState);
    }

    /** Stop of the job: only while it is queued or running. */
    public BooleanBinding canStopJob() {
        return Bindings.createBooleanBinding(() -> stoppable(selectedJobState.get()), selectedJobState);
    }

    /** Start and Delta of the selected mailboxes: some selected, none queued, running or stopping. */
    public BooleanBinding canStartPairs() {
        return canRemovePairs();
    }

    /** Stop of the selected mailboxes: one of them is queued or running. */
    public BooleanBinding canStopPairs() {
        return Bindings.createBooleanBinding(() -> selectedPairs.stream().anyMatch(p -> stoppable(p.state().get())),
                selectedPairs);
    }

    /** Queued, running or stopping (the names JobState and MailboxState share). */
    static boolean busy(String state) {
        return "QUEUED".equals(state) || "RUNNING".equals(state) || "STOPPING".equals(state);
    }

    private static boolean stoppable(String state) {
        return "QUEUED".equals(state) || "RUNNING".equals(state);
    }

    /** Mailboxes can be removed when some are selected and none of them runs (the service refuses that anyway). */
    public BooleanBinding canRemovePairs() {
        return Bindings.createBooleanBinding(() -> !selectedPairs.isEmpty()
                && selectedPairs.stream().noneMatch(PairRow::busy), selectedPairs);
    }

    /** Loads the list with the busy indicator (first show, after a command). */
    public void load() {
        activity.run(this::fetch, this::apply);
    }

    /** Polling: quiet, and skipped while the previous refresh still runs. */
    public void refresh() {
        activity.poll(this::fetch, this::apply);
    }

    private record Snapshot(List<Job> jobs, String jobId, List<MailboxPair> pairs) {
    }

    private Snapshot fetch() {
        List<Job> list = client.jobs();
        JobRow sel = selectedJob.get();
        String id = sel == null ? null : sel.id();
        List<MailboxPair> ps = id == null || list.stream().noneMatch(j -> j.id().equals(id)) ? List.of() : client.pairs(id);
        return new Snapshot(list, id, ps);
    }

    private void apply(Snapshot s) {
        merge(jobs, s.jobs(), Job::id, JobRow::id, JobRow::new, JobRow::update);
        JobRow sel = selectedJob.get();
        if (sel != null && jobs.stream().noneMatch(r -> r == sel)) {
            selectedJob.set(null);
        }
        if (sel != null && sel.id().equals(s.jobId())) {
            applyPairs(s.pairs());
        }
    }

    private void applyPairs(List<MailboxPair> list) {
        merge(pairs, list, MailboxPair::id, PairRow::id, PairRow::new, PairRow::update);
        selectedPairs.retainAll(pairs);
    }

    /**
     * Updates rows in place, adds new ones in order, drops the gone ones — as removals and insertions, never a
     * replacement of the whole list, which would clear the table's selection (a careful multi-selection of mailboxes
     * lost because another one was added elsewhere).
     */
    static <T, R> void merge(ObservableList<R> rows, List<T> items, Function<T, String> itemId,
            Function<R, String> rowId, Function<T, R> create, BiConsumer<R, T> update) {
        Map<String, R> existing = new HashMap<>();
        rows.forEach(r -> existing.put(rowId.apply(r), r));
        List<R> next = new ArrayList<>();
        for (T item : items) {
            R row = existing.get(itemId.apply(item));
            if (row == null) {
                row = create.apply(item);
            } else {
                update.accept(row, item);
            }
            next.add(row);
        }
        if (next.equals(rows)) {
            return;
        }
        java.util.Set<R> kept = identitySet(next);
        if (rows.stream().noneMatch(kept::contains)) {
            rows.setAll(next); // a job just selected (nothing to keep): one change, however many rows
            return;
        }
        rows.removeIf(r -> !kept.contains(r));
        java.util.Set<R> present = identitySet(rows);
        int i = 0;
        while (i < next.size()) {
            R row = next.get(i);
            if (i < rows.size() && rows.get(i) == row) {
                i++;
            } else if (!present.contains(row)) {
                int end = i; // new rows come in runs (at the end, mostly): one insertion per run
                while (end < next.size() && !present.contains(next.get(end))) {
                    end++;
                }
                rows.addAll(i, next.subList(i, end));
                i = end;
            } else {
                rows.remove(row); // moved
                rows.add(i, row);
                i++;
            }
        }
    }

    private static <R> java.util.Set<R> identitySet(List<R> rows) {
        java.util.Set<R> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(rows);
        return set;
    }

    private void loadPairs() {
        JobRow sel = selectedJob.get();
        if (sel == null) {
            return;
        }
        String id = sel.id();
        java.util.function.Consumer<String> progress = activity.progressReporter();
        activity.run(() -> client.pairs(id, (done, total) -> progress.accept("Loading mailboxes: "
                + io.mailferry.admin.ui.Formats.count(done) + " of " + io.mailferry.admin.ui.Formats.count(total))),
                list -> {
            if (selectedJob.get() != null && selectedJob.get().id().equals(id)) {
                applyPairs(list);
            }
        });
    }

    /** Selects the job with this id once the list holds it (after the wizard created it). */
    public void select(String jobId) {
        activity.run(this::fetch, s -> {
            apply(s);
            jobs.stream().filter(r -> r.id().equals(jobId)).findFirst().ifPresent(selectedJob::set);
        });
    }

    public void startJob() {
        jobCommand(JobCommand.START);
    }

    public void stopJob() {
        jobCommand(JobCommand.STOP);
    }

    public void deltaJob() {
        jobCommand(JobCommand.DELTA);
    }

    public void startMailboxes() {
        pairCommand(JobCommand.START);
    }

    public void stopMailboxes() {
        pairCommand(JobCommand.STOP);
    }

    public void deltaMailboxes() {
        pairCommand(JobCommand.DELTA);
    }

    void jobCommand(JobCommand command) {
        JobRow sel = selectedJob.get();
        if (sel == null) {
            return;
        }
        activity.run(() -> client.command(sel.id(), command), a -> load());
    }

    void pairCommand(JobCommand command) {
        eachSelectedPair((jobId, pairId) -> client.command(jobId, pairId, command));
    }

    /**
     * One call per selected mailbox, in one background task; the first refusal stops there and shows the service's
     * sentence (a refresh then shows what was done before it).
     */
    private void eachSelectedPair(BiConsumer<String, String> call) {
        JobRow sel = selectedJob.get();
        List<String> ids = selectedPairs.stream().map(PairRow::id).toList();
        if (sel == null || ids.isEmpty()) {
            return;
        }
        activity.run(() -> {
            for (String id : ids) {
                call.accept(sel.id(), id);
            }
            return ids.size();
        }, n -> load(), message -> refresh());
    }

    public void deleteJob() {
        JobRow sel = selectedJob.get();
        if (sel == null) {
            return;
        }
        activity.run(() -> {
            client.deleteJob(sel.id());
            return sel.id();
        }, id -> {
            selectedJob.set(null);
            load();
        });
    }

    /** Removes the selected mailboxes (and their ledgers) from the job; refused for a mailbox that runs. */
    public void removeMailboxes() {
        eachSelectedPair(client::deletePair);
    }

    /** A dialog model to add mailboxes to the selected job; null when no job is selected. */
    /** The schedule dialog of the selected job, null without one; times are meant in this machine's zone. */
    public JobScheduleViewModel schedule() {
        JobRow sel = selectedJob.get();
        return sel == null ? null : new JobScheduleViewModel(client, runner, sel.id(), sel.name().get(),
                java.time.ZoneId.systemDefault());
    }

    public AddPairsViewModel addPairs() {
        JobRow sel = selectedJob.get();
        return sel == null ? null : new AddPairsViewModel(client, runner, sel.id(), sel.name().get());
    }

    public void openJobReport() {
        JobRow sel = selectedJob.get();
        if (sel != null) {
            reportOpener.accept(ReportRequest.job(sel.id(), sel.name().get()));
        }
    }

    public void openMailboxReport() {
        JobRow sel = selectedJob.get();
        if (sel != null && !selectedPairs.isEmpty()) {
            PairRow p = selectedPairs.get(0);
            reportOpener.accept(ReportRequest.mailbox(sel.id(), p.id(), p.source().get() + " → " + p.target().get()));
        }
    }
}
