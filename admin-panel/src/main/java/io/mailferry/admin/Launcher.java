package io.mailferry.admin;

import javafx.application.Application;

/** The jar's main class: a class extending Application cannot be the main class on the class path. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(AdminApp.class, args);
    }
}
