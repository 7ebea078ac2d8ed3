package io.mailferry.admin.wizard;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.Secret;
import java.util.List;
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
 * Gmail / Google Workspace's steps (a source only): sign-in (a service account's JSON key with domain-wide delegation
 * and one user of the domain, or an account's app password) → labels (the label strategy, Spam and Trash, connections
 * per account). Preparing Workspace is described in docs/gmail.md; "Test connection" names what is missing.
 */
public final class GmailConnectionSteps implements ConnectionKindSteps {
    public static final String SIGN_IN = "gmail-sign-in";
    public static final String LABELS = "gmail-labels";
    public static final String TARGET_NOTE = "Gmail can be a source only: choose IMAP or Microsoft 365 as the target.";

    private final ObjectProperty<GmailAuthMode> authMode = new SimpleObjectProperty<>(GmailAuthMode.SERVICE_ACCOUNT);
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty key = new SimpleStringProperty("");
    private final StringProperty appPassword = new SimpleStringProperty("");
    private final ObjectProperty<GmailLabelStrategy> strategy =
            new SimpleObjectProperty<>(GmailLabelStrategy.FOLDER_PER_LABEL);
    private final BooleanProperty includeSpam = new SimpleBooleanProperty(false);
    private final BooleanProperty includeTrash = new SimpleBooleanProperty(false);
    private final StringProperty connections = new SimpleStringProperty("");
    private final ObjectProperty<GmailAuthMode> storedSecret = new SimpleObjectProperty<>();
    private final StringProperty keyFileError = new SimpleStringProperty("");
    private final SecretFile.Contents files;
    private final List<WizardStep> steps;

    /** Reads a chosen key file from the disk. */
    public GmailConnectionSteps() {
        this(java.nio.file.Files::readAllBytes);
    }

    /** @param files reads the service account's key file the admin chooses */
    public GmailConnectionSteps(SecretFile.Contents files) {
        this.files = files;
        BooleanBinding signInValid = Bindings.createBooleanBinding(() -> signInError() == null,
                authMode, user, key, appPassword, storedSecret);
        BooleanBinding labelsValid = Bindings.createBooleanBinding(() -> connectionsError() == null, connections);
        steps = List.of(WizardStep.of(SIGN_IN, "Sign-in", signInValid),
                WizardStep.of(LABELS, "Labels", labelsValid));
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.GMAIL;
    }

    @Override
    public String displayName() {
        return "Gmail / Google Workspace";
    }

    @Override
    public String description() {
        return "Gmail mailboxes over IMAP: every user of a Workspace domain with a service account, or one account "
                + "with an app password. Each message is read once, whatever its labels.";
    }

    @Override
    public String roleNote(ConnectionRole role) {
        return role == ConnectionRole.TARGET ? TARGET_NOTE : null;
    }

    @Override
    public List<WizardStep> steps() {
        return steps;
    }

    /**
     * Takes the service account's JSON key from the file Google Cloud gave (the same as pasting it); a file that
     * cannot be read leaves the key as it was and says why in {@link #keyFileError()}.
     */
    public void chooseKeyFile(java.nio.file.Path file) {
        SecretFile.Read read = SecretFile.read(file, files);
        keyFileError.set(read.error() == null ? "" : read.error());
        if (read.error() == null) {
            key.set(new String(read.content(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    /** Why the chosen key file could not be read; "" otherwise. */
    public StringProperty keyFileError() {
        return keyFileError;
    }

    /** Why the sign-in is not complete, or null. */
    public String signInError() {
        boolean serviceAccount = authMode.get() == GmailAuthMode.SERVICE_ACCOUNT;
        if (!user.get().trim().contains("@")) {
            return serviceAccount ? "Enter the address of one user of the domain: Test connection opens that mailbox."
                    : "Enter the account's Gmail address.";
        }
        boolean keeps = storedSecret.get() == authMode.get();
        if (serviceAccount) {
            String k = key.get().trim();
            if (k.isEmpty()) {
                return keeps ? null : "Paste the service account's JSON key (Google Cloud console > IAM > Service "
                        + "accounts > Keys).";
            }
            return k.contains("\"private_key\"") && k.contains("\"client_email\"") ? null
                    : "This is not a service account's JSON key: it needs its \"client_email\" and \"private_key\".";
        }
        return appPassword.get().isBlank() && !keeps ? "Enter the account's app password." : null;
    }

    /** Why the typed number of connections is not acceptable, or null (blank is the default of 2). */
    public String connectionsError() {
        String typed = connections.get().trim();
        if (typed.isEmpty()) {
            return null;
        }
        return typed.matches("[1-" + GmailSettings.MAX_CONNECTIONS + "]") ? null
                : "Connections per account is a whole number from 1 to " + GmailSettings.MAX_CONNECTIONS
                        + " (leave it empty for " + GmailSettings.DEFAULT_CONNECTIONS + ").";
    }

    @Override
    public ConnectionRequest request(String name, ConnectionRole role) {
        String typed = connections.get().trim();
        GmailSettings settings = new GmailSettings(authMode.get(), user.get().trim(), strategy.get(),
                includeSpam.get(), includeTrash.get(), connectionsError() == null && !typed.isEmpty()
                        ? Integer.parseInt(typed) : 0);
        String secret = authMode.get() == GmailAuthMode.SERVICE_ACCOUNT ? key.get().trim() : appPassword.get();
        return new ConnectionRequest(name, role, ConnectionKind.GMAIL, null, null, null,
                secret.isBlank() ? null : new Secret(secret), settings);
    }

    @Override
    public void load(Connection existing) {
        GmailSettings s = existing.gmail();
        if (s == null) {
            return;
        }
        authMode.set(s.authMode());
        user.set(s.user() == null ? "" : s.user());
        strategy.set(s.labelStrategy());
        includeSpam.set(s.includeSpam());
        includeTrash.set(s.includeTrash());
        connections.set(String.valueOf(s.maxConnections()));
        key.set("");
        appPassword.set("");
        storedSecret.set(existing.hasSecret() ? s.authMode() : null);
    }

    @Override
    public Observable changes() {
        return Bindings.createObjectBinding(() -> null, authMode, user, key, appPassword, strategy, includeSpam,
                includeTrash, connections);
    }

    public ObjectProperty<GmailAuthMode> authMode() {
        return authMode;
    }

    public StringProperty user() {
        return user;
    }

    /** The service account's JSON key as pasted. */
    public StringProperty key() {
        return key;
    }

    public StringProperty appPassword() {
        return appPassword;
    }

    public ObjectProperty<GmailLabelStrategy> strategy() {
        return strategy;
    }

    public BooleanProperty includeSpam() {
        return includeSpam;
    }

    public BooleanProperty includeTrash() {
        return includeTrash;
    }

    /** Connections per account as typed ("" = 2). */
    public StringProperty connections() {
        return connections;
    }

    /** True when editing and a secret of the chosen sign-in is stored: leaving it empty keeps it. */
    public BooleanBinding keepsStoredSecret() {
        return Bindings.createBooleanBinding(() -> storedSecret.get() == authMode.get() && storedSecret.get() != null,
                storedSecret, authMode);
    }

    /** What the target looks like after each strategy, one line each, for the labels page. */
    public static String strategyNote(GmailLabelStrategy s) {
        return s == GmailLabelStrategy.FOLDER_PER_LABEL
                ? "A copy in the folder of each label, Archive for mail with no label: what Gmail users expect on an "
                        + "IMAP server."
                : "Each message once, in Inbox, Sent, Drafts or Archive; its labels become categories: for Microsoft "
                        + "365 and Exchange.";
    }
}
