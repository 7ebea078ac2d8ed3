package io.mailferry.admin;

import java.util.List;
import javafx.application.Application;

/**
 * The jar's main class: a class extending Application cannot be the main class on the class path. With
 * {@code --check-service} it only checks that the service can be found and used ({@link ServiceCheck}).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (ServiceCheck.asked(List.of(args))) {
            System.exit(ServiceCheck.run(PanelOptions.parse(List.of(args)), System.out));
        }
        Application.launch(AdminApp.class, args);
    }
}
