package io.mailferry.service.cli;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of {@code connections add} and {@code update}, grouped as in the help. Every option is optional here:
 * on add the service says in plain words what is missing; on update only the given options change. Passwords,
 * client secrets and certificate passwords are read from an environment variable or a file, never from the command
 * line (it would land in shell history and {@code ps}).
 */
final class ConnectionOptions {
    static final class General {
        @Option(names = "--name", paramLabel = "NAME", description = "Name shown in lists and reports.")
        String name;

        @Option(names = "--role", paramLabel = "source|target", converter = RoleConverter.class,
                description = "Whether mailboxes are migrated from (source) or into (target) this server.")
        ConnectionRole role;

        @Option(names = "--kind", paramLabel = "imap|microsoft-365|gmail|exchange", converter = KindConverter.class,
                description = "What the connection reaches: an IMAP server (default), a Microsoft 365 tenant "
                        + "(through Microsoft Graph with an app registration), Gmail / Google Workspace (a source) or "
                        + "on-premises Exchange through EWS. Only on add.")
        ConnectionKind kind;
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

    /** {@code --password-env} / {@code --password-file}: a password that never stands on the command line. */
    static final class Password {
        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Read the password (of --user) from environment variable VAR.")
        String env;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the password from FILE (its first line).")
        Path file;

        /** The password given, null when neither option is. */
        Secret secret(Map<String, String> environment) {
            if (env != null && file != null) {
                throw new CliException(2, "Give the password with --password-env or --password-file, not both.");
            }
            if (env != null) {
                String value = environment.get(env);
                if (value == null) {
                    throw new CliException(2, "The environment variable " + env + " is not set.");
                }
                return new Secret(value);
            }
            if (file != null) {
                String content = read(file, "password file");
                int eol = content.indexOf('\n');
                return new Secret((eol < 0 ? content : content.substring(0, eol)).replaceAll("\r$", ""));
            }
            return null;
        }
    }

    /** "imap" or "graph", any case. */
    static final class WritePathConverter implements picocli.CommandLine.ITypeConverter<GraphWritePath> {
        @Override
        public GraphWritePath convert(String value) {
            try {
                return GraphWritePath.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is no write path; use imap "
                        + "or graph.");
            }
        }
    }

    static final class Microsoft365 {
        @Option(names = "--tenant", paramLabel = "TENANT",
                description = "Microsoft 365: the directory (tenant) id, or the tenant's primary domain such as "
                        + "contoso.onmicrosoft.com.")
        String tenant;

        @Option(names = "--client-id", paramLabel = "ID",
                description = "Microsoft 365: the application (client) id of the app registration.")
        String clientId;

        @Option(names = "--cloud", paramLabel = "global|us-government|china",
                description = "Microsoft 365: the cloud the tenant lives in (default: global).")
        String cloud;

        @Option(names = "--max-requests", paramLabel = "N",
                description = "Microsoft 365: Graph requests at once per mailbox, 1 to 16 (default 4, Outlook's limit "
                        + "per app and mailbox; lower it when many mailboxes of one app are throttled together).")
        Integer maxRequests;

        @Option(names = "--write-path", paramLabel = "imap|graph", converter = WritePathConverter.class,
                description = "Microsoft 365 target: how messages are written (default imap: Exchange Online IMAP, "
                        + "every byte kept). graph: through Microsoft Graph, for tenants where IMAP is switched off; "
                        + "messages are rebuilt (only x- headers kept, at most 4 MB each with attachments).")
        GraphWritePath writePath;

        @Option(names = "--client-secret-file", paramLabel = "FILE",
                description = "Microsoft 365: read the app's client secret (its Value) from FILE (its first line).")
        Path clientSecretFile;

        @Option(names = "--client-secret-env", paramLabel = "VAR",
                description = "Microsoft 365: read the app's client secret from environment variable VAR.")
        String clientSecretEnv;

        @Option(names = "--certificate", paramLabel = "FILE",
                description = "Microsoft 365: sign in with a certificate instead of a secret: a .pem file holding the "
                        + "certificate and its unencrypted private key, or a .pfx/.p12 file (then its password with "
                        + "--certificate-password-env). Its public part must be uploaded to the app registration.")
        Path certificate;

        @Option(names = "--certificate-password-env", paramLabel = "VAR",
                description = "Microsoft 365: read the password of the .pfx/.p12 file from environment variable VAR.")
        String certificatePasswordEnv;

        boolean any() {
            return tenant != null || clientId != null || cloud != null || maxRequests != null || writePath != null
                    || clientSecretFile != null
                    || clientSecretEnv != null || certificate != null || certificatePasswordEnv != null;
        }
    }

    @ArgGroup(validate = false, heading = "%nConnection:%n", order = 1)
    General general = new General();

    @ArgGroup(validate = false, heading = "%nIMAP server:%n", order = 2)
    Imap imap = new Imap();

    @ArgGroup(validate = false, heading = "%nPassword (never on the command line):%n", order = 3)
    Password password = new Password();

    @ArgGroup(validate = false, order = 4,
            heading = "%nMicrosoft 365 (--kind microsoft-365; secrets never on the command line):%n")
    Microsoft365 m365 = new Microsoft365();

    @ArgGroup(validate = false, order = 5,
            heading = "%nGmail / Google Workspace (--kind gmail; --host and --port only to reach another address):%n")
    GmailOptions gmail = new GmailOptions();

    @ArgGroup(validate = false, order = 6, heading = "%nOn-premises Exchange (--kind exchange; --user, --password-* and "
            + "--trust-cert as above):%n")
    ExchangeOptions exchange = new ExchangeOptions();

    /** A new connection from the options: IMAP, or Microsoft 365 with {@code --kind microsoft-365}. */
    ConnectionRequest toNewRequest(Map<String, String> env) {
        if (general.kind == ConnectionKind.EXCHANGE) {
            if (imap.host != null || imap.port != null || imap.security != null || imap.auth != null
                    || imap.masterSeparator != null || m365.any() || gmail.any()) {
                throw new CliException(2, "An Exchange connection takes --ews-url or --autodiscover, --user, the "
                        + "password options and --trust-cert; IMAP, Microsoft 365 and Gmail options do not apply.");
            }
            return new ConnectionRequest(general.name, general.role, ConnectionKind.EXCHANGE, null, null,
                    exchange.settings(null, imap.user, certificate()), secret(env));
        }
        if (exchange.any()) {
            throw new CliException(2, "Exchange options (--ews-url, --autodiscover, --ews-auth, --delegation, "
                    + "--ews-max-requests) need --kind exchange.");
        }
        if (general.kind == ConnectionKind.MICROSOFT_365) {
            if (imapOptionsGiven() || password.env != null || password.file != null) {
                throw new CliException(2, "IMAP options (--host, --port, --security, --auth, --user, "
                        + "--master-separator, --trust-cert, --password-env, --password-file) do not apply to a "
                        + "Microsoft 365 connection.");
            }
            Credential credential = m365Credential(env);
            GraphSettings settings = new GraphSettings(m365.tenant, m365.clientId, m365.cloud,
                    credential == null ? GraphCredential.CLIENT_SECRET : credential.kind(), m365.maxRequests,
                    m365.writePath);
            return new ConnectionRequest(general.name, general.role, ConnectionKind.MICROSOFT_365, null, settings,
                    null, credential == null ? null : credential.secret());
        }
        if (m365.any()) {
            throw new CliException(2, "Microsoft 365 options (--tenant, --client-id, --cloud, --max-requests, "
                    + "--write-path, --client-secret-*, --certificate*) need --kind microsoft-365.");
        }
        if (general.kind == ConnectionKind.GMAIL) {
            ImapSettings where = imap.host == null ? null : new ImapSettings(imap.host, imap.port == null ? 993
                    : imap.port, imap.security, null, null, null, certificate());
            return new ConnectionRequest(general.name, general.role == null ? ConnectionRole.SOURCE : general.role,
                    ConnectionKind.GMAIL, where, null, null, gmail.secret(secret(env)), gmail.settings(null));
        }
        if (gmail.any()) {
            throw new CliException(2, "Gmail options (--gmail-*, --service-account-key, --labels, --include-*) need "
                    + "--kind gmail.");
        }
        if (general.kind != null && general.kind != ConnectionKind.IMAP) {
            throw new CliException(2, "The command line can add IMAP, Microsoft 365, Gmail and Exchange connections"
                    + " only.");
        }
        ImapSecurity security = imap.security == null ? ImapSecurity.TLS : imap.security;
        ImapSettings settings = new ImapSettings(imap.host, imap.port == null ? security.defaultPort() : imap.port,
                security, imap.auth, imap.user, imap.masterSeparator, certificate());
        return new ConnectionRequest(general.name, general.role, ConnectionKind.IMAP, settings, null, null,
                secret(env));
    }

    /** How a Microsoft 365 app signs in, and the connection secret that carries it. */
    record Credential(GraphCredential kind, Secret secret) {
    }

    /**
     * The credential the Microsoft 365 options give, null when none: the client secret, or the certificate as the
     * connection's secret holds it (GraphSettings): PEM text as is, a PKCS#12 file as "pkcs12:" + Base64 + "\n" +
     * password.
     */
    private Credential m365Credential(Map<String, String> env) {
        int given = (m365.clientSecretFile != null ? 1 : 0) + (m365.clientSecretEnv != null ? 1 : 0)
                + (m365.certificate != null ? 1 : 0);
        if (given > 1) {
            throw new CliException(2, "Give one credential: --client-secret-file, --client-secret-env or "
                    + "--certificate.");
        }
        if (m365.certificatePasswordEnv != null && m365.certificate == null) {
            throw new CliException(2, "--certificate-password-env goes with --certificate FILE.pfx.");
        }
        if (m365.clientSecretEnv != null) {
            String value = env.get(m365.clientSecretEnv);
            if (value == null || value.isBlank()) {
                throw new CliException(2, "The environment variable " + m365.clientSecretEnv + " is not set.");
            }
            return new Credential(GraphCredential.CLIENT_SECRET, new Secret(value.strip()));
        }
        if (m365.clientSecretFile != null) {
            String content = read(m365.clientSecretFile, "client secret file");
            int eol = content.indexOf('\n');
            String value = (eol < 0 ? content : content.substring(0, eol)).strip();
            if (value.isEmpty()) {
                throw new CliException(2, "The client secret file " + m365.clientSecretFile + " is empty.");
            }
            return new Credential(GraphCredential.CLIENT_SECRET, new Secret(value));
        }
        if (m365.certificate != null) {
            return new Credential(GraphCredential.CERTIFICATE, certificateSecret(env));
        }
        return null;
    }

    private Secret certificateSecret(Map<String, String> env) {
        byte[] file = CliFiles.readBytes(m365.certificate, "The certificate file " + m365.certificate);
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.contains("-----BEGIN ")) {
            if (m365.certificatePasswordEnv != null) {
                throw new CliException(2, "--certificate-password-env is for .pfx/.p12 files; the PEM file "
                        + m365.certificate + " must hold an unencrypted private key.");
            }
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw new CliException(2, "The certificate file " + m365.certificate + " holds no certificate.");
            }
            if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
                throw new CliException(2, "The private key in " + m365.certificate + " is encrypted; export it "
                        + "without a password, or give a .pfx/.p12 file with --certificate-password-env.");
            }
            if (!text.contains("PRIVATE KEY-----")) {
                throw new CliException(2, "The certificate file " + m365.certificate + " holds no private key; give "
                        + "the certificate and its key in one PEM file, or a .pfx/.p12 file.");
            }
            return new Secret(text);
        }
        String pfxPassword = "";
        if (m365.certificatePasswordEnv != null) {
            pfxPassword = env.get(m365.certificatePasswordEnv);
            if (pfxPassword == null) {
                throw new CliException(2, "The environment variable " + m365.certificatePasswordEnv + " is not set.");
            }
        }
        return new Secret("pkcs12:" + Base64.getEncoder().encodeToString(file) + "\n" + pfxPassword);
    }

    private boolean imapOptionsGiven() {
        return imap.host != null || imap.port != null || imap.security != null || imap.auth != null
                || imap.user != null || imap.masterSeparator != null || imap.trustCert != null;
    }

    /** {@code existing} with the given options applied; the secret stays as stored unless a password option is given. */
    ConnectionRequest toUpdate(Connection existing, Map<String, String> env) {
        if (general.kind != null && general.kind != existing.kind()) {
            throw new CliException(2, "Connection " + existing.id() + " is a " + existing.kind() + " connection; its "
                    + "kind cannot change (add a new connection instead).");
        }
        if (existing.kind() == ConnectionKind.MICROSOFT_365) {
            return toMicrosoft365Update(existing, env);
        }
        if (m365.any()) {
            throw new CliException(2, "Connection " + existing.id() + " is a " + existing.kind()
                    + " connection; Microsoft 365 options do not apply to it.");
        }
        if (existing.kind() == ConnectionKind.EXCHANGE) {
            return new ConnectionRequest(or(general.name, existing.name()), or(general.role, existing.role()),
                    existing.kind(), null, null, exchange.settings(existing.ews(), imap.user, certificate()),
                    secret(env));
        }
        if (existing.kind() == ConnectionKind.GMAIL) {
            return new ConnectionRequest(or(general.name, existing.name()), existing.role(), existing.kind(),
                    existing.imap(), null, null, gmail.secret(secret(env)), gmail.settings(existing.gmail()));
        }
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

    private ConnectionRequest toMicrosoft365Update(Connection existing, Map<String, String> env) {
        if (imapOptionsGiven() || password.env != null || password.file != null) {
            throw new CliException(2, "Connection " + existing.id() + " is a Microsoft 365 connection; IMAP and "
                    + "password options do not apply to it (use --client-secret-file, --client-secret-env or "
                    + "--certificate).");
        }
        GraphSettings old = existing.graph() == null ? new GraphSettings(null, null) : existing.graph();
        Credential credential = m365Credential(env);
        GraphSettings settings = new GraphSettings(or(m365.tenant, old.tenantId()), or(m365.clientId, old.clientId()),
                or(m365.cloud, old.cloud()), credential == null ? old.credential() : credential.kind(),
                m365.maxRequests != null ? m365.maxRequests : old.maxConcurrentRequests(),
                m365.writePath != null ? m365.writePath : old.writePath());
        return new ConnectionRequest(or(general.name, existing.name()), or(general.role, existing.role()),
                existing.kind(), null, settings, existing.ews(), credential == null ? null : credential.secret());
    }

    private Secret secret(Map<String, String> env) {
        return password.secret(env);
    }

    private String certificate() {
        return imap.trustCert == null ? null : read(imap.trustCert, "certificate file");
    }

    static String read(Path file, String what) {
        return CliFiles.readText(file, "The " + what + " " + file);
    }

    private static <T> T or(T given, T existing) {
        return given != null ? given : existing;
    }

    static final class RoleConverter implements ITypeConverter<ConnectionRole> {
        @Override
        public ConnectionRole convert(String value) {
            return Choices.of(ConnectionRole.class, value, "role");
        }
    }

    static final class KindConverter implements ITypeConverter<ConnectionKind> {
        @Override
        public ConnectionKind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "imap" -> ConnectionKind.IMAP;
                case "microsoft-365", "m365", "office-365" -> ConnectionKind.MICROSOFT_365;
                case "gmail", "google-workspace" -> ConnectionKind.GMAIL;
                case "exchange", "ews", "exchange-server" -> ConnectionKind.EXCHANGE;
                default -> throw Choices.refused(value, "connection kind", "imap", "microsoft-365", "gmail", "exchange");
            };
        }
    }

    static final class SecurityConverter implements ITypeConverter<ImapSecurity> {
        @Override
        public ImapSecurity convert(String value) {
            return Choices.of(ImapSecurity.class, value, "security mode");
        }
    }

    static final class AuthConverter implements ITypeConverter<ImapAuthMode> {
        @Override
        public ImapAuthMode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "password" -> ImapAuthMode.PASSWORD;
                case "master", "master_user", "master-user" -> ImapAuthMode.MASTER_USER;
                default -> throw Choices.refused(value, "sign-in mode", "password", "master");
            };
        }
    }
}
