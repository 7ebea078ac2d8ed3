package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import java.util.List;
import javafx.scene.control.Button;
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
        RadioButton consent = new RadioButton("One account: sign in with Google (the account's consent)");
        consent.setId("gmailConsent");
        RadioButton app = new RadioButton("One account with an app password");
        app.setId("gmailAppPassword");
        for (RadioButton r : List.of(workspace, consent, app)) {
            r.setToggleGroup(group);
        }
        workspace.setUserData(GmailAuthMode.SERVICE_ACCOUNT);
        consent.setUserData(GmailAuthMode.OAUTH_CONSENT);
        app.setUserData(GmailAuthMode.APP_PASSWORD);
        group.getToggles().forEach(t -> t.setSelected(t.getUserData() == m.authMode().get()));
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                m.authMode().set((GmailAuthMode) now.getUserData());
            }
        });
        TextArea key = new TextArea();
        key.setId("gmailKey");
        key.setPromptText("Paste the service account's JSON key file");
        key.setPrefRowCount(4);
        key.textProperty().bindBidirectional(m.key());
        key.disableProperty().bind(m.authMode().isNotEqualTo(GmailAuthMode.SERVICE_ACCOUNT));
        HBox password = Fields.password("gmailAppPasswordField", m.appPassword());
        password.disableProperty().bind(m.authMode().isNotEqualTo(GmailAuthMode.APP_PASSWORD));
        GridPane g = Forms.grid();
        Forms.row(g, "_Sign-in:", new VBox(8, workspace, consent, app), Fields.selectedOr(group, workspace));
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
        // once a complete key is in, its account is named instead: the private key does not stay on the screen
        Label holder = new Label();
        holder.setId("gmailKeyHolder");
        holder.textProperty().bind(Bindings.concat("The key of ", m.keyHolder(), " is in (not shown)."));
        Button replace = new Button("_Replace key");
        replace.setId("gmailKeyReplace");
        replace.setOnAction(e -> {
            m.replaceKey();
            key.requestFocus();
        });
        replace.disableProperty().bind(key.disableProperty());
        HBox entered = new HBox(8, holder, replace);
        entered.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        holder.setWrapText(true); // a long account name wraps; the button keeps its words
        holder.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(holder, javafx.scene.layout.Priority.ALWAYS);
        replace.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var keyIn = m.keyHolder().isNotEmpty();
        for (javafx.scene.Node n : List.of(key, keyFile)) {
            n.visibleProperty().bind(keyIn.not());
            n.managedProperty().bind(keyIn.not());
        }
        entered.visibleProperty().bind(keyIn);
        entered.managedProperty().bind(keyIn);
        Forms.row(g, "Service account _key:", new VBox(6, key, keyFile, entered));
        Forms.hint(g, Fields.hint(m.keyFileError()));
        consentRows(g, m);
        Forms.row(g, "App pass_word:", password, Fields.passwordField(password));
        Label stored = new Label("A key, consent or password is stored; leave empty to keep it.");
        stored.getStyleClass().add("muted");
        stored.visibleProperty().bind(m.keepsStoredSecret());
        stored.managedProperty().bind(m.keepsStoredSecret());
        Forms.hint(g, stored);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(() -> m.user().get().isEmpty() ? "" : m.signInError(),
                m.user(), m.key(), m.appPassword(), m.authMode(), m.clientId(), m.clientSecret(), m.consent())));
        return ImapConnectionView.page("Workspace: authorise the service account's client ID for the scope "
                + "https://mail.google.com/ under Manage Domain Wide Delegation, and enable IMAP for the users. One "
                + "account: create a \"Desktop app\" OAuth client in your Google Cloud project (docs/gmail.md), then "
                + "sign in. Keys, consents and passwords are stored encrypted.", g);
    }

    /** The consent's rows: the OAuth client, the sign-in button, Google's page to copy, where it stands. */
    private static void consentRows(GridPane g, GmailConnectionSteps m) {
        TextField clientId = Fields.text("gmailClientId", m.clientId(), "1234-abc.apps.googleusercontent.com");
        HBox clientSecret = Fields.password("gmailClientSecret", m.clientSecret());
        Button signIn = new Button("Sign in with _Google…");
        signIn.setId("gmailConsentSignIn");
        signIn.setOnAction(e -> m.signInWithGoogle());
        TextField link = new TextField();
        link.setId("gmailConsentLink");
        link.setEditable(false);
        link.setPromptText("Google's sign-in page opens in the browser; if none opens, copy its link from here");
        link.textProperty().bind(m.consentLink());
        Label status = new Label();
        status.setId("gmailConsentStatus");
        status.setWrapText(true);
        status.textProperty().bind(m.consentStatus());
        javafx.beans.binding.BooleanBinding off = m.authMode().isNotEqualTo(GmailAuthMode.OAUTH_CONSENT);
        for (Node n : List.of(clientId, clientSecret, signIn, link)) {
            n.disableProperty().bind(off);
        }
        signIn.disableProperty().unbind();
        signIn.disableProperty().bind(off.or(m.clientId().isEmpty()).or(m.clientSecret().isEmpty()));
        Forms.row(g, "OAuth _client ID:", clientId);
        Forms.row(g, "Client s_ecret:", clientSecret, Fields.passwordField(clientSecret));
        Forms.row(g, "Consent:", new VBox(6, signIn, link, status));
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
