package io.mailferry.service.cli;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapSettings;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailferry connections ...}: define and test connections through the running service's API. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "List, show, add, update, remove and test connections of the running service.",
        subcommands = {ConnectionsCommand.ListCommand.class, ConnectionsCommand.ShowCommand.class,
                ConnectionDirectoryCommand.class,
                ConnectionsCommand.AddCommand.class, ConnectionsCommand.UpdateCommand.class,
                ConnectionsCommand.RemoveCommand.class, ConnectionsCommand.TestCommand.class})
final class ConnectionsCommand {
    private static final String BASE = "/api/v1/connections";
    private static final TextTable<Connection> TABLE = new TextTable<>("%-36s  %-6s  %-13s  %-24s  %-30s  %s%n",
            List.of("ID", "ROLE", "KIND", "NAME", "SERVER", "LAST TEST"),
            c -> Arrays.asList(c.id(), c.role(), c.kind(), c.name(), server(c), lastTest(c.lastTest())));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the defined connections.")
    static final class ListCommand extends ServiceCommand {
        @Option(names = "--json", description = "Print the service's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            printList(client, json, List.of(client.send("GET", BASE, null, Connection[].class)), TABLE,
                    "No connections yet. Add one with: mailferry connections add --help");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one connection (never its secret).")
    static final class ShowCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Connection id (see connections list).")
        String id;

        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            Connection c = client.send("GET", BASE + "/" + segment(id, "connection"), null, Connection.class);
            if (json) {
                printJson(client, c);
                return 0;
            }
            PrintWriter out = out();
            out.println("id:          " + c.id());
            out.println("name:        " + c.name());
            out.println("role:        " + c.role());
            out.println("kind:        " + c.kind());
            if (c.ews() != null) {
                out.println("exchange:    " + ExchangeOptions.describe(c.ews()));
            }
            if (c.gmail() != null) {
                out.println("gmail:       " + GmailOptions.describe(c));
            }
            if (c.imap() != null) {
                ImapSettings s = c.imap();
                out.println("server:      " + s.host() + ":" + s.port() + " (" + s.security() + ")");
                out.println("auth:        " + s.authMode() + (s.user() == null ? "" : " as " + s.user())
                        + (s.authMode() == io.mailferry.model.connection.ImapAuthMode.MASTER_USER
                        ? " (separator " + s.masterSeparator() + ")" : ""));
                out.println("trust cert:  " + (s.trustedCertificatePem() == null ? "no (Java trust store)" : "yes"));
            } else if (c.graph() != null) {
                GraphSettings g = c.graph();
                out.println("tenant:      " + g.tenantId());
                out.println("client id:   " + g.clientId());
                out.println("cloud:       " + (g.cloud() == null || g.cloud().isBlank() ? "global" : g.cloud()));
                out.println("sign-in:     " + (g.credential() == GraphCredential.CERTIFICATE ? "certificate"
                        : "client secret"));
                if (c.role() == ConnectionRole.TARGET) {
                    out.println("write path:  " + (g.writesThroughGraph() ? "graph (lossy, ADR 0010)" : "imap"));
                }
            } else {
                out.println("settings:    " + c.ews());
            }
            out.println((c.graph() != null ? "credential:  " : "password:    ")
                    + (c.hasSecret() ? "stored (encrypted)" : "none"));
            out.println("created:     " + c.createdAt());
            out.println("updated:     " + c.updatedAt());
            out.println("last test:   " + lastTest(c.lastTest()));
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add an IMAP, Microsoft 365, Gmail or on-premises Exchange connection.",
                    "Example: MF_PW=... mailferry connections add --name 'Old server' --role source "
                            + "--host imap.example.com --auth master --user admin --password-env MF_PW",
                    "Example: mailferry connections add --name 'Contoso 365' --role target --kind microsoft-365 "
                            + "--tenant contoso.onmicrosoft.com --client-id 535fb089-9ff3-47b6-9bfb-4f1264799865 "
                            + "--certificate mailferry.pem",
                    "Example: mailferry connections add --name 'Workspace' --kind gmail --gmail-user anna@example.com "
                            + "--service-account-key mailferry-sa.json --labels one-folder",
                    "Example: MF_PW=... mailferry connections add --name 'Exchange 2019' --role source --kind exchange "
                            + "--ews-url https://mail.example.com/EWS/Exchange.asmx --user svc-migration@example.com "
                            + "--password-env MF_PW"})
    static final class AddCommand extends ServiceCommand {
        @Mixin
        ConnectionOptions options;

        @Override
        public Integer call() {
            ServiceClient client = client();
            Connection c = client.send("POST", BASE, options.toNewRequest(System.getenv()), Connection.class);
            out().println("Added connection " + c.id() + " (" + c.name() + ").");
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Change a connection; options not given keep their value (the password or Microsoft 365 "
                    + "credential too).")
    static final class UpdateCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Connection id.")
        String id;

        @Mixin
        ConnectionOptions options;

        @Override
        public Integer call() {
            ServiceClient client = client();
            Connection existing = client.send("GET", BASE + "/" + segment(id, "connection"), null, Connection.class);
            ConnectionRequest request = options.toUpdate(existing, System.getenv());
            Connection c = client.send("PUT", BASE + "/" + segment(id, "connection"), request, Connection.class);
            out().println("Updated connection " + c.id() + " (" + c.name() + ").");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a connection.")
    static final class RemoveCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Connection id.")
        String id;

        @Override
        public Integer call() {
            client().send("DELETE", BASE + "/" + segment(id, "connection"), null, Void.class);
            out().println("Removed connection " + id + ".");
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Connect and log in with a stored connection; exit code 1 when it fails.",
                    "The result is also kept as the connection's last test."})
    static final class TestCommand extends ServiceCommand {
        @Parameters(paramLabel = "ID", description = "Connection id.")
        String id;

        @Option(names = "--json", description = "Print the service's JSON.")
        boolean json;

        @Override
        public Integer call() {
            ServiceClient client = client();
            ConnectionTestResult result = client.send("POST", BASE + "/" + segment(id, "connection") + "/test", null,
                    ConnectionTestResult.class);
            if (json) {
                printJson(client, result);
            } else {
                out().println(lastTest(result));
                if (result.ok() && result.details() != null) {
                    out().println(result.details());
                }
            }
            return result.ok() ? 0 : ServiceClient.FAILED;
        }
    }

    private static String server(Connection c) {
        if (c.gmail() != null && c.imap() == null) {
            return "imap.gmail.com:993";
        }
        if (c.imap() != null) {
            return c.imap().host() + ":" + c.imap().port();
        }
        if (c.graph() != null) {
            return "tenant " + c.graph().tenantId();
        }
        return c.ews() == null ? "" : c.ews().autodiscover() ? "autodiscover " + c.ews().autodiscoverAddress()
                : c.ews().url();
    }

    private static String lastTest(ConnectionTestResult t) {
        if (t == null) {
            return "never";
        }
        return (t.ok() ? "OK" : "FAILED (" + t.failure() + ")") + ": " + t.message();
    }
}
