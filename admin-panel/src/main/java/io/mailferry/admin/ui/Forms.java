package io.mailferry.admin.ui;

import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Two-column forms with right-aligned labels of one width, each label a mnemonic for its field. */
public final class Forms {

    private Forms() {
    }

    public static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.setPadding(new Insets(4, 0, 4, 0));
        ColumnConstraints labels = new ColumnConstraints(170);
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints(240, 460, 620);
        fields.setHgrow(Priority.SOMETIMES);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /** Adds a row; {@code label} may carry a mnemonic ("_Host") that focuses {@code field}. */
    public static void row(GridPane grid, String label, Node field) {
        row(grid, label, field, new SimpleObjectProperty<>(field));
    }

    /**
     * Adds a row whose mnemonic focuses {@code focus}, not {@code shown}: for a field inside a layout box (radio
     * buttons, a password with its Show toggle) the mnemonic must reach the control itself, e.g. the selected
     * radio button or whichever of the masked and plain password fields is showing.
     */
    public static void row(GridPane grid, String label, Node shown, ObservableValue<? extends Node> focus) {
        Node field = shown;
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.labelForProperty().bind(focus);
        l.getStyleClass().add("form-label");
        // Fields fill the column unless the view gave them a deliberate width (a port, a separator).
        if (field instanceof Control c && c.getMaxWidth() == Control.USE_COMPUTED_SIZE) {
            c.setMaxWidth(Double.MAX_VALUE);
        }
        grid.addRow(grid.getRowCount(), l, field);
    }

    /** A hint under the fields, spanning the field column. */
    public static void hint(GridPane grid, Node hint) {
        grid.add(hint, 1, grid.getRowCount());
    }
}
