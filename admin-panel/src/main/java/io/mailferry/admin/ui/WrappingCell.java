package io.mailferry.admin.ui;

import javafx.scene.control.TableCell;
import javafx.scene.text.Text;

/**
 * A table cell whose text wraps to the column's width, so a long sentence (a failure reason, a verdict) is read in
 * full in the grid: the row grows instead of the text being cut.
 */
public final class WrappingCell<R> extends TableCell<R, String> {

    private final Text text = new Text();

    public WrappingCell() {
        text.getStyleClass().add("wrapping-cell-text");
        text.wrappingWidthProperty().bind(widthProperty().subtract(18));
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null || item.isEmpty()) {
            setGraphic(null);
            return;
        }
        text.setText(item);
        setGraphic(text);
    }

    /** The text shown, for tests: the whole value, never cut. */
    public String shown() {
        return getGraphic() == null ? "" : text.getText();
    }
}
