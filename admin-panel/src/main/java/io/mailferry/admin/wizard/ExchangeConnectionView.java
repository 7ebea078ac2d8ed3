package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.EwsAuthMode;
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

/** The Exchange pages: server, service account. */
public final class ExchangeConnectionView implements ConnectionKindView {

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.EXCHANGE;
    }

    @Override
    public Node page(WizardStep step, ConnectionKindSteps model) {
        ExchangeConnectionSteps m = (ExchangeConnectionSteps) model;
        return switch (step.id()) {
            case ExchangeConnectionSteps.SERVER -> server(m);
            case ExchangeConnectionSteps.ACCOUNT -> account(m);
            default -> throw new IllegalArgumentException("No Exchange page for " + step.id());
        };
    }

    private Node server(ExchangeConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        RadioButton byUrl = new RadioButton("EWS URL");
        byUrl.setId("exchangeByUrl");
        RadioButton byAddress = new RadioButton("Autodiscover from an e-mail address");
        byAddress.setId("exchangeAutodiscover");
        byUrl.setToggleGroup(group);
        byAddress.setToggleGroup(group);
        byUrl.setSelected(!m.autodiscover().get());
        byAddress.setSelected(m.autodiscover().get());
        group.selectedToggleProperty().addListener((obs, old, now) -> m.autodiscover().set(now == byAddress));
        TextField url = Fields.text("exchangeUrl", m.url(), "https://mail.example.com/EWS/Exchange.asmx");
        url.disableProperty().bind(m.autodiscover());
        TextField address = Fields.text("exchangeAddress", m.address(), "anna@example.com");
        address.disableProperty().bind(m.autodiscover().not());
        TextArea pem = new TextArea();
        pem.setId("exchangeCertificate");
        pem.setPromptText("Optional: paste the server's certificate (PEM) if your own authority issued it");
        pem.setPrefRowCount(4);
        pem.textProperty().bindBidirectional(m.trustedCertificate());
        GridPane g = Forms.grid();
        Forms.row(g, "_Find EWS by:", new VBox(8, byUrl, byAddress), Fields.selectedOr(group, byUrl));
        Forms.row(g, "EWS _URL:", url);
        Forms.row(g, "_Address:", address);
        Forms.row(g, "Trusted _certificate:", pem);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(m::serverError, m.autodiscover(), m.url(),
                m.address(), m.trustedCertificate())));
        Label online = new Label(ExchangeConnectionSteps.ONLINE_NOTE + " EWS in Exchange Online is blocked since"
                + " October 2026 and switched off in April 2027.");
        online.setId("exchangeOnlineNote");
        online.setWrapText(true);
        Forms.hint(g, online);
        return ImapConnectionView.page("On-premises Exchange (2013 to Subscription Edition) through Exchange Web"
                + " Services. Certificates are checked; trust one your own authority issued explicitly.", g);
    }

    private Node account(ExchangeConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        RadioButton basic = new RadioButton("Basic");
        basic.setId("exchangeBasic");
        RadioButton ntlm = new RadioButton("NTLM");
        ntlm.setId("exchangeNtlm");
        basic.setToggleGroup(group);
        ntlm.setToggleGroup(group);
        basic.setSelected(m.auth().get() != EwsAuthMode.NTLM);
        ntlm.setSelected(m.auth().get() == EwsAuthMode.NTLM);
        group.selectedToggleProperty().addListener((obs, old, now) ->
                m.auth().set(now == ntlm ? EwsAuthMode.NTLM : EwsAuthMode.BASIC));
        HBox password = Fields.password("exchangePassword", m.password());
        CheckBox impersonation = new CheckBox("Impersonate each mailbox (ApplicationImpersonation role)");
        impersonation.setId("exchangeImpersonation");
        impersonation.selectedProperty().bindBidirectional(m.impersonation());
        GridPane g = Forms.grid();
        Forms.row(g, "_User:", Fields.text("exchangeUser", m.user(), "svc-migration@example.com or EXAMPLE\\svc"));
        Forms.row(g, "Pass_word:", password, Fields.passwordField(password));
        Forms.row(g, "_Sign-in:", new HBox(16, basic, ntlm), Fields.selectedOr(group, basic));
        Forms.row(g, "_Mailboxes:", impersonation);
        Label stored = new Label("A password is stored; leave empty to keep it.");
        stored.getStyleClass().add("muted");
        stored.visibleProperty().bind(m.keepsStoredSecret());
        stored.managedProperty().bind(m.keepsStoredSecret());
        Forms.hint(g, stored);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(() -> m.user().get().isEmpty() ? ""
                : m.accountError(), m.user(), m.password(), m.keepsStoredSecret())));
        return ImapConnectionView.page("A service account with the ApplicationImpersonation role opens every mailbox:"
                + " New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>. Without the role,"
                + " clear the box and give the account Full Access to each mailbox. The password is stored encrypted.",
                g);
    }
}
