package io.mailferry.service.cli;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of {@code connections add} and {@code update}, grouped as in the help. Every option is optional here:
 * on add the service says in plain words what is missing; on update only the given options change. Passwords are
 * read from an environment variable or a file, never from the command line (it would land in shell history and
 * {@code ps}).
 */
final class ConnectionOptions {
    static final class General {
        @Option(names = "--name", paramLabel = "NAME", description = "Name shown in lists and reports.")
        String name;

        @Option(names = "--role", paramLabel = "source|target", converter = RoleConverter.class,
                description = "Whether mailboxes are migrated from (source) or into (target) this server.")
        ConnectionRole role;
    }

    static final class Imap {
        @Option(names = "--host", paramLabel = "HOST", description = "IMAP server host name or address.")
        String host;

        @Option(names = "--port", paramLabel = "N",
                description = "IMAP port (default: 993 with --security tls, else 143).")
        Integer port;

        @Option(names = "--security", paramLabel = "none|starttls|tls", converter = SecurityConverter.class,
                description = "Transport security: none (plain; trusted networks only), starttls, or tls "
                        + "(implicit TLS; default).")
        ImapSecurity security;

        @Option(names = "--auth", paramLabel = "password|master", converter = AuthConverter.class,
                description = "password: each mailbox logs in with its own password (default). master: one "
                        + "admin/master account opens every mailbox (Dovecot user*master).")
        ImapAuthMode auth;

        @Option(names = "--user", paramLabel = "LOGIN",
                description = "Login of this connection; with --auth master the master/admin account.")
        String user;

        @Option(names = "--master-separator", paramLabel = "SEP",
                description = "Separator between mailbox user and master user (default: *).")
        String masterSeparator;

        @Option(names = "--trust-cert", paramLabel = "PEMFILE",
                description = "PEM certificate to trust for this server (e.g. a self-signed one). Without it the "
                        + "Java trust store decides.")
        Path trustCert;
    }

    static final class Password {
        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Read the password (of --user) from environment variable VAR.")
        String env;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the password from FILE (its first line).")
        Path file;
    }

    @ArgGroup(validate = false, heading = "%nConnection:%n", order = 1)
    General general = new General();

    @ArgGroup(validate = false, heading = "%nIMAP server:%n", order = 2)
    Imap imap = new Imap();

    @ArgGroup(validate = false, heading = "%nPassword (never on the command line):%n", order = 3)
    Password password = new Password();

    /** A new IMAP connection from the options. */
    ConnectionRequest toNewRequest(Map<String, String> env) {
        ImapSecurity security = imap.security == null ? ImapSecurity.TLS : imap.security;
        ImapSettings settings = new ImapSettings(imap.host, imap.port == null ? security.defaultPort() : imap.port,
                security, imap.auth, imap.user, imap.masterSeparator, certificate());
        return new ConnectionRequest(general.name, general.role, ConnectionKind.IMAP, settings, null, null,
                secret(env));
    }

    /** {@code existing} with the given options applied; the secret stays as stored unless a password option is given. */
    ConnectionRequest toUpdate(Connection existing, Map<String, String> env) {
        ImapSettings settings = existing.imap();
        if (existing.kind() == ConnectionKind.IMAP && settings != null) {
            ImapSecurity security = imap.security == null ? settings.security() : imap.security;
            int port = imap.port != null ? imap.port
                    : imap.security != null && settings.port() == settings.security().defaultPort()
                            ? security.defaultPort() : settings.port();
            settings = new ImapSettings(or(imap.host, settings.host()), port, security, or(imap.auth, settings.authMode()),
                    or(imap.user, settings.user()), or(imap.masterSeparator, settings.masterSeparator()),
                    imap.trustCert == null ? settings.trustedCertificatePem() : certificate());
        } else if (imap.host != null || imap.port != null || imap.security != null || imap.auth != null
                || imap.user != null || imap.trustCert != null) {
            throw new CliException(2, "Connection " + existing.id() + " is a " + existing.kind()
                    + " connection; IMAP options do not apply to it.");
        }
        return new ConnectionRequest(or(general.name, existing.name()), or(general.role, existing.role()),
                existing.kind(), settings, existing.graph(), existing.ews(), secret(env));
    }

    private Secret secret(Map<String, String> env) {
        if (password.env != null && password.file != null) {
            throw new CliException(2, "Give the password with --password-env or --password-file, not both.");
        }
        if (password.env != null) {
            String value = env.get(password.env);
            if (value == null) {
                throw new CliException(2, "The environment variable " + password.env + " is not set.");
            }
            return new Secret(value);
        }
        if (password.file != null) {
            String content = read(password.file, "password file");
            int eol = content.indexOf('\n');
            return new Secret((eol < 0 ? content : content.substring(0, eol)).replaceAll("\r$", ""));
        }
        return null;
    }

    private String certificate() {
        return imap.trustCert == null ? null : read(imap.trustCert, "certificate file");
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(2, "Cannot read the " + what + " " + file + ": " + e.getMessage());
        }
    }

    private static <T> T or(T given, T existing) {
        return given != null ? given : existing;
    }

    static final class RoleConverter implements ITypeConverter<ConnectionRole> {
        @Override
        public ConnectionRole convert(String value) {
            return ConnectionRole.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static final class SecurityConverter implements ITypeConverter<ImapSecurity> {
        @Override
        public ImapSecurity convert(String value) {
            return ImapSecurity.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static final class AuthConverter implements ITypeConverter<ImapAuthMode> {
        @Override
        public ImapAuthMode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "password" -> ImapAuthMode.PASSWORD;
                case "master", "master_user", "master-user" -> ImapAuthMode.MASTER_USER;
                default -> throw new IllegalArgumentException("expected password or master, not " + value);
            };
        }
    }
}
