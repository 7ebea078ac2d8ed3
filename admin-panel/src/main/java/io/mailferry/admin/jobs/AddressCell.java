package io.mailferry.admin.jobs;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** A mailbox address in the grid; cut when longer than its column, so its tooltip carries it whole. */
final class AddressCell<R> extends TableCell<R, String> {

    @Override
    protected void updateItem(String address, boolean empty) {
        super.updateItem(address, empty);
        setText(empty ? null : address);
        setTooltip(empty || address == null ? null : new Tooltip(address));
    }
}
