package io.mailferry.admin.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/** One theme for the whole panel: AtlantaFX Primer (light or dark) plus the panel's own small stylesheet. */
public final class Theme {

    private static boolean dark;

    private Theme() {
    }

    public static void apply(Scene scene) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        String css = Theme.class.getResource("panel.css").toExternalForm();
        if (!scene.getStylesheets().contains(css)) {
            scene.getStylesheets().add(css);
        }
        scene.getRoot().getStyleClass().remove("dark");
        if (dark) {
            scene.getRoot().getStyleClass().add("dark");
        }
    }

    public static void toggleDark(Scene scene) {
        dark = !dark;
        apply(scene);
    }

    public static boolean isDark() {
        return dark;
    }
}
