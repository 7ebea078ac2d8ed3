package io.mailferry.admin;

import java.util.List;
import javafx.application.Application;

/**
 * The jar's main class: a class extending Application cannot be the main class on the class path. With
 * {@code --check-service} it only checks that the service can be found and used ({@link ServiceCheck}); with
 * {@code --help} it prints its options. Neither needs a display.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (PanelOptions.helpAsked(List.of(args))) {
            System.out.print(PanelOptions.HELP);
            return;
        }
        if (ServiceCheck.asked(List.of(args))) {
            System.exit(ServiceCheck.run(PanelOptions.parse(List.of(args)), System.out));
        }
        Application.launch(AdminApp.class, args);
    }
}
