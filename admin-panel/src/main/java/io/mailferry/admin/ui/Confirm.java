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

    /**
     * Before a directory load replaces a list the admin typed, imported or edited ({@code edited} entries, named
     * {@code one} and {@code many}): true when nothing would be lost or the admin pressed Replace.
     */
    public static boolean replaceList(Node owner, String list, int edited, String one, String many) {
        return edited == 0 || ask(owner, "Replace the list?", list + " (" + Formats.count(edited) + " "
                + (edited == 1 ? one : many) + ") was typed, imported or edited here. Loading the directory replaces"
                + " the whole list with the directory's mailboxes.", "Replace");
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
