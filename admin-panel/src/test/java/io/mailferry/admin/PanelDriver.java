package io.mailferry.admin;

import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;

/** Drives the panel the way an admin does (clicks and typing) for the headless UI tests. */
final class PanelDriver {

    private final FxRobot robot = new FxRobot();

    FxRobot robot() {
        return robot;
    }

    void click(String id) {
        Node node = Fx.node(id);
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> !node.isDisabled() && node.isVisible()),
                "#" + id + " to be enabled");
        robot.clickOn(node);
    }

    void type(String id, String text) {
        TextInputControl field = Fx.node(id);
        robot.clickOn(field);
        Fx.run(field::clear);
        robot.write(text);
        Fx.waitFor(Duration.ofSeconds(5), () -> Fx.call(field::getText).equals(text), "#" + id + " to read " + text);
    }

    void next() {
        click("wizardNext");
    }

    /** Clicks "Test connection" and returns the sentence shown once the result is in. */
    String testConnection() {
        Label message = Fx.node("testMessage");
        Fx.run(() -> message.setText(""));
        click("testButton");
        Fx.waitFor(Duration.ofSeconds(60), () -> Fx.call(() -> !message.getText().isEmpty()), "a test result");
        return Fx.call(message::getText);
    }

    boolean finishDisabled() {
        return Fx.call(() -> Fx.node("wizardFinish").isDisabled());
    }

    /** Kind → server → security (none) → credentials, ending on the test step. */
    void fillImapConnection(String addButton, String name, String host, int port, String user, String password) {
        click(addButton);
        Fx.node("connectionWizard");
        type("connName", name);
        next();
        type("imapHost", host);
        type("imapPort", String.valueOf(port));
        next();
        click("imapSecurityNONE");
        next();
        type("imapUser", user);
        type("imapPassword", password);
        next();
    }

    /** From the test step: back to credentials, a new password, forward to the test step again. */
    void retypePassword(String password) {
        click("wizardBack");
        type("imapPassword", password);
        next();
    }

    void finish(String wizardId) {
        click("wizardFinish");
        Fx.waitFor(Duration.ofSeconds(15), () -> Fx.find(wizardId).isEmpty(), "the wizard to close");
    }

    static List<String> listTexts(String id) {
        ListView<?> list = Fx.node(id);
        return Fx.call(() -> list.getItems().stream().map(Object::toString).toList());
    }
}
