package io.mailferry.admin.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;

/** Lays a translucent veil with a spinner over its content while {@code busy} is true; clicks do not pass. */
public final class BusyOverlay extends StackPane {

    public BusyOverlay(Node content, ObservableBooleanValue busy) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        StackPane veil = new StackPane(spinner);
        veil.getStyleClass().add("busy-veil");
        veil.setAlignment(Pos.CENTER);
        veil.visibleProperty().bind(busy);
        getChildren().addAll(content, veil);
    }
}
