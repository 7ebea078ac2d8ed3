package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.SecretFile;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.admin.google.GoogleConsent;
import io.mailferry.admin.google.SystemBrowser;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
 * and one user of the domain, one account's consent through Google's sign-in page ({@link GoogleConsent}), or an
 * account's app password) → labels (the label strategy, Spam and Trash, connections
 * per account). Preparing Workspace is described in docs/gmail.md; "Test connection" names what is missing.
 */
public final class GmailConnectionSteps implements ConnectionKindSteps {
    public static final String SIGN_IN = "gmail-sign-in";
    public static final String LABELS = "gmail-labels";
    public static final String TARGET_NOTE = "Gmail can be a source only: choose IMAP or Microsoft 365 as the target.";

    private static final com.fasterxml.jackson.databind.ObjectMapper KEY_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
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
    private final StringProperty clientId = new SimpleStringProperty("");
    private final StringProperty clientSecret = new SimpleStringProperty("");
    /** The account's consent as Google's "authorized_user" JSON, once the sign-in came back; "" before. */
    private final StringProperty consent = new SimpleStringProperty("");
    private final StringProperty consentLink = new SimpleStringProperty("");
    private final StringProperty consentStatus = new SimpleStringProperty("");
    private final StringProperty keyFileError = new SimpleStringProperty("");
    private final javafx.beans.binding.StringBinding keyHolder =
            Bindings.createStringBinding(() -> holderOf(key.get()), key);
    private final SecretFile.Contents files;
    private final GoogleConsent.Endpoints google;
    private final Executor fx;
    private final Consumer<URI> browser;
    private GoogleConsent pending;
    private final List<WizardStep> steps;

    /**
     * Reads a chosen key file from the disk and signs in at Google's own endpoints; the consent's answer reaches the
     * properties on the JavaFX thread.
     */
    public GmailConnectionSteps() {
        this(SecretFile.CAPPED);
    }

    /** @param files reads the service account's key file the admin chooses */
    public GmailConnectionSteps(SecretFile.Contents files) {
        this(files, GoogleConsent.Endpoints.GOOGLE, javafx.application.Platform::runLater, new SystemBrowser());
    }

    /** As {@link #GmailConnectionSteps(SecretFile.Contents, GoogleConsent.Endpoints, Executor, Consumer)}. */
    public GmailConnectionSteps(GoogleConsent.Endpoints google, Executor fx, Consumer<URI> browser) {
        this(SecretFile.CAPPED, google, fx, browser);
    }

    /**
     * @param files   reads the service account's key file the admin chooses
     * @param google  Google's authorization and token endpoints (tests: their doubles)
     * @param fx      where the consent's answer is applied to the properties (the JavaFX thread)
     * @param browser opens Google's sign-in page (the system's browser; it may not open: the link is shown)
     */
    public GmailConnectionSteps(SecretFile.Contents files, GoogleConsent.Endpoints google, Executor fx,
            Consumer<URI> browser) {
        this.files = files;
        this.google = google;
        this.fx = fx;
        this.browser = browser;
        BooleanBinding signInValid = Bindings.createBooleanBinding(() -> signInError() == null,
                authMode, user, key, appPassword, storedSecret, clientId, clientSecret, consent);
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

    /**
     * The service account ({@code client_email}) of the key pasted or read from its file; "" while {@link #key()} is
     * not a complete service account key. The view shows this name instead of the key once it is in, so the private
     * key never stays on the screen.
     */
    public javafx.beans.binding.StringBinding keyHolder() {
        return keyHolder;
    }

    /** Clears the key, to paste or choose another one. */
    public void replaceKey() {
        key.set("");
        keyFileError.set("");
    }

    static String holderOf(String json) {
        if (json == null || !json.contains("\"private_key\"")) {
            return "";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = KEY_JSON.readTree(json);
            com.fasterxml.jackson.databind.JsonNode email = n.get("client_email");
            com.fasterxml.jackson.databind.JsonNode secret = n.get("private_key");
            return email != null && email.isTextual() && !email.asText().isBlank() && secret != null
                    && secret.isTextual() && !secret.asText().isBlank() ? email.asText().strip() : "";
        } catch (IOException | RuntimeException e) {
            return "";
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
        if (authMode.get() == GmailAuthMode.OAUTH_CONSENT) {
            if (clientId.get().isBlank() || clientSecret.get().isBlank()) {
                return keeps && consent.get().isBlank() ? null : "Enter the client ID and secret of your Google "
                        + "Cloud project's \"Desktop app\" OAuth client, then sign in with Google.";
            }
            return consent.get().isBlank() && !keeps ? "Sign in with Google: the account gives its consent in "
                    + "Google's page." : null;
        }
        return appPassword.get().isBlank() && !keeps ? "Enter the account's app password." : null;
    }

    /**
     * Starts the account's sign-in: listens on a loopback redirect, opens Google's sign-in page in the browser (which
     * may not open: the link stays shown to copy) and, when the account consented, keeps the consent as the
     * connection's secret. A sign-in started before is dropped.
     */
    public void signInWithGoogle() {
        cancelSignIn();
        consent.set("");
        GoogleConsent c;
        try {
            c = GoogleConsent.start(google, clientId.get(), clientSecret.get(), user.get());
        } catch (IOException | RuntimeException e) {
            consentStatus.set("The sign-in could not start: no local port for Google's answer.");
            return;
        }
        pending = c;
        consentLink.set(c.authorizationUrl().toString());
        consentStatus.set("Waiting for the account's consent in the browser…");
        c.result().whenComplete((json, failure) -> fx.execute(() -> {
            if (pending != c) {
                return; // a later sign-in replaced this one
            }
            if (json != null) {
                consent.set(json);
                consentStatus.set("Signed in: the account gave its consent. It is stored encrypted.");
            } else {
                Throwable why = failure instanceof java.util.concurrent.CompletionException ce ? ce.getCause()
                        : failure;
                consentStatus.set(why instanceof GoogleConsent.ConsentFailure ? why.getMessage()
                        : "The sign-in failed; sign in again.");
            }
        }));
        browser.accept(c.authorizationUrl());
    }

    @Override
    public void close() {
        cancelSignIn();
    }

    /** Stops waiting for a sign-in: its loopback listener closes. */
    public void cancelSignIn() {
        GoogleConsent c = pending;
        pending = null;
        if (c != null) {
            c.close();
        }
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
        String secret = switch (authMode.get()) {
            case SERVICE_ACCOUNT -> key.get().trim();
            case APP_PASSWORD -> appPassword.get();
            case OAUTH_CONSENT -> consent.get();
        };
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
        consent.set("");
        storedSecret.set(existing.hasSecret() ? s.authMode() : null);
    }

    @Override
    public Observable changes() {
        return Bindings.createObjectBinding(() -> null, authMode, user, key, appPassword, strategy, includeSpam,
                includeTrash, connections, consent);
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

    /** The "Desktop app" OAuth client's ID, of the admin's own Google Cloud project. */
    public StringProperty clientId() {
        return clientId;
    }

    public StringProperty clientSecret() {
        return clientSecret;
    }

    /** The account's consent ("authorized_user" JSON) once given, else "". */
    public StringProperty consent() {
        return consent;
    }

    /** Google's sign-in page of the last sign-in started: to copy when no browser opened. */
    public StringProperty consentLink() {
        return consentLink;
    }

    /** Where the sign-in stands, in words. */
    public StringProperty consentStatus() {
        return consentStatus;
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
