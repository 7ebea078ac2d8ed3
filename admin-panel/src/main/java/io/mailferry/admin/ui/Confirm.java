package io.mailferry.admin.ui;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/** The question asked before anything is deleted: a modal OK/Cancel over the window of {@code owner}. */
public final class Confirm {

    private Confirm() {
    }

    /** True when the admin pressed OK. */
    public static boolean ask(Node owner, String header, String question) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        confirm.setHeaderText(header);
        if (owner.getScene() != null) {
            confirm.initOwner(owner.getScene().getWindow());
        }
        return confirm.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
