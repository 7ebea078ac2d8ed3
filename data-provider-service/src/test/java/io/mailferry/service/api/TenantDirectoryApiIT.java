package io.mailferry.service.api;

import static io.mailferry.service.testing.FakeTenantProvider.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.FakeTenantProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/connections/{id}/directory} and the target check of job create/start through the API of the real
 * service (port 0), with a fake Microsoft 365 tenant as the provider of that kind.
 */
class TenantDirectoryApiIT {
    private static final String CLIENT_SECRET = "Tenant-Secret-4711";

    @TempDir
    Path dataDir;
    final FakeTenantProvider tenant = new FakeTenantProvider(user("zoe@contoso.example"),
            new DirectoryMailbox("sales@contoso.example", "Sales", "shared"), user("anna@contoso.example"));
    RunningService service;
    ApiClient api;

    @BeforeEach
    void start() {
        List<MailboxAccessProvider> providers = new ArrayList<>(ServiceMain.defaultProviders().stream()
                .filter(p -> p.kind() != ConnectionKind.MICROSOFT_365).toList());
        providers.add(tenant);
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, List.of(), false, providers));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void directoryShouldAnswerTheTenantsMailboxesByAddressWithoutTheSecret() {
        String id = tenantConnection("Contoso", ConnectionRole.TARGET);

        Answer answer = api.get("/api/v1/connections/" + id + "/directory");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.as(DirectoryMailbox[].class)).containsExactly(
                new DirectoryMailbox("anna@contoso.example", "anna", "user"),
                new DirectoryMailbox("sales@contoso.example", "Sales", "shared"),
                new DirectoryMailbox("zoe@contoso.example", "zoe", "user"));
        assertThat(answer.body()).doesNotContain(CLIENT_SECRET);
        assertThat(tenant.secretsRead).containsExactly(new Secret(CLIENT_SECRET));
    }

    @Test
    void directoryOfAnImapConnectionShouldBeRefusedWithThePlainSentence() {
        String id = imapConnection();

        Answer answer = api.get("/api/v1/connections/" + id + "/directory");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo("connection_without_directory");
        assertThat(answer.json().get("detail").asText())
                .isEqualTo("An IMAP connection has no directory: paste or import the mailbox addresses.");
    }

    @Test
    void directoryTheTenantRefusesShouldBeABadGatewayNamingThePermission() {
        String id = tenantConnection("Contoso", ConnectionRole.TARGET);
        tenant.refuseReading();

        Answer answer = api.get("/api/v1/connections/" + id + "/directory");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("code").asText()).isEqualTo("directory_failed");
        assertThat(answer.json().get("detail").asText()).isEqualTo(FakeTenantProvider.NO_PERMISSION);
    }

    @Test
    void directoryOfAnUnknownConnectionShouldBeNotFound() {
        Answer answer = api.get("/api/v1/connections/nope/directory");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("code").asText()).isEqualTo("connection_not_found");
    }

    @Test
    void createAndStartShouldRefuseATargetThatIsNotInTheTenant() {
        String source = imapConnection();
        String target = tenantConnection("Contoso", ConnectionRole.TARGET);

        Answer refused = api.send("POST", "/api/v1/jobs", new JobRequest("Typo", source, target, null,
                List.of(MailboxPairRequest.of("anna@old.example", "Anna@Contoso.example"),
                        MailboxPairRequest.of("bob@old.example", "bob@contoso.example"))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("target_not_in_directory");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("Target mailbox bob@contoso.example is not in the Microsoft 365 tenant's directory.");
        assertThat(api.get("/api/v1/jobs").as(Job[].class)).isEmpty();

        Answer created = api.send("POST", "/api/v1/jobs", new JobRequest("Good", source, target, null,
                List.of(MailboxPairRequest.of("anna@old.example", "Anna@Contoso.example"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String job = created.as(Job.class).id();
        Answer added = api.send("POST", "/api/v1/jobs/" + job + "/pairs",
                List.of(MailboxPairRequest.of("carl@old.example", "carl@contoso.example")));
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        Answer notStarted = api.send("POST", "/api/v1/jobs/" + job + "/start", null);

        assertThat(notStarted.status()).as(notStarted.body()).isEqualTo(422);
        assertThat(notStarted.json().get("detail").asText())
                .isEqualTo("Target mailbox carl@contoso.example is not in the Microsoft 365 tenant's directory.");
        assertThat(api.get("/api/v1/jobs/" + job).json().get("state").asText()).isEqualTo("NEW");
    }

    @Test
    void aTenantThatRefusesTheDirectoryShouldNotBlockAndThePassShouldReportTheSignIn() throws Exception {
        String source = tenantConnection("Old tenant", ConnectionRole.SOURCE);
        String target = tenantConnection("New tenant", ConnectionRole.TARGET);
        tenant.refuseReading();
        Answer created = api.send("POST", "/api/v1/jobs", new JobRequest("Blind", source, target, null,
                List.of(MailboxPairRequest.of("anna@fabrikam.example", "typo@contoso.example"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String job = created.as(Job.class).id();

        Answer started = api.send("POST", "/api/v1/jobs/" + job + "/start", null);

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(awaitEnd(job)).isEqualTo("FAILED");
        MailboxPair pair = api.get("/api/v1/jobs/" + job + "/pairs").as(MailboxPair[].class)[0];
        assertThat(pair.error()).contains(FakeTenantProvider.SIGN_IN_REFUSED);
    }

    private String tenantConnection(String name, ConnectionRole role) {
        Answer created = api.send("POST", "/api/v1/connections", new ConnectionRequest(name, role,
                ConnectionKind.MICROSOFT_365, null, new GraphSettings("contoso.onmicrosoft.com", "client-id"), null,
                new Secret(CLIENT_SECRET)));
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

    /** The job's state once its pass ended. */
    private String awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/v1/jobs/" + jobId).json();
            String state = job.get("state").asText();
            if (!List.of("QUEUED", "RUNNING", "STOPPING").contains(state)) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not end within 30 s");
    }
}
