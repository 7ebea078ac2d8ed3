package io.mailferry.admin;

import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import org.testfx.api.FxRobot;
import org.testfx.robot.MouseRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the panel the way an admin does (clicks and typing) for the headless UI tests. */
final class PanelDriver {

    private final FxRobot robot = new FxRobot();

    FxRobot robot() {
        return robot;
    }

    void click(String id) {
        Node node = Fx.node(id);
        waitUntilClickable(node, "#" + id);
        clickOn(node);
    }

    /**
     * Waits until {@code node} is enabled, visible and not under a busy veil ({@code BusyOverlay}: a view loading
     * after a wizard closed, say, lets no click through), as an admin waits for the spinner to go.
     */
    private static void waitUntilClickable(Node node, String what) {
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.read(() -> !node.isDisabled() && node.isVisible() && !veiled(node)),
                what + " to be enabled and not under a busy veil");
    }

    private static boolean veiled(Node node) {
        javafx.scene.Scene scene = node.getScene();
        if (scene == null) {
            return false;
        }
        javafx.geometry.Bounds b = node.localToScene(node.getLayoutBounds());
        javafx.geometry.Point2D middle = new javafx.geometry.Point2D(b.getCenterX(), b.getCenterY());
        return scene.getRoot().lookupAll(".busy-veil").stream()
                .anyMatch(v -> showing(v) && v.localToScene(v.getLayoutBounds()).contains(middle));
    }

    /**
     * Clicks the middle of {@code node} with the robot's mouse: moves there, presses and releases the primary button,
     * then waits once for the FX events these caused. {@code FxRobot.clickOn} sends the same three but waits after
     * each; tests about the mouse itself (sorting by a header, double-clicking a cell) still use it.
     */
    private void clickOn(Node node) {
        javafx.geometry.Point2D at = robot.point(node).query();
        MouseRobot mouse = robot.robotContext().getMouseRobot();
        mouse.moveNoWait(at);
        mouse.pressNoWait(MouseButton.PRIMARY);
        mouse.releaseNoWait(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Presses the button {@code id} inside the node {@code parentId} (ids repeated per list cell or per tab). Fired
     * rather than clicked: a list cell may be re-rendered between finding the button and the robot's click. Fired
     * later on the FX thread, so a confirmation it opens does not block the test.
     */
    void clickIn(String parentId, String id) {
        Node parent = Fx.node(parentId);
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> parent.lookup("#" + id) != null), "#" + id);
        javafx.application.Platform.runLater(() -> ((javafx.scene.control.ButtonBase) parent.lookup("#" + id)).fire());
    }

    /** Presses the confirming button (OK, Delete, Discard…) in the confirmation that is showing. */
    void confirm() {
        Fx.waitFor(Duration.ofSeconds(10), () -> okButton() != null, "a confirmation");
        clickOn(okButton());
        Fx.waitFor(Duration.ofSeconds(10), () -> okButton() == null, "the confirmation to close");
    }

    /** Whether a confirmation is showing. */
    static boolean confirmationShowing() {
        return okButton() != null;
    }

    private static Node okButton() {
        return Fx.call(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                .map(w -> w.getScene() == null ? null : w.getScene().getRoot())
                .filter(r -> r instanceof javafx.scene.control.DialogPane)
                .map(r -> (javafx.scene.control.DialogPane) r)
                .flatMap(pane -> pane.getButtonTypes().stream()
                        .filter(t -> t.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE)
                        .map(pane::lookupButton))
                .findFirst().orElse(null));
    }

    /** Clicks the field {@code id}, empties it and types {@code text} into it. */
    void type(String id, String text) {
        TextInputControl field = Fx.node(id);
        waitUntilClickable(field, "#" + id);
        clickOn(field);
        keys(field, text);
        Fx.waitFor(Duration.ofSeconds(5), () -> Fx.read(field::getText).equals(text), "#" + id + " to read " + text);
    }

    /**
     * Empties {@code field} and sends {@code text} to the focus owner of its scene (the field, once clicked) as the key
     * events TestFX's {@code write} sends (per character a press, the typed character and a release; a line break is
     * Enter, a tab is Tab), but all in one turn of the FX thread: {@code write} waits for the FX thread after every
     * character, which made filling a form take seconds. Tests about keys themselves (focus moves, Enter, F2 in a
     * grid) still use the robot.
     */
    private static void keys(TextInputControl field, String text) {
        Fx.read(() -> {
            field.clear();
            javafx.scene.Scene scene = field.getScene();
            for (char c : text.toCharArray()) {
                KeyCode code = c == '\n' ? KeyCode.ENTER : c == '\t' ? KeyCode.TAB : KeyCode.UNDEFINED;
                key(scene, KeyEvent.KEY_PRESSED, KeyEvent.CHAR_UNDEFINED, code.getName(), code);
                key(scene, KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED);
                key(scene, KeyEvent.KEY_RELEASED, KeyEvent.CHAR_UNDEFINED, code.getName(), code);
            }
            return null;
        });
    }

    private static void key(javafx.scene.Scene scene, javafx.event.EventType<KeyEvent> type, String character,
            String name, KeyCode code) {
        javafx.event.EventTarget target = scene.getFocusOwner() != null ? scene.getFocusOwner() : scene;
        javafx.event.Event.fireEvent(target, new KeyEvent(type, character, name, code, false, false, false, false));
    }

    void next() {
        click("wizardNext");
    }

    /** Clicks "Test connection" and returns the sentence shown once the result is in. */
    String testConnection() {
        TextInputControl message = Fx.node("testMessage");
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

    /** Presses Alt+{@code key}, as an admin reaching a field by its underlined letter. */
    void alt(KeyCode key) {
        robot.press(KeyCode.ALT, key).release(key, KeyCode.ALT);
        Fx.run(() -> { });
    }

    /** The id of the focused node in the newest showing window. */
    static String focusedId() {
        return Fx.call(() -> {
            List<javafx.stage.Window> ws = javafx.stage.Window.getWindows().stream()
                    .filter(javafx.stage.Window::isShowing).toList();
            Node n = ws.get(ws.size() - 1).getScene().getFocusOwner();
            return n == null ? null : n.getId() != null ? n.getId() : n.getClass().getSimpleName() + "/" + n;
        });
    }

    /** The mnemonic letters of every showing label and button in the newest window, one entry per use. */
    static List<Character> visibleMnemonics() {
        return Fx.call(() -> {
            List<javafx.stage.Window> ws = javafx.stage.Window.getWindows().stream()
                    .filter(javafx.stage.Window::isShowing).toList();
            return ws.get(ws.size() - 1).getScene().getRoot().lookupAll(".labeled").stream()
                    .filter(n -> n instanceof javafx.scene.control.Labeled l && l.isMnemonicParsing()
                            && l.getText() != null && l.getText().indexOf('_') >= 0 && showing(n))
                    .map(n -> {
                        String t = ((javafx.scene.control.Labeled) n).getText();
                        return Character.toUpperCase(t.charAt(t.indexOf('_') + 1));
                    }).toList();
        });
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    static List<String> listTexts(String id) {
        ListView<?> list = Fx.node(id);
        return Fx.call(() -> list.getItems().stream().map(Object::toString).toList());
    }
}
