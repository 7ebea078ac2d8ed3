package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The IMAP pages: server, security, credentials. */
public final class ImapConnectionView implements ConnectionKindView {

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public Node page(WizardStep step, ConnectionKindSteps model) {
        ImapConnectionSteps m = (ImapConnectionSteps) model;
        return switch (step.id()) {
            case ImapConnectionSteps.SERVER -> server(m);
            case ImapConnectionSteps.SECURITY -> security(m);
            case ImapConnectionSteps.CREDENTIALS -> credentials(m);
            default -> throw new IllegalArgumentException("No IMAP page for " + step.id());
        };
    }

    private Node server(ImapConnectionSteps m) {
        GridPane g = Forms.grid();
        Forms.row(g, "_Host:", Fields.text("imapHost", m.host(), "imap.example.com"));
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> m.host().get().isEmpty() ? "" : m.hostError(), m.host())));
        TextField port = Fields.text("imapPort", m.port(), "993");
        port.setMaxWidth(100);
        Forms.row(g, "_Port:", port);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(m::portError, m.port())));
        return page("The IMAP server that holds the mailboxes.", g);
    }

    private Node security(ImapConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(8);
        for (ImapSecurity s : ImapSecurity.values()) {
            RadioButton r = new RadioButton(switch (s) {
                case TLS -> "TLS from the first byte (port 993) — recommended";
                case STARTTLS -> "STARTTLS (port 143, then encrypted before login)";
                case NONE -> "None — plain text, for loopback or trusted networks only";
            });
            r.setId("imapSecurity" + s.name());
            r.setUserData(s);
            r.setToggleGroup(group);
            r.setSelected(m.security().get() == s);
            choices.getChildren().add(r);
        }
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                m.security().set((ImapSecurity) now.getUserData());
            }
        });
        m.security().addListener((obs, old, now) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == now)));
        TextArea pem = new TextArea();
        pem.setId("imapCertificate");
        pem.setPromptText("Optional: paste the server's certificate (PEM) if it is self-signed");
        pem.setPrefRowCount(5);
        pem.textProperty().bindBidirectional(m.trustedCertificate());
        GridPane g = Forms.grid();
        Forms.row(g, "_Encryption:", choices, Fields.selectedOr(group, choices.getChildren().get(0)));
        Forms.row(g, "Trusted _certificate:", pem);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(m::certificateError, m.trustedCertificate())));
        return page("How the connection is protected. Certificates are checked; trust a self-signed one explicitly.", g);
    }

    private Node credentials(ImapConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        RadioButton own = new RadioButton("Each mailbox logs in as its own user");
        own.setId("imapAuthPassword");
        RadioButton master = new RadioButton("A master user opens every mailbox");
        master.setId("imapAuthMaster");
        own.setToggleGroup(group);
        master.setToggleGroup(group);
        own.setSelected(m.authMode().get() == ImapAuthMode.PASSWORD);
        master.setSelected(m.authMode().get() == ImapAuthMode.MASTER_USER);
        group.selectedToggleProperty().addListener((obs, old, now) ->
                m.authMode().set(now == master ? ImapAuthMode.MASTER_USER : ImapAuthMode.PASSWORD));
        TextField separator = Fields.text("imapSeparator", m.masterSeparator(), "*");
        separator.setMaxWidth(60);
        separator.disableProperty().bind(m.authMode().isNotEqualTo(ImapAuthMode.MASTER_USER));
        GridPane g = Forms.grid();
        Forms.row(g, "_Login:", new VBox(8, own, master), Fields.selectedOr(group, own));
        Forms.row(g, "_User:", Fields.text("imapUser", m.user(), "user@example.com"));
        HBox password = Fields.password("imapPassword", m.password());
        Forms.row(g, "Pass_word:", password, Fields.passwordField(password));
        Label stored = new Label("A password is stored; leave empty to keep it.");
        stored.getStyleClass().add("muted");
        stored.visibleProperty().bind(m.secretStored());
        stored.managedProperty().bind(m.secretStored());
        Forms.hint(g, stored);
        Forms.row(g, "Master _separator:", separator);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> m.user().get().isEmpty() ? "" : m.credentialsError(),
                m.user(), m.password(), m.authMode(), m.masterSeparator())));
        return page("The login Mailferry uses. It is sent to the service once and stored encrypted.", g);
    }

    static Node page(String intro, Node form) {
        Label l = new Label(intro);
        l.getStyleClass().add("muted");
        l.setWrapText(true);
        return new VBox(16, l, new HBox(form));
    }
}
