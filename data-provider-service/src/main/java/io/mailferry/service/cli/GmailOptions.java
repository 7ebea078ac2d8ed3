package io.mailferry.service.cli;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.Secret;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of a Gmail / Google Workspace connection ({@code --kind gmail}); the service account key is read from a
 * file, an app password through the password options, never from the command line.
 */
final class GmailOptions {
    @Option(names = "--gmail-auth", paramLabel = "service-account|oauth-consent|app-password",
            converter = AuthConverter.class,
            description = "service-account: a Workspace service account with domain-wide delegation opens every "
                    + "user's mailbox (default). oauth-consent: one account's consent to your Desktop app OAuth "
                    + "client (--consent-file). app-password: one account with an app password.")
    GmailAuthMode auth;

    @Option(names = "--gmail-user", paramLabel = "ADDRESS",
            description = "The mailbox \"connections test\" opens (service account), or the account (app password).")
    String user;

    @Option(names = "--service-account-key", paramLabel = "FILE",
            description = "The service account's JSON key file (Google Cloud console > IAM > Service accounts > Keys).")
    Path key;

    @Option(names = "--consent-file", paramLabel = "FILE",
            description = "The account's consent as Google's authorized_user JSON (client_id, client_secret, "
                    + "refresh_token), e.g. from the panel's sign-in or gcloud auth application-default login "
                    + "--client-id-file=CLIENT.json --scopes=https://mail.google.com/.")
    Path consent;

    @Option(names = "--labels", paramLabel = "folder-per-label|one-folder", converter = StrategyConverter.class,
            description = "folder-per-label: a copy in a folder per label (IMAP targets; default). one-folder: Inbox, "
                    + "Sent, Drafts or Archive, the other labels as categories (Microsoft 365, Exchange).")
    GmailLabelStrategy labels;

    @Option(names = "--include-spam", description = "Also migrate Gmail's Spam.")
    Boolean spam;

    @Option(names = "--include-trash", description = "Also migrate Gmail's Trash.")
    Boolean trash;

    @Option(names = "--gmail-connections", paramLabel = "N",
            description = "IMAP connections per Gmail account at once, 1 to 4 (default 2).")
    Integer connections;

    boolean any() {
        return auth != null || user != null || key != null || consent != null || labels != null || spam != null || trash != null
                || connections != null;
    }

    /** The settings these options give over {@code old} (null for a new connection). */
    GmailSettings settings(GmailSettings old) {
        GmailSettings base = old != null ? old : new GmailSettings(null, null, null, false, false, 0);
        return new GmailSettings(auth != null ? auth : base.authMode(), user != null ? user : base.user(),
                labels != null ? labels : base.labelStrategy(), spam != null ? spam : base.includeSpam(),
                trash != null ? trash : base.includeTrash(), connections != null ? connections : base.maxConnections());
    }

    /** The service account key or the consent file, or null when neither was given. */
    Secret key() {
        if (key != null && consent != null) {
            throw new CliException(2, "Give the service account key or the consent file, not both.");
        }
        Path file = key != null ? key : consent;
        if (file == null) {
            return null;
        }
        return new Secret(CliFiles.readText(file, "The " + (key != null ? "service account key" : "consent")
                + " file " + file));
    }

    /** The secret of the connection: the key or consent file when given, else the app password. */
    Secret secret(Secret password) {
        Secret k = key();
        if (k != null && password != null) {
            throw new CliException(2, "Give the service account key or consent file or an app password, not two.");
        }
        return k != null ? k : password;
    }

    /** "SERVICE_ACCOUNT as anna@example.com, labels FOLDER_PER_LABEL, 2 connections". */
    static String describe(Connection c) {
        GmailSettings g = c.gmail();
        return g == null ? "" : g.authMode() + " as " + g.user() + ", labels " + g.labelStrategy()
                + (g.includeSpam() ? ", spam" : "") + (g.includeTrash() ? ", trash" : "") + ", " + g.maxConnections()
                + " connections";
    }

    static final class AuthConverter implements ITypeConverter<GmailAuthMode> {
        @Override
        public GmailAuthMode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "service-account" -> GmailAuthMode.SERVICE_ACCOUNT;
                case "app-password" -> GmailAuthMode.APP_PASSWORD;
                case "oauth-consent", "consent" -> GmailAuthMode.OAUTH_CONSENT;
                default -> throw Choices.refused(value, "Gmail sign-in", "service-account", "oauth-consent",
                        "app-password");
            };
        }
    }

    static final class StrategyConverter implements ITypeConverter<GmailLabelStrategy> {
        @Override
        public GmailLabelStrategy convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "folder-per-label" -> GmailLabelStrategy.FOLDER_PER_LABEL;
                case "one-folder", "one-folder-with-categories" -> GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES;
                default -> throw Choices.refused(value, "label strategy", "folder-per-label", "one-folder");
            };
        }
    }
}
