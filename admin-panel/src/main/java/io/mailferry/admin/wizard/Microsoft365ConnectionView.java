package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import io.mailferry.admin.wizard.Microsoft365ConnectionSteps.CertificateFormat;
import io.mailferry.admin.wizard.Microsoft365ConnectionSteps.Cloud;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphWritePath;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The Microsoft 365 pages: tenant and app, then the credential (client secret or certificate file). */
public final class Microsoft365ConnectionView implements ConnectionKindView {

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public Node page(WizardStep step, ConnectionKindSteps model) {
        Microsoft365ConnectionSteps m = (Microsoft365ConnectionSteps) model;
        return switch (step.id()) {
            case Microsoft365ConnectionSteps.TENANT -> tenant(m);
            case Microsoft365ConnectionSteps.CREDENTIALS -> credentials(m);
            default -> throw new IllegalArgumentException("No Microsoft 365 page for " + step.id());
        };
    }

    private Node tenant(Microsoft365ConnectionSteps m) {
        GridPane g = Forms.grid();
        Forms.row(g, "_Tenant:", Fields.text("m365Tenant", m.tenant(), "contoso.onmicrosoft.com, or the tenant id"));
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> m.tenant().get().isEmpty() ? "" : m.tenantError(), m.tenant())));
        Forms.row(g, "_Application (client) id:",
                Fields.text("m365ClientId", m.clientId(), "11111111-2222-3333-4444-555555555555"));
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> m.clientId().get().isEmpty() ? "" : m.clientIdError(), m.clientId())));
        ChoiceBox<Cloud> cloud = new ChoiceBox<>();
        cloud.setId("m365Cloud");
        cloud.getItems().setAll(Cloud.values());
        cloud.setConverter(new StringConverter<>() {
            @Override
            public String toString(Cloud c) {
                return c == null ? "" : c.label();
            }

            @Override
            public Cloud fromString(String s) {
                return null;
            }
        });
        cloud.valueProperty().bindBidirectional(m.cloud());
        Forms.row(g, "_Cloud:", cloud);
        Forms.row(g, "_Requests at once:", Fields.text("m365MaxRequests", m.maxRequests(),
                String.valueOf(Microsoft365ConnectionSteps.DEFAULT_MAX_REQUESTS)));
        Label maxRequestsNote = new Label("Graph requests at once per mailbox, 1 to 16 (empty: 4, Outlook's limit); "
                + "lower it when many mailboxes of this app are throttled together.");
        maxRequestsNote.getStyleClass().addAll("muted", "small");
        maxRequestsNote.setWrapText(true);
        Forms.hint(g, maxRequestsNote);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(m::maxRequestsError, m.maxRequests())));
        ChoiceBox<GraphWritePath> writePath = new ChoiceBox<>();
        writePath.setId("m365WritePath");
        writePath.getItems().setAll(GraphWritePath.values());
        writePath.setConverter(new StringConverter<>() {
            @Override
            public String toString(GraphWritePath p) {
                return p == null ? "" : p == GraphWritePath.GRAPH ? "Microsoft Graph" : "Exchange Online IMAP";
            }

            @Override
            public GraphWritePath fromString(String s) {
                return null;
            }
        });
        writePath.valueProperty().bindBidirectional(m.writePath());
        Forms.row(g, "_Write a target with:", writePath);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(
                () -> Microsoft365ConnectionSteps.writePathNote(m.writePath().get()), m.writePath())));
        return ImapConnectionView.page("The Microsoft 365 tenant, and the app registration Mailferry signs in as "
                + "(Microsoft Entra admin center → App registrations). The app needs the application permissions "
                + "User.Read.All and Mail.Read, with admin consent; the test step checks them.", g);
    }

    private Node credentials(Microsoft365ConnectionSteps m) {
        ToggleGroup group = new ToggleGroup();
        RadioButton secret = new RadioButton("Client secret");
        secret.setId("m365CredentialSecret");
        RadioButton certificate = new RadioButton("Certificate (Microsoft recommends it)");
        certificate.setId("m365CredentialCertificate");
        secret.setToggleGroup(group);
        certificate.setToggleGroup(group);
        secret.setSelected(m.credential().get() == GraphCredential.CLIENT_SECRET);
        certificate.setSelected(m.credential().get() == GraphCredential.CERTIFICATE);
        group.selectedToggleProperty().addListener((obs, old, now) -> m.credential().set(
                now == certificate ? GraphCredential.CERTIFICATE : GraphCredential.CLIENT_SECRET));
        BooleanBinding usesCertificate = m.credential().isEqualTo(GraphCredential.CERTIFICATE);

        GridPane choice = Forms.grid();
        Forms.row(choice, "Sign _in with:", new VBox(8, secret, certificate), Fields.selectedOr(group, secret));

        GridPane secretForm = Forms.grid();
        HBox secretBox = Fields.password("m365ClientSecret", m.clientSecret());
        Forms.row(secretForm, "Client _secret:", secretBox, Fields.passwordField(secretBox));
        Forms.hint(secretForm, stored("A client secret is stored; leave empty to keep it.", m));
        showWhen(secretForm, usesCertificate.not());

        GridPane certificateForm = Forms.grid();
        TextField fileName = new TextField();
        fileName.setId("m365CertificateFile");
        fileName.setEditable(false);
        fileName.setFocusTraversable(false);
        fileName.setPromptText("No file chosen");
        fileName.textProperty().bind(m.certificateName());
        HBox.setHgrow(fileName, Priority.ALWAYS);
        Button choose = new Button("Choose…");
        choose.setId("m365ChooseCertificate");
        choose.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Certificate with its private key");
            c.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Certificate with key (*.pem, *.pfx, *.p12)",
                            "*.pem", "*.pfx", "*.p12"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = c.showOpenDialog(choose.getScene().getWindow());
            if (f != null) {
                m.chooseCertificate(f.toPath());
            }
        });
        Forms.row(certificateForm, "Certificate fi_le:", new HBox(6, fileName, choose),
                new SimpleObjectProperty<>(choose));
        Label format = new Label();
        format.getStyleClass().addAll("muted", "small");
        format.textProperty().bind(Bindings.createStringBinding(() -> m.certificateFormat().get() == null ? ""
                : m.certificateFormat().get() == CertificateFormat.PEM ? "PEM: certificate and private key."
                : "PKCS#12 (.pfx/.p12): enter its password.", m.certificateFormat()));
        Forms.hint(certificateForm, format);
        HBox password = Fields.password("m365CertificatePassword", m.certificatePassword());
        Forms.row(certificateForm, "Pass_word:", password, Fields.passwordField(password));
        int passwordRow = certificateForm.getChildren().size();
        BooleanBinding pkcs12 = m.certificateFormat().isEqualTo(CertificateFormat.PKCS12);
        certificateForm.getChildren().subList(passwordRow - 2, passwordRow).forEach(n -> {
            n.visibleProperty().bind(pkcs12);
            n.managedProperty().bind(pkcs12);
        });
        Forms.hint(certificateForm, stored("A certificate is stored; choose a file only to replace it.", m));
        showWhen(certificateForm, usesCertificate);

        GridPane errors = Forms.grid();
        Forms.hint(errors, Fields.hint(Bindings.createStringBinding(() -> {
            boolean started = usesCertificate.get() ? !m.certificateName().get().isEmpty()
                    : !m.clientSecret().get().isEmpty();
            return started ? m.credentialsError() : "";
        }, m.credential(), m.clientSecret(), m.certificateName(), m.certificatePassword(), m.certificateFormat(),
                m.passwordChecks())));

        return ImapConnectionView.page("How the app signs in. A client secret is its Value (shown once, when it "
                + "was added); a certificate is the .pem file with its private key, or the .pfx/.p12 file, whose "
                + "public part is uploaded to the app registration. It is sent to the service once and stored "
                + "encrypted.", new VBox(10, choice, secretForm, certificateForm, errors));
    }

    private static Label stored(String text, Microsoft365ConnectionSteps m) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        l.visibleProperty().bind(m.keepsStoredSecret());
        l.managedProperty().bind(m.keepsStoredSecret());
        return l;
    }

    private static void showWhen(Node node, BooleanBinding condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
