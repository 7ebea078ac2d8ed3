package io.mailferry.service.cli;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One side's IMAP options of {@code migrate}, whichever prefix ({@code --source-}/{@code --target-}) picocli filled
 * them from. Passwords come from an environment variable or a file, never from the command line (it shows in
 * {@code ps} and shell history).
 */
record SideOptions(ConnectionRole role, String host, Integer port, String security, String auth,
        String masterSeparator, String user, String passwordEnv, Path passwordFile, Path trustCert) {
    /** Keeps the generated connection name ("CLI source HOST:PORT") under the 200 characters a name may have. */
    private static final int MAX_HOST_IN_NAME = 150;

    String side() {
        return role == ConnectionRole.SOURCE ? "source" : "target";
    }

    /** The connection, or a {@link CliException} (exit 2) naming the option that is wrong. */
    ConnectionRequest connection(boolean userRequired, Map<String, String> env) {
        String prefix = "--" + side() + "-";
        if (host == null || host.isBlank()) {
            throw usage("Missing " + prefix + "host: the " + side() + " IMAP server's name or address.");
        }
        ImapSecurity sec = switch (security == null ? "tls" : security.toLowerCase(Locale.ROOT)) {
            case "none" -> ImapSecurity.NONE;
            case "starttls" -> ImapSecurity.STARTTLS;
            case "tls" -> ImapSecurity.TLS;
            default -> throw usage(prefix + "security must be none, starttls or tls, not '" + security + "'.");
        };
        int p = port == null ? sec.defaultPort() : port;
        if (p < 1 || p > 65535) {
            throw usage(prefix + "port must be between 1 and 65535.");
        }
        ImapAuthMode mode = authMode();
        boolean master = mode == ImapAuthMode.MASTER_USER;
        if (master && userRequired) {
            throw usage(prefix + "auth master needs --csv: the mailboxes come from the file and " + prefix
                    + "user is the admin account.");
        }
        if ((userRequired || master) && (user == null || user.isBlank())) {
            throw usage(master ? "Missing " + prefix + "user: the " + side() + " admin account (" + prefix
                    + "auth master)." : "Missing " + prefix + "user (or give the mailboxes with --csv).");
        }
        if (masterSeparator != null && (masterSeparator.isEmpty()
                || masterSeparator.chars().anyMatch(Character::isWhitespace))) {
            throw usage(prefix + "master-separator must be one or more characters without spaces.");
        }
        Secret secret = password(env, prefix);
        if (master && secret == null) {
            throw usage("Missing " + prefix + "password-env or " + prefix + "password-file: the " + side()
                    + " admin account's password (" + prefix + "auth master).");
        }
        // a host too long for a name is refused for itself by the connection's checks, not for the name made of it
        String shown = host.length() > MAX_HOST_IN_NAME ? host.substring(0, MAX_HOST_IN_NAME - 1) + "…" : host;
        return new ConnectionRequest("CLI " + side() + " " + shown + ":" + p, role, ConnectionKind.IMAP,
                new ImapSettings(host, p, sec, mode, user, masterSeparator, read(trustCert, prefix + "trust-cert")),
                null, null, secret);
    }

    private ImapAuthMode authMode() {
        return switch (auth == null ? "password" : auth.toLowerCase(Locale.ROOT)) {
            case "password" -> ImapAuthMode.PASSWORD;
            case "master", "master-user", "master_user" -> ImapAuthMode.MASTER_USER;
            default -> throw usage("--" + side() + "-auth must be password or master, not '" + auth + "'.");
        };
    }

    /** "host:port" — the server part of a job key. */
    String server(ConnectionRequest c) {
        return c.imap().host().toLowerCase(Locale.ROOT) + ":" + c.imap().port();
    }

    /** "host:port/user" — part of the job key. */
    String identity(ConnectionRequest c) {
        return server(c) + "/" + (user == null ? "" : user.toLowerCase(Locale.ROOT));
    }

    private Secret password(Map<String, String> env, String prefix) {
        if (passwordEnv != null && passwordFile != null) {
            throw usage("Give " + prefix + "password-env or " + prefix + "password-file, not both.");
        }
        if (passwordEnv != null) {
            String value = env.get(passwordEnv);
            if (value == null || value.isEmpty()) {
                throw usage("The environment variable " + passwordEnv + " (" + prefix + "password-env) is not set.");
            }
            return new Secret(value);
        }
        if (passwordFile != null) {
            String value = read(passwordFile, prefix + "password-file").strip();
            if (value.isEmpty()) {
                throw usage("The password file " + passwordFile + " is empty.");
            }
            return new Secret(value);
        }
        return null;
    }

    private static String read(Path file, String option) {
        if (file == null) {
            return null;
        }
        return CliFiles.readText(file, "The file " + file + " (" + option + ")");
    }

    static CliException usage(String message) {
        return new CliException(MigrateCommand.BAD_ARGUMENTS, message);
    }
}
