package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Gmail pages: sign-in, labels. */
public final class GmailConnectionView implements ConnectionKindView {

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.GMAIL;
    }

    @Override
    public Node page(WizardStep step, ConnectionKindSteps model) {
        GmailConnectionSteps m = (GmailConnectionSteps) model;
        return switch (step.id()) {
            case GmailConnectionSteps.SIGN_IN -> signIn(m);
            case GmailConnectionSteps.LABELS -> labels(m);
            default -> throw new IllegalArgumentException("No Gmail page for " + step.id());
        };
    }

    private Node signIn(GmailConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        RadioButton workspace = new RadioButton("Google Workspace: a service account with domain-wide delegation");
        workspace.setId("gmailServiceAccount");
        RadioButton app = new RadioButton("One account with an app password");
        app.setId("gmailAppPassword");
        workspace.setToggleGroup(group);
        app.setToggleGroup(group);
        workspace.setSelected(m.authMode().get() == GmailAuthMode.SERVICE_ACCOUNT);
        app.setSelected(m.authMode().get() == GmailAuthMode.APP_PASSWORD);
        group.selectedToggleProperty().addListener((obs, old, now) ->
                m.authMode().set(now == app ? GmailAuthMode.APP_PASSWORD : GmailAuthMode.SERVICE_ACCOUNT));
        TextArea key = new TextArea();
        key.setId("gmailKey");
        key.setPromptText("Paste the service account's JSON key file");
        key.setPrefRowCount(5);
        key.textProperty().bindBidirectional(m.key());
        key.disableProperty().bind(m.authMode().isNotEqualTo(GmailAuthMode.SERVICE_ACCOUNT));
        HBox password = Fields.password("gmailAppPasswordField", m.appPassword());
        password.disableProperty().bind(m.authMode().isNotEqualTo(GmailAuthMode.APP_PASSWORD));
        GridPane g = Forms.grid();
        Forms.row(g, "_Sign-in:", new VBox(8, workspace, app), Fields.selectedOr(group, workspace));
        Forms.row(g, "_User:", Fields.text("gmailUser", m.user(), "anna@example.com"));
        javafx.scene.control.Button keyFile = new javafx.scene.control.Button("From fi_le…");
        keyFile.setId("gmailKeyFile");
        keyFile.disableProperty().bind(key.disableProperty());
        keyFile.setOnAction(e -> {
            java.io.File f = io.mailferry.admin.ui.FileChoosers.used(io.mailferry.admin.ui.FileChoosers
                    .of("Service account key", "JSON key files", "*.json").showOpenDialog(keyFile.getScene()
                            .getWindow()));
            if (f != null) {
                m.chooseKeyFile(f.toPath());
            }
        });
        Forms.row(g, "Service account _key:", new VBox(6, key, keyFile));
        Forms.hint(g, Fields.hint(m.keyFileError()));
        Forms.row(g, "App pass_word:", password, Fields.passwordField(password));
        Label stored = new Label("A key or password is stored; leave empty to keep it.");
        stored.getStyleClass().add("muted");
        stored.visibleProperty().bind(m.keepsStoredSecret());
        stored.managedProperty().bind(m.keepsStoredSecret());
        Forms.hint(g, stored);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(() -> m.user().get().isEmpty() ? "" : m.signInError(),
                m.user(), m.key(), m.appPassword(), m.authMode())));
        return ImapConnectionView.page("Workspace: authorise the service account's client ID for the scope "
                + "https://mail.google.com/ under Manage Domain Wide Delegation, and enable IMAP for the users. The "
                + "key is stored encrypted.", g);
    }

    private Node labels(GmailConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(8);
        for (GmailLabelStrategy s : GmailLabelStrategy.values()) {
            RadioButton r = new RadioButton(s == GmailLabelStrategy.FOLDER_PER_LABEL ? "One folder per label"
                    : "One folder, the other labels as categories");
            r.setId("gmailLabels" + s.name());
            r.setUserData(s);
            r.setToggleGroup(group);
            r.setSelected(m.strategy().get() == s);
            choices.getChildren().add(r);
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                m.strategy().set((GmailLabelStrategy) now.getUserData());
            }
        });
        CheckBox spam = new CheckBox("Also Spam");
        spam.setId("gmailSpam");
        spam.selectedProperty().bindBidirectional(m.includeSpam());
        CheckBox trash = new CheckBox("Also Trash");
        trash.setId("gmailTrash");
        trash.selectedProperty().bindBidirectional(m.includeTrash());
        TextField connections = Fields.text("gmailConnections", m.connections(), "2");
        connections.setMaxWidth(60);
        GridPane g = Forms.grid();
        Forms.row(g, "_Labels:", choices, Fields.selectedOr(group, choices.getChildren().get(0)));
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> GmailConnectionSteps.strategyNote(m.strategy().get()), m.strategy())));
        Forms.row(g, "_Folders:", new HBox(16, spam, trash));
        Forms.row(g, "_Connections per account:", connections);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(m::connectionsError, m.connections())));
        return ImapConnectionView.page("Each message is read once; its labels decide where it lands. Important and "
                + "Starred are never folders (Starred becomes the flag).", g);
    }
}
