package io.mailferry.admin.wizard;

import io.mailferry.admin.matching.MatchingView;
import io.mailferry.admin.ui.Confirm;
import io.mailferry.admin.ui.Formats;
import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.Job;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The job wizard's pages. */
public final class JobWizardView extends BorderPane {

    private final JobWizardViewModel vm;
    private final VBox summary = new VBox(8);

    public JobWizardView(JobWizardViewModel vm, Consumer<Job> onCreated, Runnable onCancel) {
        this.vm = vm;
        setId("jobWizard");
        setCenter(new WizardView("New migration job", vm.wizard(), vm.activity(), vm.busy(), this::page,
                () -> vm.finish(onCreated), onCancel).guardInput(vm::hasInput));
        vm.wizard().current().addListener((obs, old, step) -> {
            if (step != null && JobWizardViewModel.SUMMARY.equals(step.id())) {
                fillSummary();
            }
        });
    }

    private Node page(WizardStep step) {
        return switch (step.id()) {
            case JobWizardViewModel.GENERAL -> general();
            case JobWizardViewModel.SOURCES -> sources();
            case JobWizardViewModel.MATCHING -> new MatchingView(vm.matching());
            case JobWizardViewModel.FOLDERS -> folders();
            case JobWizardViewModel.OPTIONS -> options();
            case JobWizardViewModel.SCHEDULE -> schedule();
            case JobWizardViewModel.SUMMARY -> ImapConnectionView.page(
                    "Check the job. Finish creates it; it starts when you press Start in the Jobs tab.", summary);
            default -> throw new IllegalArgumentException(step.id());
        };
    }

    private Node general() {
        GridPane g = Forms.grid();
        Forms.row(g, "Job na_me:", Fields.text("jobName", vm.name(), "e.g. Sales department, wave 1"));
        Forms.row(g, "_Source connection:", connections("jobSource", vm.sourceConnections(), vm.source()));
        Forms.row(g, "_Target connection:", connections("jobTarget", vm.targetConnections(), vm.target()));
        Label none = new Label("Define a source and a target connection on the Dashboard first.");
        none.getStyleClass().add("muted");
        none.visibleProperty().bind(Bindings.isEmpty(vm.sourceConnections()).or(Bindings.isEmpty(vm.targetConnections())));
        none.managedProperty().bind(none.visibleProperty());
        Forms.hint(g, none);
        Label targetNote = Fields.hint(vm.targetNote());
        targetNote.setId("jobTargetNote");
        targetNote.getStyleClass().setAll("label", "note-warn");
        Forms.hint(g, targetNote);
        return ImapConnectionView.page("Where the mailboxes come from and where they go.", g);
    }

    private static ComboBox<Connection> connections(String id, javafx.collections.ObservableList<Connection> items,
            javafx.beans.property.ObjectProperty<Connection> value) {
        ComboBox<Connection> box = new ComboBox<>(items);
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Connection c) {
                return c == null ? "" : c.name() + "  (" + Formats.kind(c.kind())
                        + (c.imap() != null ? ", " + c.imap().host() : "")
                        + (c.graph() != null ? ", " + c.graph().tenantId() : "") + ")";
            }

            @Override
            public Connection fromString(String s) {
                return null;
            }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Connection c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? "Choose…" : box.getConverter().toString(c));
            }
        });
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private Node sources() {
        TextArea area = new TextArea();
        area.setId("sourceMailboxes");
        area.setPromptText("anna@old.example\nbert@old.example\n…");
        area.textProperty().bindBidirectional(vm.sourceMailboxes());
        area.setPrefRowCount(14);
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            String error = vm.sourcesError();
            return error != null ? error : Formats.count(vm.sourceList().size()) + " source mailboxes";
        }, vm.sourceMailboxes()));
        Button load = new Button("_Load from directory");
        load.setId("loadSourceDirectory");
        load.setOnAction(e -> {
            if (Confirm.replaceList(load, "The list", vm.sourcesTypedOrEdited(), "mailbox", "mailboxes")) {
                vm.loadSourceDirectory();
            }
        });
        load.disableProperty().bind(vm.busy());
        Label loaded = new Label();
        loaded.setId("sourceDirectoryStatus");
        loaded.getStyleClass().addAll("muted", "small");
        loaded.setWrapText(true);
        loaded.textProperty().bind(vm.sourceDirectoryStatus());
        HBox directory = new HBox(10, load, loaded);
        directory.setAlignment(Pos.CENTER_LEFT);
        directory.visibleProperty().bind(vm.canLoadSourceDirectory());
        directory.managedProperty().bind(vm.canLoadSourceDirectory());
        return ImapConnectionView.page("The source mailboxes to migrate, one per line (paste from a spreadsheet"
                + ", or load the source tenant's directory). The next step matches each to its target.",
                new VBox(8, directory, area, count));
    }

    private Node folders() {
        FlowPane kinds = new FlowPane(14, 8);
        for (FolderClass k : FolderClass.values()) {
            kinds.getChildren().add(toggle(Formats.label(k), "kind" + k.name(), k, vm.kinds()));
        }
        FlowPane types = new FlowPane(14, 8);
        for (FolderType t : FolderType.mailTypes()) {
            types.getChildren().add(toggle(t == FolderType.OTHER ? "Other folders" : Formats.label(t),
                    "folderType" + t.name(), t, vm.folderTypes()));
        }
        Label kindsNote = new Label();
        kindsNote.setId("kindsNote");
        kindsNote.getStyleClass().addAll("muted", "small");
        kindsNote.setWrapText(true);
        kindsNote.textProperty().bind(Bindings.createStringBinding(vm::kindsNote, vm.kinds(), vm.target()));
        DatePicker after = new DatePicker();
        after.setId("afterDate");
        after.valueProperty().bindBidirectional(vm.after());
        after.setPromptText("any");
        DatePicker before = new DatePicker();
        before.setId("beforeDate");
        before.valueProperty().bindBidirectional(vm.before());
        before.setPromptText("any");
        GridPane g = Forms.grid();
        Forms.row(g, "_Kinds:", kinds, new SimpleObjectProperty<>(kinds.getChildren().get(0)));
        Forms.hint(g, kindsNote);
        Forms.row(g, "Mail folder _types:", types, new SimpleObjectProperty<>(types.getChildren().get(0)));
        Forms.row(g, "_Only folders:", Fields.text("includeFolders", vm.include(), "e.g. Projects/**, Clients/*"));
        Forms.row(g, "_Except folders:", Fields.text("excludeFolders", vm.exclude(), "e.g. Archive/2010/**"));
        Forms.row(g, "Items _from:", after);
        Forms.row(g, "Items _until:", before);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(vm::foldersError, vm.folderTypes(), vm.kinds(), vm.after(),
                vm.before())));
        return ImapConnectionView.page("Which folders and items to copy. Patterns use / between levels; * stays "
                + "in one level, ** crosses levels.", g);
    }

    /** A check box that adds {@code value} to {@code set} when ticked and follows the set when it changes. */
    private static <T> CheckBox toggle(String text, String id, T value, javafx.collections.ObservableSet<T> set) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.setSelected(set.contains(value));
        c.selectedProperty().addListener((obs, old, on) -> {
            if (on) {
                set.add(value);
            } else {
                set.remove(value);
            }
        });
        set.addListener((SetChangeListener<T>) ch -> c.setSelected(set.contains(value)));
        return c;
    }

    private Node options() {
        ChoiceBox<DuplicatePolicy> duplicates = new ChoiceBox<>();
        duplicates.setId("duplicatePolicy");
        duplicates.getItems().setAll(DuplicatePolicy.values());
        duplicates.valueProperty().bindBidirectional(vm.duplicatePolicy());
        duplicates.setConverter(new StringConverter<>() {
            @Override
            public String toString(DuplicatePolicy p) {
                return p == null ? "" : switch (p) {
                    case SKIP -> "Skip — keep the target's copy";
                    case OVERWRITE -> "Overwrite the target's copy";
                    case CREATE_DUPLICATE -> "Copy anyway (creates duplicates)";
                };
            }

            @Override
            public DuplicatePolicy fromString(String s) {
                return null;
            }
        });
        CheckBox foldersOnly = new CheckBox("Create the folder tree only, copy no items");
        foldersOnly.setId("foldersOnly");
        foldersOnly.selectedProperty().bindBidirectional(vm.foldersOnly());
        CheckBox delete = new CheckBox("Delete each source message after its copy is verified (move)");
        delete.setId("deleteSource");
        delete.selectedProperty().bindBidirectional(vm.deleteFromSource());
        CheckBox syncDeletions = new CheckBox("Delete on the target what is deleted on the source (only Mailferry's "
                + "unchanged copies)");
        syncDeletions.setId("syncDeletions");
        syncDeletions.selectedProperty().bindBidirectional(vm.syncDeletions());
        TextField concurrency = Fields.text("concurrency", vm.concurrency(), "20");
        concurrency.setMaxWidth(90);
        TextField connections = Fields.text("connectionsPerServer", vm.connections(), "automatic");
        connections.setMaxWidth(90);
        TextField maxMb = Fields.text("maxItemMb", vm.maxItemMegabytes(), "no limit");
        maxMb.setMaxWidth(90);
        GridPane g = Forms.grid();
        Forms.row(g, "Items already _there:", duplicates);
        Forms.row(g, "_Folders:", foldersOnly);
        Forms.row(g, "_Source:", delete);
        Forms.row(g, "_Deletions:", syncDeletions);
        Forms.row(g, "_Mailboxes at once:", concurrency);
        Forms.row(g, "_Connections per mailbox:", connections);
        Forms.row(g, "_Largest item (MB):", maxMb);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(vm::optionsError, vm.concurrency(), vm.connections(),
                vm.maxItemMegabytes())));
        return ImapConnectionView.page("How the engine copies. The defaults are safe: nothing is deleted, "
                + "nothing is copied twice.", g);
    }

    private Node schedule() {
        GridPane g = ScheduleFormView.grid(vm.scheduleForm());
        return ImapConnectionView.page("When the job runs by itself. Outside its activity periods a running pass "
                + "pauses after the items in flight and resumes where it stopped when the next period begins; delta "
                + "passes recur until the cut-over.", g);
    }

    private void fillSummary() {
        summary.getChildren().clear();
        summary.setId("jobSummary");
        for (String line : vm.summary()) {
            Label l = new Label(line);
            l.setWrapText(true);
            summary.getChildren().add(l);
        }
    }
}
