package io.mailferry.admin.ui;

import javafx.beans.binding.StringBinding;
import javafx.scene.control.Label;

/** The words a tab shows over its figures while the service is away ({@link Connectivity#lastKnownNote}). */
public final class LastKnownNote {

    private LastKnownNote() {
    }

    /** A bold small label with {@code note}, shown (and taking room) only while the note is not empty. */
    public static Label of(String id, StringBinding note) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(note);
        label.getStyleClass().addAll("small", "text-bold");
        label.setWrapText(true);
        label.visibleProperty().bind(note.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
