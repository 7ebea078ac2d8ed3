package io.mailferry.admin.matching;

import java.util.function.BiConsumer;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;

/**
 * The editable target cell. Unlike {@code TextFieldTableCell}, what was typed is kept when the edit ends any way but
 * Escape: Enter, Tab, clicking another row or another control (the stock cell drops it unless Enter was pressed).
 */
final class TargetCell<S> extends TableCell<S, String> {

    private final BiConsumer<S, String> keep;
    private TextField field;
    private boolean escaped;

    /** @param keep receives the row and the typed text when an edit ends by focus loss or a click elsewhere */
    TargetCell(BiConsumer<S, String> keep) {
        this.keep = keep;
    }

    @Override
    public void startEdit() {
        super.startEdit();
        if (!isEditing()) {
            return;
        }
        escaped = false;
        field = new TextField(getItem());
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                commitEdit(field.getText());
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                escaped = true;
                cancelEdit();
                e.consume();
            }
        });
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now && isEditing()) {
                commitEdit(field.getText());
            }
        });
        setText(null);
        setGraphic(field);
        field.selectAll();
        field.requestFocus();
    }

    /** The table cancels the edit when the admin clicks another row; that still keeps what was typed. */
    @Override
    public void cancelEdit() {
        if (!isEditing()) {
            return;
        }
        String typed = field == null ? null : field.getText();
        S row = getTableRow() == null ? null : getTableRow().getItem();
        super.cancelEdit();
        show(getItem());
        if (!escaped && typed != null && row != null && !typed.equals(getItem())) {
            keep.accept(row, typed);
        }
    }

    @Override
    public void commitEdit(String value) {
        if (!isEditing()) {
            return;
        }
        super.commitEdit(value);
        show(value);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        if (empty) {
            setText(null);
            setGraphic(null);
        } else if (isEditing() && field != null) {
            setText(null);
            setGraphic(field);
        } else {
            show(item);
        }
    }

    private void show(String item) {
        setText(item);
        setGraphic(null);
    }
}
