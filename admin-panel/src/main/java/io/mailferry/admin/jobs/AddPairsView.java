package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.DialogFrame;
import io.mailferry.admin.ui.FileChoosers;
import java.io.File;
import java.util.function.IntConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The "Add mailboxes" dialog of the Jobs tab: pairs typed or pasted one per line, or a pairs CSV imported by the
 * service; bad CSV rows are listed by line and the dialog stays open.
 */
public final class AddPairsView extends BorderPane {

    /**
     * @param onAdded gets how many mailboxes were added (close the dialog, reload the grid)
     * @param onCancel closes the dialog
     */
    public AddPairsView(AddPairsViewModel vm, IntConsumer onAdded, Runnable onCancel) {
        setId("addPairsView");
        getStyleClass().add("page");
        Label title = new Label(vm.title());
        title.getStyleClass().add("card-title");
        Label intro = new Label("One mailbox per line: the source address, then the target address (a comma, a tab "
                + "or spaces between them — paste two columns from a spreadsheet). Or import a pairs CSV file.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");

        TextArea lines = new TextArea();
        lines.setId("pairLines");
        lines.setPromptText("anna@old.example, anna@new.example\nbert@old.example, bert@new.example");
        lines.textProperty().bindBidirectional(vm.lines());
        lines.setPrefRowCount(8);
        VBox.setVgrow(lines, Priority.ALWAYS);
        Label hint = new Label();
        hint.setId("pairLinesHint");
        hint.getStyleClass().addAll("muted", "small");
        hint.textProperty().bind(Bindings.createStringBinding(
                () -> lines.getText().isBlank() ? "" : vm.linesError().get(), vm.linesError(), lines.textProperty()));

        CheckBox acceptValid = new CheckBox("Add the good rows anyway when the file has bad ones");
        acceptValid.setId("acceptValid");
        acceptValid.selectedProperty().bindBidirectional(vm.acceptValid());
        Button importCsv = new Button("_Import CSV…");
        importCsv.setId("importPairsCsv");
        importCsv.disableProperty().bind(vm.activity().busy());
        importCsv.setOnAction(e -> {
            FileChooser c = FileChoosers.of("Import mailbox pairs from CSV", "CSV files", "*.csv");
            File f = FileChoosers.used(c.showOpenDialog(getScene().getWindow()));
            if (f != null) {
                vm.importCsv(f.toPath(), onAdded);
            }
        });
        HBox csvRow = new HBox(12, importCsv, acceptValid);
        csvRow.setAlignment(Pos.CENTER_LEFT);

        Label outcome = new Label();
        outcome.setId("importOutcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcome());
        ListView<String> errors = new ListView<>(vm.importErrors());
        errors.setId("importPairErrors");
        errors.setPrefHeight(110);
        TitledPane errorPane = new TitledPane(io.mailferry.admin.matching.BadRows.TITLE, new VBox(6, outcome, errors));
        errorPane.setCollapsible(false);
        errorPane.visibleProperty().bind(Bindings.isNotEmpty(vm.importErrors()));
        errorPane.managedProperty().bind(errorPane.visibleProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("addPairsCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onCancel.run());
        Button add = new Button("_Add");
        add.setId("addPairsOk");
        add.getStyleClass().add("accent");
        add.setDefaultButton(true);
        add.disableProperty().bind(vm.canAdd().not());
        add.setOnAction(e -> vm.add(onAdded));
        DialogFrame.layout(this, vm.activity(), new VBox(10, title, intro, lines, hint, csvRow, errorPane), cancel,
                add);
    }
}
