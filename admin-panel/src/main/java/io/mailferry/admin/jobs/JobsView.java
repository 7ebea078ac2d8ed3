package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.ColumnFit;
import io.mailferry.admin.ui.Confirm;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.ui.Figure;
import io.mailferry.admin.ui.LastKnownNote;
import io.mailferry.admin.ui.WrappingCell;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Callback;

/** The Jobs tab: jobs on top, the selected job's mailboxes below, actions in the bars above each. */
public final class JobsView extends BorderPane {

    /** The progress bar's width next to its percentage. */
    private static final double BAR_WIDTH = 70;
    /** The widest an address column grows to by itself. */
    private static final double ADDRESS_MAX = 280;

    /**
     * @param newJob        opens the job wizard
     * @param openAddPairs  opens the dialog that adds mailboxes to the selected job
     * @param openSchedule  opens the dialog that shows, changes or removes the selected job's schedule
     */
    public JobsView(JobsViewModel vm, Runnable newJob, Consumer<AddPairsViewModel> openAddPairs,
            Consumer<JobScheduleViewModel> openSchedule) {
        setId("jobsView");
        getStyleClass().add("page");
        BooleanBinding noJob = vm.hasJob().not().or(vm.activity().busy());
        Button add = button("_New job…", "newJob");
        add.getStyleClass().add("accent");
        add.setOnAction(e -> newJob.run());
        Button start = button("_Start", "startJob");
        start.setOnAction(e -> vm.startJob());
        Button stop = button("St_op", "stopJob");
        stop.setOnAction(e -> vm.stopJob());
        Button delta = button("_Delta", "deltaJob");
        delta.setOnAction(e -> vm.deltaJob());
        Button report = button("_Report", "jobReport");
        report.setOnAction(e -> vm.openJobReport());
        Button schedule = button("Sc_hedule…", "jobSchedule");
        schedule.setOnAction(e -> {
            JobScheduleViewModel dialog = vm.schedule();
            if (dialog != null) {
                openSchedule.accept(dialog);
            }
        });
        Button delete = button("Delete", "deleteJob");
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> {
            JobRow job = vm.selectedJob().get();
            long n = job.job().mailboxCount();
            if (Confirm.ask(this, "Delete job", "Delete the job \"" + job.name().get() + "\" with its list of " + n
                    + (n == 1 ? " mailbox" : " mailboxes") + ", their reports and the record of what was copied? "
                    + "Mail already copied stays on the target; a new job would copy it again.", "Delete")) {
                vm.deleteJob();
            }
        });
        for (Button b : new Button[] {report, schedule, delete}) {
            b.disableProperty().bind(noJob);
        }
        // By state: nothing to start while it runs, nothing to stop unless it is queued or running.
        start.disableProperty().bind(vm.canStartJob().not().or(vm.activity().busy()));
        delta.disableProperty().bind(start.disableProperty());
        stop.disableProperty().bind(vm.canStopJob().not().or(vm.activity().busy()));
        Label title = new Label("Jobs");
        title.getStyleClass().add("card-title");
        Label lastKnown = LastKnownNote.of("jobsLastKnown", vm.lastKnownNote());
        HBox jobBar = new HBox(8, title, lastKnown, spacer(), add, new Separator(Orientation.VERTICAL), start, stop,
                delta, report, schedule, delete);
        jobBar.setAlignment(Pos.CENTER_LEFT);

        TableView<JobRow> jobs = new TableView<>();
        jobs.setItems(sortedBy(jobs, vm.jobs()));
        jobs.setId("jobTable");
        jobs.setPlaceholder(new Label("No jobs yet. Press \"New job…\" to create one."));
        TableColumn<JobRow, String> jobName = text("Name", JobRow::name, 260);
        TableColumn<JobRow, String> jobState = chip("State", JobRow::state);
        TableColumn<JobRow, Figure> jobCount = text("Mailboxes", JobRow::mailboxes, 90);
        TableColumn<JobRow, Number> jobProgress = bar("Progress", JobRow::progress);
        TableColumn<JobRow, String> lastRun = text("Last run", JobRow::lastRun, 150);
        TableColumn<JobRow, String> nextRun = text("Next run", JobRow::nextRun, 150);
        jobs.getColumns().addAll(List.of(jobName, jobState, jobCount, jobProgress, lastRun, nextRun));
        // Widths from what the cells show; the name takes the rest.
        ColumnFit.of(jobs).chip(jobState, r -> StateChip.words(r.state().get()))
                .text(jobCount, r -> String.valueOf(r.mailboxes().get()))
                .sample(jobProgress, "100 %", BAR_WIDTH)
                .text(lastRun, r -> r.lastRun().get()).text(nextRun, r -> r.nextRun().get())
                .rest(jobName, 200);
        jobs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.selectedJob().set(now);
            }
        });
        vm.selectedJob().addListener((obs, old, now) -> {
            if (now != jobs.getSelectionModel().getSelectedItem()) {
                jobs.getSelectionModel().select(now);
            }
        });

        BooleanBinding noPairs = vm.hasPairs().not().or(vm.activity().busy());
        Button pStart = button("Start", "startPairs");
        pStart.setOnAction(e -> vm.startMailboxes());
        Button pStop = button("Stop", "stopPairs");
        pStop.setOnAction(e -> vm.stopMailboxes());
        Button pDelta = button("Delta", "deltaPairs");
        pDelta.setOnAction(e -> vm.deltaMailboxes());
        Button pReport = button("Report", "pairReport");
        pReport.setOnAction(e -> vm.openMailboxReport());
        pReport.disableProperty().bind(noPairs);
        pStart.disableProperty().bind(vm.canStartPairs().not().or(vm.activity().busy()));
        pDelta.disableProperty().bind(pStart.disableProperty());
        pStop.disableProperty().bind(vm.canStopPairs().not().or(vm.activity().busy()));
        Button pRemove = button("Remove", "removePairs");
        pRemove.getStyleClass().add("danger");
        pRemove.disableProperty().bind(vm.canRemovePairs().not().or(vm.activity().busy()));
        Runnable remove = () -> {
            int n = vm.selectedPairs().size();
            if (Confirm.ask(this, "Remove mailboxes", "Remove " + (n == 1 ? "the selected mailbox"
                    : n + " selected mailboxes") + " from the job? What was copied stays on the target, but the "
                    + "record of it is deleted: adding the mailbox again copies it anew.", "Remove")) {
                vm.removeMailboxes();
            }
        };
        pRemove.setOnAction(e -> remove.run());
        Button addPairs = button("_Add mailboxes…", "addPairs");
        addPairs.disableProperty().bind(noJob);
        addPairs.setOnAction(e -> {
            AddPairsViewModel dialog = vm.addPairs();
            if (dialog != null) {
                openAddPairs.accept(dialog);
            }
        });
        Label mailboxes = new Label("Mailboxes of the selected job");
        mailboxes.getStyleClass().add("card-title");
        HBox pairBar = new HBox(8, mailboxes, spacer(), addPairs, new Separator(Orientation.VERTICAL),
                new Label("Selected:"), pStart, pStop, pDelta, pReport, pRemove);
        pairBar.setAlignment(Pos.CENTER_LEFT);

        TableView<PairRow> pairs = new TableView<>();
        pairs.setItems(sortedBy(pairs, vm.pairs()));
        pairs.setId("pairTable");
        pairs.setPlaceholder(new Label("Select a job to see its mailboxes."));
        pairs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<PairRow, String> source = text("Source", PairRow::source, 200);
        TableColumn<PairRow, String> target = text("Target", PairRow::target, 200);
        TableColumn<PairRow, String> state = chip("State", PairRow::badge);
        TableColumn<PairRow, Figure> items = text("Items", PairRow::items, 95);
        TableColumn<PairRow, Figure> bytes = text("Bytes", PairRow::bytes, 120);
        TableColumn<PairRow, Number> progress = bar("Progress", PairRow::progress);
        TableColumn<PairRow, Figure> rate = text("Rate", PairRow::rate, 75);
        TableColumn<PairRow, Figure> eta = text("ETA", PairRow::eta, 85);
        TableColumn<PairRow, Figure> throttled = text("Throttled", PairRow::throttled, 90);
        TableColumn<PairRow, String> note = text("Note", PairRow::note, 240);
        source.setCellFactory(col -> new AddressCell<>());
        target.setCellFactory(col -> new AddressCell<>());
        // Errors are whole sentences from the service: wrapped in the grid, never cut (and in full below it).
        note.setCellFactory(col -> new WrappingCell<>());
        pairs.getColumns().addAll(List.of(source, target, state, items, bytes, progress, rate, eta, throttled, note));
        // Every column as wide as what it shows; an address longer than ADDRESS_MAX is cut (whole in its tooltip and
        // in the detail pane) so that the figures stay in view; the note takes what is left and wraps. Wider than
        // the window, the grid scrolls sideways rather than cut a badge or a figure.
        ColumnFit.of(pairs).text(source, r -> r.source().get(), ADDRESS_MAX)
                .text(target, r -> r.target().get(), ADDRESS_MAX)
                .chip(state, r -> StateChip.words(r.badge().get()))
                .text(items, r -> String.valueOf(r.items().get())).text(bytes, r -> String.valueOf(r.bytes().get()))
                .sample(progress, "100 %", BAR_WIDTH)
                .text(rate, r -> String.valueOf(r.rate().get())).text(eta, r -> String.valueOf(r.eta().get()))
                .text(throttled, r -> String.valueOf(r.throttled().get()))
                .rest(note, 200);
        pairs.getColumns().forEach(c -> c.setId("pairColumn" + c.getText()));
        jobs.getColumns().forEach(c -> c.setId("jobColumn" + c.getText().replace(" ", "")));
        pairs.getSelectionModel().getSelectedItems().addListener((ListChangeListener<PairRow>) c ->
                vm.selectedPairs().setAll(pairs.getSelectionModel().getSelectedItems()));
        MenuItem mStart = new MenuItem("Start");
        mStart.setOnAction(e -> vm.startMailboxes());
        MenuItem mStop = new MenuItem("Stop");
        mStop.setOnAction(e -> vm.stopMailboxes());
        MenuItem mDelta = new MenuItem("Delta pass");
        mDelta.setOnAction(e -> vm.deltaMailboxes());
        MenuItem mReport = new MenuItem("Open report");
        mReport.setOnAction(e -> vm.openMailboxReport());
        MenuItem mRemove = new MenuItem("Remove from the job…");
        mRemove.disableProperty().bind(pRemove.disableProperty());
        mStart.disableProperty().bind(pStart.disableProperty());
        mStop.disableProperty().bind(pStop.disableProperty());
        mDelta.disableProperty().bind(pDelta.disableProperty());
        mReport.disableProperty().bind(pReport.disableProperty());
        mRemove.setOnAction(e -> remove.run());
        pairs.setContextMenu(new ContextMenu(mStart, mStop, mDelta, mReport, new SeparatorMenuItem(), mRemove));

        VBox top = new VBox(10, jobBar, jobs);
        VBox.setVgrow(jobs, Priority.ALWAYS);
        VBox bottom = new VBox(10, pairBar, pairs, detail(pairs));
        VBox.setVgrow(pairs, Priority.ALWAYS);
        top.setPadding(new Insets(14, 16, 10, 16));
        bottom.setPadding(new Insets(10, 16, 14, 16));
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.38);
        // Greyed and not clickable while the service is not reached: no command could reach it.
        split.disableProperty().bind(vm.connected().not());
        ErrorBanner error = new ErrorBanner(vm.activity());
        BorderPane.setMargin(error, new Insets(10, 16, 0, 16));
        setTop(error);
        setCenter(new BusyOverlay(split, vm.activity().busy(), vm.activity().progress()));
    }

    /**
     * The selected mailbox in full under the grid: its addresses, its state in words and its whole note — a failure
     * reason can be long, and a tooltip runs off the screen. Selectable, so the admin can copy it into a ticket.
     */
    private static javafx.scene.control.TextArea detail(TableView<PairRow> pairs) {
        javafx.scene.control.TextArea detail = new javafx.scene.control.TextArea();
        detail.setId("pairDetail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(2);
        detail.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        detail.getStyleClass().add("selectable-text");
        detail.setPromptText("Select a mailbox to read its state and note in full.");
        pairs.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            detail.textProperty().unbind();
            if (row == null) {
                detail.setText("");
                return;
            }
            detail.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
                String note = row.note().get();
                return row.source().get() + " → " + row.target().get() + ": " + StateChip.words(row.badge().get())
                        + (note == null || note.isEmpty() ? "." : ". " + note);
            }, row.source(), row.target(), row.badge(), row.note()));
        });
        return detail;
    }

    /**
     * The table shows a sorted view of the view model's list: the list keeps the service's order on every poll, the
     * view keeps the admin's sort (a table sorting its own items would be undone by the next poll).
     */
    private static <R> SortedList<R> sortedBy(TableView<R> table, ObservableList<R> rows) {
        SortedList<R> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        return sorted;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static Button button(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(true);
        return b;
    }

    /** A column of text, or of {@link io.mailferry.admin.ui.Figure}s: shown as text, sorted by the number. */
    static <R, T> TableColumn<R, T> text(String title, Callback<R, ObservableValue<T>> value, double width) {
        TableColumn<R, T> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> value.call(f.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    static <R> TableColumn<R, String> chip(String title, Callback<R, ObservableValue<String>> value) {
        TableColumn<R, String> c = JobsView.<R, String>text(title, value, 105);
        c.setCellFactory(col -> new TableCell<>() {
            private final Label chip = new Label();

            @Override
            protected void updateItem(String state, boolean empty) {
                super.updateItem(state, empty);
                if (empty || state == null) {
                    setGraphic(null);
                    return;
                }
                chip.setText(StateChip.words(state));
                chip.getStyleClass().setAll("label", "chip", StateChip.style(state));
                setGraphic(chip);
            }
        });
        return c;
    }

    static <R> TableColumn<R, Number> bar(String title, Callback<R, ObservableValue<Number>> value) {
        TableColumn<R, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> value.call(f.getValue()));
        c.setPrefWidth(130);
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label pct = new Label();
            private final HBox box = new HBox(6, bar, pct);

            {
                bar.setMinWidth(BAR_WIDTH - 20);
                bar.setMaxWidth(Double.MAX_VALUE);
                HBox.setHgrow(bar, Priority.ALWAYS);
                box.setAlignment(Pos.CENTER_LEFT);
                pct.setMinWidth(44);
            }

            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                if (empty || v == null) {
                    setGraphic(null);
                    return;
                }
                bar.setProgress(v.doubleValue());
                pct.setText(Math.round(v.doubleValue() * 100) + " %");
                setGraphic(box);
            }
        });
        return c;
    }
}
