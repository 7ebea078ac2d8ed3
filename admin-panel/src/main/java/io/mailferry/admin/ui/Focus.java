package io.mailferry.admin.ui;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleButton;

/** Where the keyboard lands when a page or tab appears: its first input, else its first control that takes focus. */
public final class Focus {

    private Focus() {
    }

    /**
     * The first input of {@code root} in layout order — a field, a choice (the selected one of a radio group), a list
     * — else its first focusable control (a button); empty when none.
     */
    public static Optional<Node> first(Node root) {
        Optional<Node> input = find(root, true);
        if (input.isPresent() && input.get() instanceof RadioButton r && r.getToggleGroup() != null
                && r.getToggleGroup().getSelectedToggle() instanceof RadioButton chosen && usable(chosen)) {
            return Optional.of(chosen);
        }
        return input.isPresent() ? input : find(root, false);
    }

    private static boolean usable(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return !n.isDisabled() && n.isFocusTraversable();
    }

    private static boolean isInput(Control c) {
        return !(c instanceof ButtonBase) || c instanceof ToggleButton || c instanceof CheckBox;
    }

    /** Moves the focus into {@code root} once it is laid out (a page or tab content that just appeared). */
    public static void into(Node root) {
        Platform.runLater(() -> first(root).ifPresentOrElse(Node::requestFocus, root::requestFocus));
    }

    private static Optional<Node> find(Node node, boolean inputsOnly) {
        if (!node.isVisible() || node.isDisabled()) {
            return Optional.empty();
        }
        if (node instanceof Control c && c.isFocusTraversable() && (!inputsOnly || isInput(c))) {
            return Optional.of(node);
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                Optional<Node> found = find(child, inputsOnly);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
