package io.mailferry.service.cli;

import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.api.Alert;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code mailferry alerts ...}: the alerts the running service raised, where it mails them (SMTP server, sender,
 * recipients, period), when its rules fire, and a test mail.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Alerts of the running service and how they are mailed.",
                "Set up mail with: alerts smtp --host H --from A --to B [--user U --password-env VAR]; then: alerts test"},
        subcommands = {AlertsCommand.ListCommand.class, AlertsCommand.ShowCommand.class, AlertsCommand.Smtp.class,
                AlertsCommand.Rules.class, AlertsCommand.Test.class, AlertsCommand.Check.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the request, or the test mail failed",
                "2:invalid command line", "3:the service is not running or does not answer"})
final class AlertsCommand {
    static final String SETTINGS = "/api/v1/settings/alerts";
    private static final TextTable<Alert> ALERTS = new TextTable<>("%-18s  %-20s  %-20s  %s%n",
            List.of("KIND", "SINCE", "CLEARED", "MESSAGE"),
            a -> Arrays.asList(a.kind(), TextTable.instant(a.firstSeen() != null ? a.firstSeen() : a.at()),
                    a.clearedAt() == null ? "-" : TextTable.instant(a.clearedAt()), a.message()));

    private AlertsCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the alerts open now (with --all also the cleared ones, newest first).")
    static final class ListCommand extends ServiceCommand {
        @Option(names = "--all", description = "Include cleared alerts (the last 100).")
        boolean all;

        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            List<Alert> alerts = List.of(client.send("GET", all ? "/api/v1/alerts/history" : "/api/v1/alerts", null,
                    Alert[].class));
            printList(client, json, alerts, ALERTS, "No alerts.");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the alert settings (the SMTP password is never shown, only whether one is stored).")
    static final class ShowCommand extends ServiceCommand {
        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            AlertSettings s = client.send("GET", SETTINGS, null, AlertSettings.class);
            if (json) {
                printJson(client, s);
                return 0;
            }
            print(out(), s);
            return 0;
        }
    }

    @Command(name = "smtp", mixinStandardHelpOptions = true,
            description = {"Set where alert mails go; only the options given change.",
                    "The certificate is always verified (add --trust-cert for a self-signed server)."})
    static final class Smtp extends ServiceCommand {
        @Option(names = "--host", paramLabel = "HOST", description = "SMTP server.")
        String host;

        @Option(names = "--port", paramLabel = "PORT",
                description = "Port (default: 587 for starttls, 465 for tls, 25 for none).")
        Integer port;

        @Option(names = "--security", paramLabel = "starttls|tls|none", converter = SecurityConverter.class,
                description = "starttls (default, required: never falls back to plain text), tls (implicit TLS) or "
                        + "none (trusted networks only).")
        SmtpSecurity security;

        @Option(names = "--user", paramLabel = "USER", description = "SMTP login (empty: no login).")
        String user;

        @ArgGroup(validate = false, heading = "%nPassword (never on the command line):%n")
        ConnectionOptions.Password password = new ConnectionOptions.Password();

        @Option(names = "--no-password", description = "Remove the stored password.")
        boolean noPassword;

        @Option(names = "--trust-cert", paramLabel = "PEMFILE",
                description = "PEM certificate to trust for this server (e.g. a self-signed one).")
        Path trustCert;

        @Option(names = "--from", paramLabel = "ADDRESS", description = "Sender address.")
        String from;

        @Option(names = "--to", paramLabel = "ADDRESS", split = ",",
                description = "Recipient (repeatable or comma-separated); replaces the stored recipients.")
        List<String> to;

        @Option(names = "--period", paramLabel = "MINUTES",
                description = "At most one mail per alert in this many minutes (default 60).")
        Integer period;

        @Option(names = "--off", description = "Stop mailing alerts (they still show on the dashboard).")
        boolean off;

        @Override
        public Integer call() {
            Secret secret = password.secret(System.getenv());
            if (noPassword && secret != null) {
                throw new CliException(2, "Give a password or --no-password, not both.");
            }
            ServiceClient client = client();
            AlertSettings s = client.send("GET", SETTINGS, null, AlertSettings.class);
            SmtpSecurity mode = security != null ? security : s.security();
            int newPort = port != null ? port : security != null && security != s.security() ? 0 : s.port();
            String pem = trustCert == null ? s.trustedCertificatePem()
                    : ConnectionOptions.read(trustCert, "certificate file");
            AlertSettingsRequest request = new AlertSettingsRequest(off ? null : or(host, s.host()), newPort, mode,
                    or(user, s.user()), noPassword ? new Secret("") : secret, pem, or(from, s.from()),
                    to != null ? to : s.recipients(), period != null ? period : s.periodMinutes(),
                    s.stalledAfterMinutes(), s.diskFreeMegabytes(), s.licenseDaysBefore());
            print(out(), client.send("PUT", SETTINGS, request, AlertSettings.class));
            return 0;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = "Set when the alert rules fire; only the options given change.")
    static final class Rules extends ServiceCommand {
        @Option(names = "--stalled-after", paramLabel = "MINUTES",
                description = "A running mailbox without progress for this long is stalled (default 30).")
        Integer stalledAfter;

        @Option(names = "--disk-free-mb", paramLabel = "MB",
                description = "Alert when the data directory's disk has less free space (default 1024).")
        Long diskFree;

        @Option(names = "--license-days", paramLabel = "DAYS",
                description = "Alert this many days before the license runs out (default 7).")
        Integer licenseDays;

        @Override
        public Integer call() {
            ServiceClient client = client();
            AlertSettings s = client.send("GET", SETTINGS, null, AlertSettings.class);
            AlertSettingsRequest request = new AlertSettingsRequest(s.host(), s.port(), s.security(), s.user(), null,
                    s.trustedCertificatePem(), s.from(), s.recipients(), s.periodMinutes(),
                    stalledAfter != null ? stalledAfter : s.stalledAfterMinutes(),
                    diskFree != null ? diskFree : s.diskFreeMegabytes(),
                    licenseDays != null ? licenseDays : s.licenseDaysBefore());
            print(out(), client.send("PUT", SETTINGS, request, AlertSettings.class));
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test mail with the stored settings and say how it went.")
    static final class Test extends ServiceCommand {
        @Override
        public Integer call() {
            ConnectionTestResult r = client().send("POST", SETTINGS + "/test", null, ConnectionTestResult.class);
            if (!r.ok()) {
                throw new CliException(ServiceClient.FAILED, "Test mail failed: " + r.message());
            }
            out().println(r.message());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the alert rules now (the service does every minute) and list the open alerts.")
    static final class Check extends ServiceCommand {
        @Override
        public Integer call() {
            ALERTS.print(out(), List.of(client().send("POST", "/api/v1/alerts/check", null, Alert[].class)),
                    "No alerts.");
            return 0;
        }
    }

    static void print(PrintWriter out, AlertSettings s) {
        out.println(s.mailConfigured() ? "Alerts are mailed to " + String.join(", ", s.recipients()) + "."
                : "Alerts are not mailed (set up with: mailferry alerts smtp --help).");
        out.println("server:        " + (s.host() == null ? "-" : s.host() + ":" + s.port() + " ("
                + s.security().name().toLowerCase(Locale.ROOT) + ")"));
        out.println("login:         " + (s.user() == null || s.user().isEmpty() ? "-" : s.user()
                + (s.hasPassword() ? " (password stored)" : " (no password)")));
        out.println("trusted cert:  " + (s.trustedCertificatePem() == null ? "no" : "yes"));
        out.println("from:          " + (s.from() == null ? "-" : s.from()));
        out.println("period:        at most one mail per alert every " + s.periodMinutes() + " min");
        out.println("stalled after: " + s.stalledAfterMinutes() + " min without progress");
        out.println("disk free:     alert below " + s.diskFreeMegabytes() + " MB");
        out.println("license:       alert " + s.licenseDaysBefore() + " days before it runs out");
    }

    private static <T> T or(T given, T existing) {
        return given != null ? given : existing;
    }

    static final class SecurityConverter implements ITypeConverter<SmtpSecurity> {
        @Override
        public SmtpSecurity convert(String value) {
            try {
                return SmtpSecurity.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is no security mode; use starttls, tls or none.");
            }
        }
    }
}
