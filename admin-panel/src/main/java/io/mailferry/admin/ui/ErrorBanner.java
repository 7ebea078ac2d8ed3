package io.mailferry.admin.ui;

import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** One line in the danger colour with the last error's sentence and a close button; hidden when there is none. */
public final class ErrorBanner extends HBox {

    public ErrorBanner(Activity activity) {
        Label text = new Label();
        text.setId("errorText");
        text.setWrapText(true);
        text.textProperty().bind(activity.error());
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button("✕");
        close.getStyleClass().addAll("flat", "small");
        close.setFocusTraversable(false);
        close.setOnAction(e -> activity.clearError());
        getChildren().addAll(text, close);
        getStyleClass().add("error-banner");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        BooleanBinding show = activity.hasError();
        visibleProperty().bind(show);
        managedProperty().bind(show);
    }
}
