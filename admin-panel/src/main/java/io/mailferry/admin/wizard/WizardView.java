package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.Confirm;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.ui.Focus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A wizard's frame: the step list on the left, the current page in the middle, Back / Next / Finish / Cancel below.
 * Next is bound to the step's validity; Enter presses Next (or Finish), Escape presses Cancel, which asks before it
 * drops what the admin entered. The focus is never left on Cancel by a wait for the service.
 */
public final class WizardView extends BorderPane {

    private final Wizard wizard;
    private final Function<WizardStep, Node> pages;
    private final Map<WizardStep, Node> built = new HashMap<>();
    private final VBox stepList = new VBox();
    private final StackPane pageHolder = new StackPane();
    private final Label pageTitle = new Label();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final Button finish = new Button("_Finish");
    private final Button cancel = new Button("Cancel");
    private BooleanSupplier hasInput = () -> false;
    private Runnable shown = () -> { };
    private Node focusBeforeBusy;

    /**
     * @param pages builds the page of a step; called once per step (steps that must show fresh data on entry
     *              refresh themselves from their view model)
     */
    public WizardView(String title, Wizard wizard, Activity activity, Function<WizardStep, Node> pages,
            Runnable onFinish, Runnable onCancel) {
        this(title, wizard, activity, activity.busy(), pages, onFinish, onCancel);
    }

    /**
     * @param busy when the wizard waits for the service (may cover more than {@code activity}, e.g. a page's own
     *             calls): the page is veiled and the buttons are disabled meanwhile
     */
    public WizardView(String title, Wizard wizard, Activity activity, ObservableBooleanValue busy,
            Function<WizardStep, Node> pages, Runnable onFinish, Runnable onCancel) {
        this.wizard = wizard;
        this.pages = pages;
        getStyleClass().add("wizard");

        Label heading = new Label(title);
        heading.getStyleClass().add("card-title");
        heading.setWrapText(true);
        stepList.setSpacing(4);
        stepList.setPrefWidth(210);
        stepList.setMinWidth(210);
        VBox left = new VBox(14, heading, stepList);
        left.getStyleClass().add("wizard-steps");
        setLeft(left);

        pageTitle.getStyleClass().add("page-title");
        ScrollPane scroll = new ScrollPane(pageHolder);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox center = new VBox(14, pageTitle, scroll, new ErrorBanner(activity));
        center.setPadding(new Insets(22, 26, 12, 26));
        setCenter(new BusyOverlay(center, busy));

        back.setId("wizardBack");
        next.setId("wizardNext");
        finish.setId("wizardFinish");
        cancel.setId("wizardCancel");
        next.getStyleClass().add("accent");
        finish.getStyleClass().add("success");
        back.disableProperty().bind(wizard.canBack().not().or(busy));
        next.disableProperty().bind(wizard.canNext().not().or(busy));
        finish.disableProperty().bind(wizard.canFinish().not().or(busy));
        next.visibleProperty().bind(wizard.isLast().not());
        next.managedProperty().bind(next.visibleProperty());
        finish.visibleProperty().bind(wizard.isLast());
        finish.managedProperty().bind(finish.visibleProperty());
        next.defaultButtonProperty().bind(next.visibleProperty());
        finish.defaultButtonProperty().bind(finish.visibleProperty());
        cancel.setCancelButton(true);
        back.setOnAction(e -> wizard.back());
        next.setOnAction(e -> wizard.next());
        finish.setOnAction(e -> onFinish.run());
        cancel.setOnAction(e -> {
            if (mayDiscard()) {
                onCancel.run();
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(10, cancel, gap, back, next, finish);
        buttons.getStyleClass().add("wizard-buttons");
        buttons.setAlignment(Pos.CENTER_RIGHT);
        setBottom(buttons);

        keepFocusWhileBusy(busy);
        // A radio button or check box keeps Enter to itself; in a wizard Enter means the way forward.
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !e.isAltDown() && !e.isShortcutDown()
                    && (e.getTarget() instanceof javafx.scene.control.RadioButton
                    || e.getTarget() instanceof javafx.scene.control.CheckBox)) {
                Button forward = next.isVisible() ? next : finish;
                if (!forward.isDisabled()) {
                    forward.fire();
                }
                e.consume();
            }
        });
        // The window's close button asks as Cancel does.
        sceneProperty().addListener((o, oldScene, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((w, oldWindow, window) -> {
                    if (window != null) {
                        window.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN,
                                e -> javafx.application.Platform.runLater(() -> shown.run()));
                        window.setOnCloseRequest(e -> {
                            if (!mayDiscard()) {
                                e.consume();
                            }
                        });
                    }
                });
            }
        });

        wizard.current().addListener((obs, old, step) -> show());
        wizard.steps().addListener((ListChangeListener<WizardStep>) c -> show());
        show();
    }

    /** Closing asks first when the wizard holds input (see {@link #guardInput}); true when it may close. */
    private boolean mayDiscard() {
        return !hasInput.getAsBoolean() || Confirm.ask(this, "Close without saving?",
                "What you entered in this wizard has not been saved and will be lost.", "Discard");
    }

    /** Cancel, Escape and the window's close button ask before dropping input while {@code hasInput} says there is. */
    public WizardView guardInput(BooleanSupplier hasInput) {
        return guardInput(hasInput, () -> { });
    }

    /** As {@link #guardInput(BooleanSupplier)}; {@code shown} runs once the window shows with its first page. */
    public WizardView guardInput(BooleanSupplier hasInput, Runnable shown) {
        this.hasInput = hasInput;
        this.shown = shown;
        return this;
    }

    /**
     * While the wizard waits, its buttons are disabled and JavaFX moves the focus to the only one left, Cancel, where
     * the Enter meant for Next or Finish would close the wizard. So afterwards the forward button takes the focus when
     * the wait opened it and a button had started the wait (a passing "Test connection": Enter then finishes), and
     * otherwise the focus owner before the wait gets it back.
     */
    private void keepFocusWhileBusy(ObservableBooleanValue busy) {
        busy.addListener((o, was, now) -> {
            javafx.scene.Scene scene = getScene();
            if (scene == null) {
                return;
            }
            if (now) {
                focusBeforeBusy = scene.getFocusOwner();
            } else {
                Node before = focusBeforeBusy;
                focusBeforeBusy = null;
                javafx.application.Platform.runLater(() -> {
                    Node owner = scene.getFocusOwner();
                    if (owner != null && owner != cancel && owner != before) {
                        return; // the admin moved on meanwhile
                    }
                    Button forward = next.isVisible() ? next : finish;
                    boolean usable = before != null && before != cancel && before.getScene() == scene
                            && !before.isDisabled() && before.isVisible();
                    // A button the admin pressed (Test connection, Load…) hands over to the way forward once it
                    // opened; a field being typed in keeps the focus.
                    if ((!usable || before instanceof javafx.scene.control.ButtonBase) && !forward.isDisabled()) {
                        forward.requestFocus();
                    } else if (usable) {
                        before.requestFocus();
                    }
                });
            }
        });
    }

    /**
     * A label keeps its Alt+letter registered in the scene after its page left it, so "_Target connection" on the
     * first page would swallow Alt+T on a later page's "Folder _types". Pages re-register theirs when shown again.
     */
    private void forgetMnemonicsOfHiddenPages() {
        javafx.scene.Scene scene = getScene();
        if (scene != null) {
            scene.getMnemonics().values().forEach(list -> list.removeIf(m -> m.getNode().getScene() != scene));
            // An emptied key must go too: the scene stops at the first key that matches Alt+T, 'T' or 't'.
            scene.getMnemonics().values().removeIf(List::isEmpty);
        }
    }

    private void show() {
        WizardStep step = wizard.current().get();
        stepList.getChildren().clear();
        int i = 0;
        for (WizardStep s : wizard.steps()) {
            Label l = new Label((i + 1) + ".  " + s.title());
            l.getStyleClass().add("wizard-step");
            l.setMaxWidth(Double.MAX_VALUE);
            if (i < wizard.index().get()) {
                l.getStyleClass().add("wizard-step-done");
            } else if (s == step) {
                l.getStyleClass().add("wizard-step-current");
            }
            stepList.getChildren().add(l);
            i++;
        }
        if (step == null) {
            return;
        }
        pageTitle.setText(step.title());
        Node page = built.computeIfAbsent(step, pages);
        pageHolder.getChildren().setAll(page);
        forgetMnemonicsOfHiddenPages();
        Focus.into(page);
    }
}
