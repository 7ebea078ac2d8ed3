package io.mailferry.admin.alerts;

import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.ui.Forms;
import io.mailferry.model.alert.SmtpSecurity;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The "Alert mail" dialog: where alerts are mailed, when the rules fire, Save and Send test mail. */
public final class AlertSettingsView extends BorderPane {

    /** @param onClose closes the dialog */
    public AlertSettingsView(AlertSettingsViewModel vm, Runnable onClose) {
        setId("alertSettingsView");
        getStyleClass().add("page");
        Label title = new Label("Alert mail");
        title.getStyleClass().add("card-title");
        Label intro = new Label("Alerts always show on the dashboard. With an SMTP server, sender and recipients they "
                + "are also mailed, at most once per alert and period. The server's certificate is always verified.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");

        GridPane mail = Forms.grid();
        Forms.row(mail, "SMTP _server:", field("alertHost", vm.host(), "smtp.example.com"));
        TextField port = field("alertPort", vm.port(), "587");
        port.setMaxWidth(90);
        Forms.row(mail, "_Port:", port);
        ChoiceBox<SmtpSecurity> security = new ChoiceBox<>();
        security.setId("alertSecurity");
        security.getItems().setAll(SmtpSecurity.values());
        security.setConverter(new StringConverter<>() {
            @Override
            public String toString(SmtpSecurity s) {
                return s == null ? "" : switch (s) {
                    case STARTTLS -> "STARTTLS (required)";
                    case TLS -> "TLS (implicit)";
                    case NONE -> "None (trusted network only)";
                };
            }

            @Override
            public SmtpSecurity fromString(String text) {
                return null;
            }
        });
        security.valueProperty().bindBidirectional(vm.security());
        Forms.row(mail, "_Encryption:", security);
        Forms.row(mail, "_User:", field("alertUser", vm.user(), "empty: no login"));
        PasswordField password = new PasswordField();
        password.setId("alertPassword");
        password.textProperty().bindBidirectional(vm.password());
        password.promptTextProperty().bind(Bindings.when(vm.passwordStored())
                .then("stored; type to replace it").otherwise("none stored"));
        Forms.row(mail, "Pass_word:", password);
        CheckBox remove = new CheckBox("Remove the stored password");
        remove.setId("alertRemovePassword");
        remove.selectedProperty().bindBidirectional(vm.removePassword());
        remove.visibleProperty().bind(vm.passwordStored());
        Forms.hint(mail, remove);
        TextArea pem = new TextArea();
        pem.setId("alertCertificate");
        pem.setPromptText("-----BEGIN CERTIFICATE----- (only for a self-signed server)");
        pem.setPrefRowCount(2);
        pem.textProperty().bindBidirectional(vm.trustedCertificate());
        Forms.row(mail, "Trusted _certificate:", pem);
        Forms.row(mail, "_From:", field("alertFrom", vm.from(), "mailferry@example.com"));
        Forms.row(mail, "_To:", field("alertRecipients", vm.recipients(), "admin@example.com, oncall@example.com"));
        Forms.row(mail, "Mail at most every:", minutes("alertPeriod", vm.period(), "minutes per alert"));

        GridPane rules = Forms.grid();
        Forms.row(rules, "Stalled after:", minutes("alertStalled", vm.stalledAfter(), "minutes without progress"));
        Forms.row(rules, "Disk nearly full below:", minutes("alertDiskFree", vm.diskFree(), "MB free"));
        Forms.row(rules, "License warning:", minutes("alertLicenseDays", vm.licenseDays(), "days before it runs out"));
        Label rulesTitle = new Label("When alerts are raised");
        rulesTitle.getStyleClass().add("text-bold");

        Label outcome = new Label();
        outcome.setId("alertOutcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcome());
        vm.outcomeOk().addListener((o, a, ok) -> outcome.getStyleClass().setAll("label",
                ok ? "news-good" : "news-bad"));

        Button test = new Button("Save and send _test mail");
        test.setId("alertTest");
        test.setOnAction(e -> vm.saveAndTest());
        Button save = new Button("_Save");
        save.setId("alertSave");
        save.setDefaultButton(true);
        save.setOnAction(e -> vm.save(() -> { }));
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> onClose.run());
        for (Button b : new Button[] {test, save}) {
            b.disableProperty().bind(vm.activity().busy());
        }
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, test, gap, close, save);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox content = new VBox(10, title, intro, new ErrorBanner(vm.activity()), mail, rulesTitle, rules, outcome);
        content.setPadding(new Insets(14, 16, 8, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        setCenter(new BusyOverlay(scroll, vm.activity().busy()));
        buttons.setPadding(new Insets(8, 16, 14, 16));
        setBottom(buttons);
    }

    private static TextField field(String id, StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static HBox minutes(String id, StringProperty value, String unit) {
        TextField f = field(id, value, "");
        f.setPrefColumnCount(6);
        Label u = new Label(unit);
        u.getStyleClass().add("muted");
        HBox box = new HBox(8, f, u);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
