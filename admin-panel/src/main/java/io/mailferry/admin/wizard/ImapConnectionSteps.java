package io.mailferry.admin.wizard;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.util.List;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** IMAP's steps: server (host, port) → security (TLS, trusted certificate) → credentials (login mode, user, password). */
public final class ImapConnectionSteps implements ConnectionKindSteps {

    public static final String SERVER = "imap-server";
    public static final String SECURITY = "imap-security";
    public static final String CREDENTIALS = "imap-credentials";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]+");

    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("993");
    private final ObjectProperty<ImapSecurity> security = new SimpleObjectProperty<>(ImapSecurity.TLS);
    private final StringProperty trustedCertificate = new SimpleStringProperty("");
    private final ObjectProperty<ImapAuthMode> authMode = new SimpleObjectProperty<>(ImapAuthMode.PASSWORD);
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty masterSeparator = new SimpleStringProperty("*");
    private final StringProperty password = new SimpleStringProperty("");
    /** True when editing a connection whose password is stored: an empty field keeps it. */
    private final BooleanProperty secretStored = new SimpleBooleanProperty(false);
    private final List<WizardStep> steps;

    public ImapConnectionSteps() {
        security.addListener((obs, old, now) -> {
            // Follow the usual port when the admin switches security and had the old usual port.
            if (old != null && now != null && String.valueOf(old.defaultPort()).equals(port.get().trim())) {
                port.set(String.valueOf(now.defaultPort()));
            }
        });
        BooleanBinding serverValid = Bindings.createBooleanBinding(
                () -> hostError() == null && portError() == null, host, port);
        BooleanBinding securityValid = Bindings.createBooleanBinding(
                () -> security.get() != null && certificateError() == null, security, trustedCertificate);
        BooleanBinding credentialsValid = Bindings.createBooleanBinding(
                () -> credentialsError() == null, authMode, user, masterSeparator, password, secretStored);
        steps = List.of(
                WizardStep.of(SERVER, "Server", serverValid),
                WizardStep.of(SECURITY, "Security", securityValid),
                WizardStep.of(CREDENTIALS, "Credentials", credentialsValid));
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.IMAP;
    }

    @Override
    public String displayName() {
        return "IMAP server";
    }

    @Override
    public String description() {
        return "Dovecot, Cyrus, Courier, Zimbra, Gmail / Google Workspace, Exchange's IMAP — any IMAP4rev1 server.";
    }

    @Override
    public List<WizardStep> steps() {
        return steps;
    }

    /** Why the host is not acceptable, or null. */
    public String hostError() {
        String h = host.get().trim();
        if (h.isEmpty()) {
            return "Enter the server's host name.";
        }
        return HOST.matcher(h).matches() ? null : "The host name contains characters a host name cannot have.";
    }

    /** Why the port is not acceptable, or null. */
    public String portError() {
        try {
            int p = Integer.parseInt(port.get().trim());
            return p >= 1 && p <= 65535 ? null : "The port must be between 1 and 65535.";
        } catch (NumberFormatException e) {
            return "The port must be a number (usually 993 for TLS, 143 otherwise).";
        }
    }

    /** Why the pasted certificate is not acceptable, or null (empty is fine: the JDK's trust store decides). */
    public String certificateError() {
        String pem = trustedCertificate.get().trim();
        return pem.isEmpty() || (pem.startsWith("-----BEGIN CERTIFICATE-----") && pem.contains("-----END CERTIFICATE-----"))
                ? null : "Paste the certificate in PEM form (-----BEGIN CERTIFICATE----- …).";
    }

    /** Why the credentials are not complete, or null. */
    public String credentialsError() {
        if (user.get().isBlank()) {
            return authMode.get() == ImapAuthMode.MASTER_USER ? "Enter the master user." : "Enter the user name.";
        }
        if (authMode.get() == ImapAuthMode.MASTER_USER && masterSeparator.get().isEmpty()) {
            return "Enter the separator between mailbox and master user (Dovecot: *).";
        }
        if (password.get().isEmpty() && !secretStored.get()) {
            return "Enter the password.";
        }
        return null;
    }

    @Override
    public ConnectionRequest request(String name, ConnectionRole role) {
        ImapSettings settings = new ImapSettings(host.get().trim(), Integer.parseInt(port.get().trim()), security.get(),
                authMode.get(), user.get().trim(), masterSeparator.get(),
                trustedCertificate.get().isBlank() ? null : trustedCertificate.get().trim());
        Secret secret = password.get().isEmpty() ? null : new Secret(password.get());
        return new ConnectionRequest(name, role, ConnectionKind.IMAP, settings, null, null, secret);
    }

    @Override
    public void load(Connection existing) {
        ImapSettings s = existing.imap();
        if (s == null) {
            return;
        }
        host.set(s.host());
        security.set(s.security());
        port.set(String.valueOf(s.port()));
        trustedCertificate.set(s.trustedCertificatePem() == null ? "" : s.trustedCertificatePem());
        authMode.set(s.authMode());
        user.set(s.user() == null ? "" : s.user());
        masterSeparator.set(s.masterSeparator());
        password.set("");
        secretStored.set(existing.hasSecret());
    }

    @Override
    public Observable changes() {
        return Bindings.createObjectBinding(() -> null,
                host, port, security, trustedCertificate, authMode, user, masterSeparator, password);
    }

    public StringProperty host() {
        return host;
    }

    public StringProperty port() {
        return port;
    }

    public ObjectProperty<ImapSecurity> security() {
        return security;
    }

    public StringProperty trustedCertificate() {
        return trustedCertificate;
    }

    public ObjectProperty<ImapAuthMode> authMode() {
        return authMode;
    }

    public StringProperty user() {
        return user;
    }

    public StringProperty masterSeparator() {
        return masterSeparator;
    }

    public StringProperty password() {
        return password;
    }

    public BooleanProperty secretStored() {
        return secretStored;
    }
}
