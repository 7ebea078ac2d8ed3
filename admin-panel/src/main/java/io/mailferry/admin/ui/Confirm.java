package io.mailferry.admin.ui;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/**
 * The question asked before anything is deleted or thrown away: a modal question over the window of {@code owner}
 * whose default button (Enter) is Cancel, so that a hurried Enter keeps what is there.
 */
public final class Confirm {

    private Confirm() {
    }

    /** True when the admin pressed OK. */
    public static boolean ask(Node owner, String header, String question) {
        return ask(owner, header, question, "OK");
    }

    /** True when the admin pressed the button {@code yes} (e.g. "Delete", "Discard"). */
    public static boolean ask(Node owner, String header, String question, String yes) {
        ButtonType ok = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, question, ok, ButtonType.CANCEL);
        confirm.setHeaderText(header);
        ((Button) confirm.getDialogPane().lookupButton(ok)).setDefaultButton(false);
        ((Button) confirm.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (owner.getScene() != null) {
            confirm.initOwner(owner.getScene().getWindow());
        }
        return confirm.showAndWait().filter(b -> b == ok).isPresent();
    }
}
