package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionTestResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The connection wizard's pages: kind, then the kind's own pages, then the test against the real server. */
public final class ConnectionWizardView extends BorderPane {

    private final ConnectionWizardViewModel vm;
    private final Map<ConnectionKind, ConnectionKindView> kindViews;

    public ConnectionWizardView(ConnectionWizardViewModel vm, List<ConnectionKindView> kindViews,
            Consumer<Connection> onSaved, Runnable onCancel) {
        this.vm = vm;
        this.kindViews = kindViews.stream().collect(Collectors.toMap(ConnectionKindView::kind, Function.identity()));
        setId("connectionWizard");
        setCenter(new WizardView(vm.title(), vm.wizard(), vm.activity(), this::page,
                () -> vm.finish(onSaved), onCancel));
    }

    private Node page(WizardStep step) {
        return switch (step.id()) {
            case ConnectionWizardViewModel.KIND -> kindPage();
            case ConnectionWizardViewModel.TEST -> testPage();
            default -> kindViews.get(vm.selectedKind()).page(step, vm.kind().get());
        };
    }

    private Node kindPage() {
        TextField name = Fields.text("connName", vm.name(),
                vm.role().name().equals("SOURCE") ? "e.g. Old Dovecot" : "e.g. New IMAP server");
        ToggleGroup group = new ToggleGroup();
        VBox kinds = new VBox(10);
        Node first = kinds;
        for (ConnectionKindSteps k : vm.kinds()) {
            RadioButton r = new RadioButton(k.displayName());
            first = first == kinds ? r : first;
            r.setId("kind" + k.kind().name());
            r.setToggleGroup(group);
            r.setUserData(k);
            r.setSelected(vm.kind().get() == k);
            r.setDisable(vm.editing());
            Label d = new Label(k.description());
            d.getStyleClass().addAll("muted", "small");
            d.setWrapText(true);
            kinds.getChildren().add(new VBox(2, r, d));
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.kind().set((ConnectionKindSteps) now.getUserData());
            }
        });
        GridPane g = Forms.grid();
        // "Na_me", not "_Name": Alt+N is Next.
        Forms.row(g, "Na_me:", name);
        Forms.row(g, "_Kind:", kinds, Fields.selectedOr(group, first));
        return ImapConnectionView.page("A name the admins recognise, and the kind of mail system this "
                + (vm.role().name().equals("SOURCE") ? "source" : "target") + " is.", g);
    }

    private Node testPage() {
        Button test = new Button("_Test connection");
        test.setId("testButton");
        test.getStyleClass().add("accent");
        test.disableProperty().bind(vm.activity().busy());
        test.setOnAction(e -> vm.test());
        Label headline = new Label();
        headline.setId("testHeadline");
        headline.getStyleClass().add("card-title");
        Label message = new Label();
        message.setId("testMessage");
        message.setWrapText(true);
        Label details = new Label();
        details.getStyleClass().addAll("muted", "small");
        details.setWrapText(true);
        VBox result = new VBox(6, headline, message, details);
        result.setId("testResult");
        result.setVisible(false);
        vm.testResult().addListener((obs, old, r) -> showResult(r, result, headline, message, details));
        showResult(vm.testResult().get(), result, headline, message, details);
        return ImapConnectionView.page("Mailferry's service connects and logs in with these settings now. "
                + "Finish is enabled once the test passes.", new VBox(16, test, result));
    }

    private static void showResult(ConnectionTestResult r, VBox box, Label headline, Label message, Label details) {
        box.setVisible(r != null);
        box.getStyleClass().removeAll("test-ok", "test-failed");
        if (r == null) {
            return;
        }
        box.getStyleClass().add(r.ok() ? "test-ok" : "test-failed");
        headline.setText(r.ok() ? "Connected and logged in" : "The test failed");
        message.setText(r.message());
        details.setText((r.details() == null ? "" : r.details() + "  ") + "(" + r.millis() + " ms)");
    }
}
