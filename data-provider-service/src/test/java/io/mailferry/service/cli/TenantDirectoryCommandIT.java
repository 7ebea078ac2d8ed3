package io.mailferry.service.cli;

import static io.mailferry.service.testing.FakeTenantProvider.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.FakeTenantProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailferry connections directory}, {@code jobs match --targets-from-connection} and the job's target check
 * against the real service on a free port, with a fake Microsoft 365 tenant as the provider of that kind.
 */
class TenantDirectoryCommandIT {
    @TempDir
    Path dir;
    final FakeTenantProvider tenant = new FakeTenantProvider(user("anna@contoso.example"),
            new DirectoryMailbox("bob@contoso.example", "Berg, Bob", "user"),
            new DirectoryMailbox("sales@contoso.example", "Sales", "shared"));
    RunningService service;
    ApiClient api;

    @BeforeEach
    void start() {
        List<MailboxAccessProvider> providers = new ArrayList<>(ServiceMain.defaultProviders().stream()
                .filter(p -> p.kind() != ConnectionKind.MICROSOFT_365).toList());
        providers.add(tenant);
        service = ServiceMain.start(new ServiceConfig(dir.resolve("data"), 0, List.of(), false, providers));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void directoryShouldPrintTheTenantsMailboxesAsATableOrCsv() {
        String id = tenantConnection(ConnectionRole.TARGET);

        CliRun table = cli("connections", "directory", id);
        CliRun csv = cli("connections", "directory", id, "--csv");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).hasSize(4);
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ADDRESS")
                .contains("DISPLAY NAME", "KIND");
        assertThat(table.out()).contains("anna@contoso.example", "Berg, Bob", "sales@contoso.example", "shared");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        assertThat(csv.out()).isEqualTo("Address,DisplayName,Kind\r\n" + "anna@contoso.example,anna,user\r\n"
                + "bob@contoso.example,\"Berg, Bob\",user\r\n" + "sales@contoso.example,Sales,shared\r\n");
    }

    @Test
    void directoryShouldExitOneWithTheReasonForAnImapConnectionOrARefusingTenant() {
        String imap = imapConnection();
        String target = tenantConnection(ConnectionRole.TARGET);

        CliRun none = cli("connections", "directory", imap);
        tenant.refuseReading();
        CliRun refused = cli("connections", "directory", target, "--csv");

        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err().strip())
                .isEqualTo("An IMAP connection has no directory: paste or import the mailbox addresses.");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo(FakeTenantProvider.NO_PERMISSION);
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void matchShouldTakeTheTargetsFromTheTenantsDirectory() throws Exception {
        String target = tenantConnection(ConnectionRole.TARGET);
        Path sources = Files.writeString(dir.resolve("sources.txt"),
                String.join("\n", "anna@old.example", "bob@old.example", "carl@old.example"));

        CliRun matched = cli("jobs", "match", "--sources", sources.toString(), "--targets-from-connection", target);

        assertThat(matched.exitCode()).as(matched.toString()).isEqualTo(1);
        assertThat(matched.out()).isEqualTo("SourceMailbox,TargetMailbox\r\n"
                + "anna@old.example,anna@contoso.example\r\n" + "bob@old.example,bob@contoso.example\r\n");
        assertThat(matched.err()).contains("Matched 2 of 3 source mailboxes (2 by same local part).",
                "Not matched (no target, or more than one fits): carl@old.example");

        String source = tenantConnection(ConnectionRole.SOURCE);
        CliRun same = cli("jobs", "match", "--sources-from-connection", source, "--targets-from-connection", target);
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).contains("sales@contoso.example,sales@contoso.example\r\n");

        CliRun fromImap = cli("jobs", "match", "--sources", sources.toString(), "--targets-from-connection",
                imapConnection());
        assertThat(fromImap.exitCode()).isEqualTo(1);
        assertThat(fromImap.err()).contains("--targets-from-connection", "An IMAP connection has no directory");
    }

    @Test
    void jobsCreateAndStartShouldRefuseATargetThatIsNotInTheTenant() {
        String source = imapConnection();
        String target = tenantConnection(ConnectionRole.TARGET);

        CliRun refused = cli("jobs", "create", "--name", "Typo", "--source", source, "--target", target, "--pair",
                "anna@old.example=anna@contoso.example", "--pair", "bob@old.example=bobb@contoso.example");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains(
                "Target mailbox bobb@contoso.example is not in the Microsoft 365 tenant's directory.");
        assertThat(cli("jobs", "list").out()).doesNotContain("Typo");

        CliRun created = cli("jobs", "create", "--name", "Good", "--source", source, "--target", target, "--pair",
                "anna@old.example=anna@contoso.example");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String job = created.out().substring(created.out().indexOf("Created job ") + 12).split("\\s+")[0];
        tenant.list(FakeTenantProvider.user("bob@contoso.example"));

        CliRun notStarted = cli("jobs", "start", job);
        assertThat(notStarted.exitCode()).as(notStarted.toString()).isEqualTo(1);
        assertThat(notStarted.err()).contains(
                "Target mailbox anna@contoso.example is not in the Microsoft 365 tenant's directory.");
    }

    private String tenantConnection(ConnectionRole role) {
        Answer created = api.send("POST", "/api/v1/connections", new ConnectionRequest("Contoso " + role, role,
                ConnectionKind.MICROSOFT_365, null, new GraphSettings("contoso.onmicrosoft.com", "client-id"), null,
                new Secret("Tenant-Secret")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.as(Connection.class).id();
    }

    private String imapConnection() {
        Answer created = api.send("POST", "/api/v1/connections", new ConnectionRequest("Old", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, new ImapSettings("127.0.0.1", 1, ImapSecurity.NONE, ImapAuthMode.MASTER_USER,
                        "admin", null, null), null, null, new Secret("pw")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.as(Connection.class).id();
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.resolve("data").toString());
        return CliRun.of(all.toArray(String[]::new));
    }
}
