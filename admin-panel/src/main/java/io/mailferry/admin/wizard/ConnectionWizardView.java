package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
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
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
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
                () -> vm.finish(onSaved), onCancel).guardInput(vm::hasInput, vm::trackInput));
    }

    private Node page(WizardStep step) {
        return switch (step.id()) {
            case ConnectionWizardViewModel.KIND -> kindPage();
            case ConnectionWizardViewModel.TEST -> testPage();
            default -> kindViews.get(vm.selectedKind()).page(step, vm.kind().get());
        };
    }

    private Node kindPage() {
        boolean source = vm.role() == ConnectionRole.SOURCE;
        TextField name = Fields.text("connName", vm.name(), source ? "e.g. Old Dovecot" : "e.g. New IMAP server");
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
            VBox entry = new VBox(2, r, small(k.description(), "muted"));
            String note = k.roleNote(vm.role());
            if (note != null) {
                Label n = small(note, "note-warn");
                n.setId("kindNote" + k.kind().name());
                entry.getChildren().add(n);
            }
            kinds.getChildren().add(entry);
        }
        for (ConnectionWizardViewModel.ComingLater later : vm.comingLater()) {
            RadioButton r = new RadioButton(later.displayName());
            r.setId("kind" + later.kind().name());
            r.setDisable(true);
            Label hint = small(later.hint(), "muted");
            hint.setId("kindHint" + later.kind().name());
            kinds.getChildren().add(new VBox(2, r, hint));
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
                + (source ? "source" : "target") + " is.", g);
    }

    private static Label small(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().addAll(style, "small");
        l.setWrapText(true);
        return l;
    }

    private Node testPage() {
        Button test = new Button("_Test connection");
        test.setId("testButton");
        test.getStyleClass().add("accent");
        test.disableProperty().bind(vm.activity().busy());
        test.setOnAction(e -> vm.test());
        Label note = Fields.hint(vm.roleNote());
        note.setId("testRoleNote");
        note.getStyleClass().setAll("label", "note-warn");
        Label headline = new Label();
        headline.setId("testHeadline");
        headline.getStyleClass().add("card-title");
        // Selectable, so the admin can copy the service's sentence (a missing permission, a consent link).
        TextArea message = Fields.selectableText("testMessage");
        TextArea details = Fields.selectableText("testDetails");
        details.getStyleClass().addAll("muted", "small");
        TextField link = new TextField();
        link.setId("consentLink");
        link.setEditable(false);
        link.textProperty().bind(vm.consentLink());
        HBox.setHgrow(link, Priority.ALWAYS);
        Button copy = new Button("Cop_y link");
        copy.setId("copyConsentLink");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(link.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Label linkLabel = new Label("Grant admin consent (a Global Administrator opens this link):");
        linkLabel.getStyleClass().add("small");
        VBox consent = new VBox(4, linkLabel, new HBox(6, link, copy));
        consent.setId("consentBox");
        consent.visibleProperty().bind(vm.consentLink().isNotEmpty());
        consent.managedProperty().bind(consent.visibleProperty());
        VBox result = new VBox(6, headline, message, consent, details);
        result.setId("testResult");
        result.setVisible(false);
        vm.testResult().addListener((obs, old, r) -> showResult(r, result, headline, message, details));
        showResult(vm.testResult().get(), result, headline, message, details);
        return ImapConnectionView.page("Mailferry's service connects and logs in with these settings now. "
                + "Finish is enabled once the test passes.", new VBox(16, note, test, result));
    }

    private static void showResult(ConnectionTestResult r, VBox box, Label headline, TextArea message,
            TextArea details) {
        box.setVisible(r != null);
        box.getStyleClass().removeAll("test-ok", "test-failed");
        if (r == null) {
            return;
        }
        box.getStyleClass().add(r.ok() ? "test-ok" : "test-failed");
        headline.setText(r.ok() ? "Connected and logged in" : "The test failed");
        Fields.showText(message, r.message());
        Fields.showText(details, (r.details() == null ? "" : r.details() + "  ") + "(" + r.millis() + " ms)");
    }
}
