package io.mailferry.admin.wizard;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * On-premises Exchange's steps: server (the EWS URL, or an address Autodiscover starts from; a certificate to trust) →
 * service account (user, password, Basic or NTLM, impersonation or delegation). Preparing Exchange is described in
 * docs/exchange.md; "Test connection" names what is missing (the URL, the certificate, the account, the role).
 * Exchange Online is not reached here but through the Microsoft 365 connection.
 */
public final class ExchangeConnectionSteps implements ConnectionKindSteps {
    public static final String SERVER = "exchange-server";
    public static final String ACCOUNT = "exchange-account";
    public static final String ONLINE_NOTE = "Exchange Online (Microsoft 365) is reached through the Microsoft 365"
            + " connection, not EWS.";

    private final BooleanProperty autodiscover = new SimpleBooleanProperty(false);
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty trustedCertificate = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ObjectProperty<EwsAuthMode> auth = new SimpleObjectProperty<>(EwsAuthMode.BASIC);
    private final BooleanProperty impersonation = new SimpleBooleanProperty(true);
    private final BooleanProperty storedSecret = new SimpleBooleanProperty(false);
    private Integer maxConcurrentRequests;
    private final List<WizardStep> steps;

    public ExchangeConnectionSteps() {
        BooleanBinding serverValid = Bindings.createBooleanBinding(() -> serverError() == null, autodiscover, url,
                address, trustedCertificate);
        BooleanBinding accountValid = Bindings.createBooleanBinding(() -> accountError() == null, user, password,
                storedSecret);
        steps = List.of(WizardStep.of(SERVER, "Server", serverValid), WizardStep.of(ACCOUNT, "Service account",
                accountValid));
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.EXCHANGE;
    }

    @Override
    public String displayName() {
        return "Exchange Server";
    }

    @Override
    public String description() {
        return "On-premises Exchange 2013 to Subscription Edition through Exchange Web Services, with a service"
                + " account that impersonates each mailbox. " + ONLINE_NOTE;
    }

    @Override
    public String roleNote(ConnectionRole role) {
        return ONLINE_NOTE;
    }

    @Override
    public List<WizardStep> steps() {
        return steps;
    }

    /** Why the server page is not complete, or null. */
    public String serverError() {
        if (autodiscover.get()) {
            return address.get().trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") ? certificateError()
                    : "Enter an e-mail address of the organisation: Autodiscover finds the EWS URL from its domain.";
        }
        String u = url.get().trim().toLowerCase(Locale.ROOT);
        if (!(u.startsWith("https://") || u.startsWith("http://")) || u.length() < 10) {
            return "Enter the EWS URL, such as https://mail.example.com/EWS/Exchange.asmx.";
        }
        if (u.contains("outlook.office365.com") || u.contains("outlook.office.com")) {
            return ONLINE_NOTE;
        }
        return certificateError();
    }

    /** Why the pasted certificate is not acceptable, or null (empty is fine: the JDK's trust store decides). */
    public String certificateError() {
        String pem = trustedCertificate.get().trim();
        return pem.isEmpty() || pem.contains("-----BEGIN CERTIFICATE-----") ? null
                : "Paste the certificate in PEM form (-----BEGIN CERTIFICATE----- …).";
    }

    /** Why the account page is not complete, or null. */
    public String accountError() {
        if (user.get().isBlank()) {
            return "Enter the service account: user@example.com, or DOMAIN\\user for NTLM.";
        }
        return password.get().isEmpty() && !storedSecret.get() ? "Enter the service account's password." : null;
    }

    @Override
    public ConnectionRequest request(String name, ConnectionRole role) {
        EwsSettings settings = new EwsSettings(autodiscover.get() ? null : url.get().trim(), user.get().trim(),
                impersonation.get(), trustedCertificate.get().isBlank() ? null : trustedCertificate.get().trim(),
                autodiscover.get() ? address.get().trim() : null, auth.get(), maxConcurrentRequests);
        return new ConnectionRequest(name, role, ConnectionKind.EXCHANGE, null, null, settings,
                password.get().isEmpty() ? null : new Secret(password.get()));
    }

    @Override
    public void load(Connection existing) {
        EwsSettings s = existing.ews();
        if (s == null) {
            return;
        }
        autodiscover.set(s.autodiscover());
        url.set(s.url() == null ? "" : s.url());
        address.set(s.autodiscoverAddress() == null ? "" : s.autodiscoverAddress());
        trustedCertificate.set(s.trustedCertificatePem() == null ? "" : s.trustedCertificatePem());
        user.set(s.user() == null ? "" : s.user());
        auth.set(s.authMode());
        impersonation.set(s.impersonation());
        maxConcurrentRequests = s.maxConcurrentRequests();
        password.set("");
        storedSecret.set(existing.hasSecret());
    }

    @Override
    public Observable changes() {
        return Bindings.createObjectBinding(() -> null, autodiscover, url, address, trustedCertificate, user, password,
                auth, impersonation);
    }

    /** True: the EWS URL is found by Autodiscover from {@link #address}. */
    public BooleanProperty autodiscover() {
        return autodiscover;
    }

    public StringProperty url() {
        return url;
    }

    public StringProperty address() {
        return address;
    }

    public StringProperty trustedCertificate() {
        return trustedCertificate;
    }

    public StringProperty user() {
        return user;
    }

    public StringProperty password() {
        return password;
    }

    public ObjectProperty<EwsAuthMode> auth() {
        return auth;
    }

    public BooleanProperty impersonation() {
        return impersonation;
    }

    /** True when editing and a password is stored: leaving it empty keeps it. */
    public BooleanProperty keepsStoredSecret() {
        return storedSecret;
    }
}
