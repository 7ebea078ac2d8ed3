package io.mailferry.admin.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A titled panel of the dashboard: a header with optional actions and a body. */
public final class Card extends VBox {

    private final HBox header;

    public Card(String title, Node body) {
        Label label = new Label(title);
        label.getStyleClass().add("card-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        header = new HBox(8, label, gap);
        header.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(header, body);
        VBox.setVgrow(body, Priority.ALWAYS);
        getStyleClass().add("card");
        setSpacing(10);
    }

    /** Adds buttons or chips to the header's right side. */
    public Card withActions(Node... actions) {
        header.getChildren().addAll(actions);
        return this;
    }
}
