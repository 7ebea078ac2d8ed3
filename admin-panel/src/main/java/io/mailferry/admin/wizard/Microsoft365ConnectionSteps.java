package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.SecretFile;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import io.mailferry.model.connection.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Microsoft 365's steps: tenant and app (tenant, application id, cloud, Graph requests at once per mailbox) →
 * credentials (a client secret, or a
 * certificate file: PEM with its unencrypted key, or PKCS#12 with its password). The credential becomes the
 * connection's secret exactly as the CLI builds it: the client secret, the PEM text, or "pkcs12:" + Base64(file) +
 * "\n" + password. The certificate file is read here, through the {@link SecretFile.Contents} the panel injects.
 *
 * <p>As a target, Microsoft 365 is written over Exchange Online IMAP with the app's token, which needs more than the
 * Graph permissions: the wizard says what for the target role ({@link #roleNote}).
 */
public final class Microsoft365ConnectionSteps implements ConnectionKindSteps {

    public static final String TENANT = "m365-tenant";
    public static final String CREDENTIALS = "m365-credentials";

    /** What the admin sees when defining a Microsoft 365 target: what writing over Exchange Online IMAP needs. */
    public static final String TARGET_NOTE = "As a target, messages are written over Exchange Online IMAP: the app "
            + "also needs IMAP.AccessAsApp (Office 365 Exchange Online), and its Exchange service principal needs "
            + "FullAccess on each target mailbox. Test connection checks both.";

    /** The service's default and bounds of Graph requests at once per mailbox (GraphSettings.maxConcurrentRequests). */
    public static final int DEFAULT_MAX_REQUESTS = 4;
    public static final int MAX_REQUESTS_LIMIT = 16;

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    /** The clouds the service knows, by the name its settings carry. */
    public enum Cloud {
        GLOBAL("global", "Global (commercial, GCC)"),
        US_GOVERNMENT("us-government", "US Government (GCC High)"),
        CHINA("china", "China (operated by 21Vianet)");

        private final String settingsName;
        private final String label;

        Cloud(String settingsName, String label) {
            this.settingsName = settingsName;
            this.label = label;
        }

        public String settingsName() {
            return settingsName;
        }

        public String label() {
            return label;
        }

        static Cloud named(String name) {
            for (Cloud c : values()) {
                if (c.settingsName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return c;
                }
            }
            return GLOBAL;
        }
    }

    /** A certificate file as read: PEM text, or a PKCS#12 file that needs its password. */
    public enum CertificateFormat { PEM, PKCS12 }

    /** The certificate file chosen last: its name, content and format; {@code error} says why it is not usable. */
    private record CertificateFile(String name, byte[] content, CertificateFormat format, String error) {
    }

    private final SecretFile.Contents files;
    private final StringProperty tenant = new SimpleStringProperty("");
    private final StringProperty clientId = new SimpleStringProperty("");
    private final ObjectProperty<Cloud> cloud = new SimpleObjectProperty<>(Cloud.GLOBAL);
    /** Graph requests at once per mailbox as typed; blank is the service's default. */
    private final StringProperty maxRequests = new SimpleStringProperty("");
    private final ObjectProperty<GraphCredential> credential = new SimpleObjectProperty<>(GraphCredential.CLIENT_SECRET);
    /** How a target is written (ADR 0010); a source ignores it. */
    private final ObjectProperty<GraphWritePath> writePath = new SimpleObjectProperty<>(GraphWritePath.IMAP);
    private final StringProperty clientSecret = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<CertificateFile> certificate = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper certificateName = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<CertificateFormat> certificateFormat = new ReadOnlyObjectWrapper<>();
    private final StringProperty certificatePassword = new SimpleStringProperty("");
    /** When editing: the stored secret's kind, or null when nothing is stored. An empty input keeps it. */
    private final ObjectProperty<GraphCredential> storedCredential = new SimpleObjectProperty<>();
    private final BooleanBinding keepsStored = Bindings.createBooleanBinding(
            () -> storedCredential.get() != null && storedCredential.get() == credential.get(),
            storedCredential, credential);
    private final List<WizardStep> steps;
    /** PKCS#12 passwords, checked away from the UI thread: opening the file costs a key derivation. */
    private final Pkcs12Password pkcs12;

    public Microsoft365ConnectionSteps(SecretFile.Contents files, BackgroundRunner runner) {
        this.files = files;
        this.pkcs12 = new Pkcs12Password(runner);
        certificate.addListener((obs, old, now) -> {
            certificateName.set(now == null ? "" : now.name());
            certificateFormat.set(now == null ? null : now.format());
        });
        BooleanBinding tenantValid = Bindings.createBooleanBinding(
                () -> tenantError() == null && clientIdError() == null && cloud.get() != null
                        && maxRequestsError() == null,
                tenant, clientId, cloud, maxRequests);
        BooleanBinding credentialsValid = Bindings.createBooleanBinding(() -> credentialsError() == null,
                credential, clientSecret, certificate, certificatePassword, keepsStored, pkcs12.checks());
        steps = List.of(
                WizardStep.of(TENANT, "Tenant and app", tenantValid),
                WizardStep.of(CREDENTIALS, "Credentials", credentialsValid));
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public String displayName() {
        return "Microsoft 365";
    }

    @Override
    public String description() {
        return "Exchange Online mailboxes of a Microsoft 365 tenant, read through Microsoft Graph with an app "
                + "registration (application permissions, admin consent).";
    }

    @Override
    public String roleNote(ConnectionRole role) {
        return role == ConnectionRole.TARGET ? TARGET_NOTE : null;
    }

    @Override
    public List<WizardStep> steps() {
        return steps;
    }

    /** Why the tenant is not acceptable, or null. */
    public String tenantError() {
        String t = tenant.get().trim();
        if (t.isEmpty()) {
            return "Enter the directory (tenant) id, or the tenant's primary domain such as contoso.onmicrosoft.com.";
        }
        return GUID.matcher(t).matches() || DOMAIN.matcher(t).matches() ? null
                : "The tenant is a directory id (a GUID) or a domain such as contoso.onmicrosoft.com.";
    }

    /** Why the application id is not acceptable, or null. */
    public String clientIdError() {
        String c = clientId.get().trim();
        if (c.isEmpty()) {
            return "Enter the application (client) id of the app registration.";
        }
        return GUID.matcher(c).matches() ? null
                : "The application (client) id is a GUID such as 11111111-2222-3333-4444-555555555555 "
                        + "(the app registration's Overview shows it).";
    }

    /** Why the typed number of Graph requests at once is not acceptable, or null (blank is the default). */
    public String maxRequestsError() {
        String typed = maxRequests.get().trim();
        if (typed.isEmpty()) {
            return null;
        }
        Integer n = typed.matches("\\d{1,3}") ? Integer.valueOf(typed) : null;
        return n != null && n >= 1 && n <= MAX_REQUESTS_LIMIT ? null
                : "Requests at once is a whole number from 1 to " + MAX_REQUESTS_LIMIT + " (leave it empty for "
                        + DEFAULT_MAX_REQUESTS + ").";
    }

    /** Why the credential is not complete, or null. */
    public String credentialsError() {
        if (credential.get() == GraphCredential.CERTIFICATE) {
            CertificateFile file = certificate.get();
            if (file == null) {
                return keepsStored() ? null : "Choose the certificate file (.pem with its key, or .pfx/.p12).";
            }
            if (file.error() != null) {
                return file.error();
            }
            return file.format() == CertificateFormat.PKCS12
                    ? pkcs12.problem(file.name(), file.content(), certificatePassword.get()) : null;
        }
        if (clientSecret.get().isBlank() && !keepsStored()) {
            return "Enter the client secret (its Value, not its Secret ID).";
        }
        return null;
    }

    private boolean keepsStored() {
        return keepsStored.get();
    }

    /**
     * Reads the certificate file the admin chose. A PEM file must hold the certificate and its unencrypted private
     * key; anything else is taken as PKCS#12 (.pfx/.p12), which needs its password. An unreadable or unsuitable file
     * is kept with its reason, so the hint says what is wrong with it.
     */
    public void chooseCertificate(Path file) {
        SecretFile.Read read = SecretFile.read(file, files);
        certificate.set(read.error() != null ? new CertificateFile(read.name(), null, null, read.error())
                : inspect(read.name(), read.content()));
    }

    private static CertificateFile inspect(String name, byte[] content) {
        if (content.length == 0) {
            return new CertificateFile(name, content, null, "The file " + name + " is empty.");
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.contains("-----BEGIN ")) {
            String error = null;
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                error = name + " holds no certificate.";
            } else if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
                error = "The private key in " + name + " is encrypted; export it without a password, or choose the "
                        + ".pfx/.p12 file instead.";
            } else if (!text.contains("PRIVATE KEY-----")) {
                error = name + " holds no private key; choose one PEM file with the certificate and its key, or a "
                        + ".pfx/.p12 file.";
            }
            return new CertificateFile(name, content, CertificateFormat.PEM, error);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".cer") || lower.endsWith(".crt") || lower.endsWith(".der")) {
            return new CertificateFile(name, content, null, name + " is a certificate without its private key; "
                    + "choose the .pfx/.p12 file, or a PEM file with the certificate and its key.");
        }
        return new CertificateFile(name, content, CertificateFormat.PKCS12, null);
    }

    @Override
    public ConnectionRequest request(String name, ConnectionRole role) {
        String typed = maxRequests.get().trim();
        GraphSettings settings = new GraphSettings(tenant.get().trim(), clientId.get().trim(),
                cloud.get().settingsName(), credential.get(),
                typed.isEmpty() || maxRequestsError() != null ? null : Integer.valueOf(typed),
                role == ConnectionRole.TARGET && writePath.get() == GraphWritePath.GRAPH ? GraphWritePath.GRAPH : null);
        return new ConnectionRequest(name, role, ConnectionKind.MICROSOFT_365, null, settings, null, secret());
    }

    /** The typed credential as the connection's secret; null keeps the stored one (editing, nothing retyped). */
    private Secret secret() {
        if (credential.get() == GraphCredential.CLIENT_SECRET) {
            return clientSecret.get().isBlank() ? null : new Secret(clientSecret.get().strip());
        }
        CertificateFile file = certificate.get();
        if (file == null || file.content() == null) {
            return null;
        }
        if (file.format() == CertificateFormat.PEM) {
            return new Secret(new String(file.content(), StandardCharsets.UTF_8));
        }
        return new Secret("pkcs12:" + Base64.getEncoder().encodeToString(file.content()) + "\n"
                + certificatePassword.get());
    }

    @Override
    public void load(Connection existing) {
        GraphSettings s = existing.graph();
        if (s == null) {
            return;
        }
        tenant.set(s.tenantId() == null ? "" : s.tenantId());
        clientId.set(s.clientId() == null ? "" : s.clientId());
        cloud.set(Cloud.named(s.cloud()));
        maxRequests.set(s.maxConcurrentRequests() == null ? "" : String.valueOf(s.maxConcurrentRequests()));
        credential.set(s.credential());
        writePath.set(s.writePath() == null ? GraphWritePath.IMAP : s.writePath());
        clientSecret.set("");
        certificate.set(null);
        certificatePassword.set("");
        storedCredential.set(existing.hasSecret() ? s.credential() : null);
    }

    @Override
    public Observable changes() {
        return Bindings.createObjectBinding(() -> null,
                tenant, clientId, cloud, maxRequests, credential, clientSecret, certificate, certificatePassword,
                writePath);
    }

    public ObjectProperty<GraphWritePath> writePath() {
        return writePath;
    }

    /** The one line the wizard shows under the write path: what the choice costs. */
    public static String writePathNote(GraphWritePath path) {
        return path == GraphWritePath.GRAPH
                ? "For tenants with IMAP switched off: each message is rebuilt (only x- headers kept, signed or "
                        + "encrypted mail loses its signature), at most 4 MB with attachments. Needs Mail.ReadWrite."
                : "Every message kept byte for byte, up to 35 MB. Needs IMAP.AccessAsApp.";
    }

    public StringProperty tenant() {
        return tenant;
    }

    public StringProperty clientId() {
        return clientId;
    }

    public ObjectProperty<Cloud> cloud() {
        return cloud;
    }

    /** Graph requests at once per mailbox, as typed ("" = the service's default of 4). */
    public StringProperty maxRequests() {
        return maxRequests;
    }

    public ObjectProperty<GraphCredential> credential() {
        return credential;
    }

    public StringProperty clientSecret() {
        return clientSecret;
    }

    /** The chosen certificate file's name, "" before one is chosen. */
    public ReadOnlyStringProperty certificateName() {
        return certificateName.getReadOnlyProperty();
    }

    /** PEM or PKCS12 once a readable certificate file is chosen, else null (the password field shows for PKCS12). */
    public ReadOnlyObjectProperty<CertificateFormat> certificateFormat() {
        return certificateFormat.getReadOnlyProperty();
    }

    /** Changes each time a .pfx/.p12 password check ends ({@link #credentialsError} may say something else then). */
    public ReadOnlyIntegerProperty passwordChecks() {
        return pkcs12.checks();
    }

    /** The password of a .pfx/.p12 file. */
    public StringProperty certificatePassword() {
        return certificatePassword;
    }

    /**
     * True when editing a connection whose stored credential is of the chosen kind: leaving the secret empty (or
     * choosing no file) keeps it. Choosing the other kind needs the new credential.
     */
    public BooleanBinding keepsStoredSecret() {
        return keepsStored;
    }
}
