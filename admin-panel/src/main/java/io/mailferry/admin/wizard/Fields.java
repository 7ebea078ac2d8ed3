package io.mailferry.admin.wizard;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;

/** Small field builders the wizard pages share. */
final class Fields {

    private Fields() {
    }

    static TextField text(String id, StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    /** A validation message under a field, shown only while there is one. */
    static Label hint(ObservableStringValue message) {
        Label l = new Label();
        l.getStyleClass().addAll("small", "news-bad");
        l.textProperty().bind(message);
        l.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> message.get() != null && !message.get().isEmpty(), message));
        l.managedProperty().bind(l.visibleProperty());
        l.setWrapText(true);
        return l;
    }

    /** The selected toggle of {@code group}, else {@code first}: where a label's mnemonic sends the focus. */
    static ObservableValue<Node> selectedOr(ToggleGroup group, Node first) {
        return Bindings.createObjectBinding(() -> group.getSelectedToggle() instanceof Node n ? n : first,
                group.selectedToggleProperty());
    }

    /** The field of a {@link #password} box that shows now (masked or revealed): its label's mnemonic target. */
    @SuppressWarnings("unchecked")
    static ObservableValue<Node> passwordField(HBox passwordBox) {
        return (ObservableValue<Node>) passwordBox.getProperties().get(SHOWING_FIELD);
    }

    private static final String SHOWING_FIELD = "mailferry.showingField";

    /** A masked password with an eye toggle that reveals it in place; both fields edit the same value. */
    static HBox password(String id, StringProperty value) {
        PasswordField masked = new PasswordField();
        masked.setId(id);
        masked.textProperty().bindBidirectional(value);
        TextField plain = new TextField();
        plain.setId(id + "Plain");
        plain.textProperty().bindBidirectional(value);
        ToggleButton reveal = new ToggleButton("Show");
        reveal.setId("revealPassword");
        reveal.setFocusTraversable(true);
        reveal.textProperty().bind(Bindings.when(reveal.selectedProperty()).then("Hide").otherwise("Show"));
        plain.visibleProperty().bind(reveal.selectedProperty());
        masked.visibleProperty().bind(reveal.selectedProperty().not());
        StackPane both = new StackPane(masked, plain);
        HBox.setHgrow(both, Priority.ALWAYS);
        HBox box = new HBox(6, both, reveal);
        box.setMaxWidth(Double.MAX_VALUE);
        box.getProperties().put(SHOWING_FIELD, Bindings.<Node>when(reveal.selectedProperty()).then(plain)
                .otherwise(masked));
        return box;
    }

    /**
     * Text the admin can select and copy but not edit, looking like a label: for the service's sentences that carry
     * something to copy (a missing permission's name, an admin-consent link). Fill it with {@link #showText}.
     */
    static TextArea selectableText(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(1);
        t.getStyleClass().add("selectable-text");
        return t;
    }

    /** Sets the text of a {@link #selectableText} and sizes it to show all of it (roughly, by characters per row). */
    static void showText(TextArea area, String text) {
        String s = text == null ? "" : text;
        int rows = 0;
        for (String line : s.split("\n", -1)) {
            rows += 1 + line.length() / 60; // the result box is about 60 characters of 13 px wide
        }
        area.setText(s);
        area.setPrefRowCount(Math.max(1, Math.min(rows, 10)));
    }
}
