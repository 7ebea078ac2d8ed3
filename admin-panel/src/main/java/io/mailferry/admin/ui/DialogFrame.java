package io.mailferry.admin.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The frame of a small dialog: the error banner on top, the body under a busy overlay, the buttons at the bottom. */
public final class DialogFrame {
    private DialogFrame() {
    }

    /**
     * Lays {@code dialog} out: {@code left} (Cancel, Close) at the bottom left, {@code right} (the actions) at the
     * bottom right.
     */
    public static void layout(BorderPane dialog, Activity activity, Node body, Node left, Node... right) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(10, left, gap);
        buttons.getChildren().addAll(right);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(10, 20, 16, 20));
        if (body instanceof Region r) {
            r.setPadding(new Insets(18, 20, 10, 20));
        }
        dialog.setTop(new VBox(new ErrorBanner(activity)));
        BorderPane.setMargin(dialog.getTop(), new Insets(10, 20, 0, 20));
        dialog.setCenter(new BusyOverlay(body, activity.busy()));
        dialog.setBottom(buttons);
    }
}
