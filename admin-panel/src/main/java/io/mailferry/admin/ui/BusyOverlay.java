package io.mailferry.admin.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;

/** Lays a translucent veil with a spinner over its content while {@code busy} is true; clicks do not pass. */
public final class BusyOverlay extends StackPane {

    public BusyOverlay(Node content, ObservableBooleanValue busy) {
        this(content, busy, null);
    }

    /** As above, with what the wait has got through so far under the spinner ({@code progress}; may be null). */
    public BusyOverlay(Node content, ObservableBooleanValue busy, javafx.beans.value.ObservableStringValue progress) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        javafx.scene.control.Label told = new javafx.scene.control.Label();
        told.setId("busyProgress");
        if (progress != null) {
            told.textProperty().bind(progress);
        }
        javafx.scene.layout.VBox waiting = new javafx.scene.layout.VBox(8, spinner, told);
        waiting.setAlignment(Pos.CENTER);
        StackPane veil = new StackPane(waiting);
        veil.getStyleClass().add("busy-veil");
        veil.setAlignment(Pos.CENTER);
        veil.visibleProperty().bind(busy);
        getChildren().addAll(content, veil);
    }
}
