package io.mailferry.admin.alerts;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The alert settings form: loads them from the service, saves them (the service checks them and answers with one
 * sentence per problem), and sends a test mail with what was saved. The SMTP password is write-only: the form shows
 * whether one is stored; an empty password field keeps it. Numbers left empty take the service's defaults.
 */
public final class AlertSettingsViewModel {
    private final ServiceClient client;
    private final Activity activity;
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final ObjectProperty<SmtpSecurity> security = new SimpleObjectProperty<>(SmtpSecurity.STARTTLS);
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty removePassword = new SimpleBooleanProperty();
    private final BooleanProperty passwordStored = new SimpleBooleanProperty();
    private final StringProperty trustedCertificate = new SimpleStringProperty("");
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty recipients = new SimpleStringProperty("");
    private final StringProperty period = new SimpleStringProperty("");
    private final StringProperty stalledAfter = new SimpleStringProperty("");
    private final StringProperty diskFree = new SimpleStringProperty("");
    private final StringProperty licenseDays = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final BooleanProperty outcomeOk = new SimpleBooleanProperty();
    private final io.mailferry.admin.ui.Edits edits = new io.mailferry.admin.ui.Edits(host, port, security, user,
            password, removePassword, trustedCertificate, from, recipients, period, stalledAfter, diskFree, licenseDays);

    /** The last load failed: the form does not show what the service holds. */
    private boolean unread;

    public AlertSettingsViewModel(ServiceClient client, BackgroundRunner runner) {
        this.client = client;
        this.activity = new Activity(runner);
    }

    public void load() {
        activity.run(client::alertSettings, this::show, failure -> unread = true);
    }

    /** Saves the form; {@code onSaved} runs after the service took it. */
    public void save(Runnable onSaved) {
        AlertSettingsRequest request = request();
        if (request == null || refusedUnread()) {
            return;
        }
        activity.run(() -> client.saveAlertSettings(request), saved -> {
            show(saved);
            say(true, saved.mailConfigured() ? "Saved: alerts are mailed to " + String.join(", ", saved.recipients())
                    + "." : "Saved: alerts are not mailed.");
            onSaved.run();
        });
    }

    /** Saves the form, then sends a test mail with it and says how it went. */
    public void saveAndTest() {
        AlertSettingsRequest request = request();
        if (request == null || refusedUnread()) {
            return;
        }
        activity.run(() -> {
            AlertSettings saved = client.saveAlertSettings(request);
            return new Tested(saved, client.sendTestAlert());
        }, tested -> {
            show(tested.saved());
            say(tested.result().ok(), tested.result().ok() ? tested.result().message()
                    : "Test mail failed: " + tested.result().message());
        });
    }

    private record Tested(AlertSettings saved, ConnectionTestResult result) {
    }

    /** The request the form describes, or null (with the reason in {@link #outcome()}) when a number is not one. */
    AlertSettingsRequest request() {
        try {
            Secret secret = removePassword.get() ? new Secret("")
                    : password.get() == null || password.get().isEmpty() ? null : new Secret(password.get());
            List<String> to = Arrays.stream(recipients.get().split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
            return new AlertSettingsRequest(blankToNull(host.get()), number("The port", port.get()), security.get(),
                    blankToNull(user.get()), secret, blankToNull(trustedCertificate.get()), blankToNull(from.get()),
                    to, number("The period", period.get()), number("The stalled time", stalledAfter.get()),
                    number("The free space", diskFree.get()), number("The license warning", licenseDays.get()));
        } catch (IllegalArgumentException e) {
            say(false, e.getMessage());
            return null;
        }
    }

    /**
     * True (and said) when the settings could not be read: the form then holds only what was typed, and saving it
     * would replace the mail server, sender and recipients stored on the service with blanks.
     */
    private boolean refusedUnread() {
        if (unread) {
            say(false, "The settings could not be read from the service, so saving this form would erase the stored"
                    + " ones; close it and open it again once the service answers.");
        }
        return unread;
    }

    private void show(AlertSettings s) {
        unread = false;
        host.set(orEmpty(s.host()));
        port.set(s.host() == null ? "" : Integer.toString(s.port()));
        security.set(s.security());
        user.set(orEmpty(s.user()));
        password.set("");
        removePassword.set(false);
        passwordStored.set(s.hasPassword());
        trustedCertificate.set(orEmpty(s.trustedCertificatePem()));
        from.set(orEmpty(s.from()));
        recipients.set(String.join(", ", s.recipients()));
        period.set(Integer.toString(s.periodMinutes()));
        stalledAfter.set(Integer.toString(s.stalledAfterMinutes()));
        diskFree.set(Long.toString(s.diskFreeMegabytes()));
        licenseDays.set(Integer.toString(s.licenseDaysBefore()));
        edits.mark();
    }

    /** True when the admin changed a field since the settings were read or saved. */
    public boolean edited() {
        return edits.edited();
    }

    private void say(boolean ok, String text) {
        outcomeOk.set(ok);
        outcome.set(text);
    }

    private static int number(String what, String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, not \"" + text.strip() + "\".");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    public Activity activity() {
        return activity;
    }

    public StringProperty host() {
        return host;
    }

    public StringProperty port() {
        return port;
    }

    public ObjectProperty<SmtpSecurity> security() {
        return security;
    }

    public StringProperty user() {
        return user;
    }

    /** Typed only: empty keeps the stored password. */
    public StringProperty password() {
        return password;
    }

    public BooleanProperty removePassword() {
        return removePassword;
    }

    public BooleanProperty passwordStored() {
        return passwordStored;
    }

    public StringProperty trustedCertificate() {
        return trustedCertificate;
    }

    public StringProperty from() {
        return from;
    }

    /** Addresses separated by commas, semicolons or spaces. */
    public StringProperty recipients() {
        return recipients;
    }

    public StringProperty period() {
        return period;
    }

    public StringProperty stalledAfter() {
        return stalledAfter;
    }

    public StringProperty diskFree() {
        return diskFree;
    }

    public StringProperty licenseDays() {
        return licenseDays;
    }

    /** The last save's or test's sentence. */
    public StringProperty outcome() {
        return outcome;
    }

    public BooleanProperty outcomeOk() {
        return outcomeOk;
    }
}
