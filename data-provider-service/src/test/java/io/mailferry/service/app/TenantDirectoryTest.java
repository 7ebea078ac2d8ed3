package io.mailferry.service.app;

import static io.mailferry.service.testing.FakeTenantProvider.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.Messages;
import io.mailferry.service.testing.FakeTenantProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's directory (the "tenant" connection of the fixture, a fake Microsoft 365 tenant) read through the
 * connection service, and the check of typed target addresses against it when a job is created or started.
 */
class TenantDirectoryTest {
    private static final String NOT_IN_TENANT = " is not in the Microsoft 365 tenant's directory.";

    @TempDir
    Path dir;
    final FakeTenantProvider tenant = new FakeTenantProvider(user("zoe@new"),
            new DirectoryMailbox("Sales@new", "Sales", "shared"), user("anna@new"), user("bob@new"));
    RunnerFixture f;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir, tenant);
        tenant.opensWith(f.new FakeProvider()); // the tenant's mailboxes are the fixture's fake servers
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void directoryShouldListTheTenantsMailboxesByAddressReadWithTheStoredSecret() {
        List<DirectoryMailbox> mailboxes = f.connectionService.directory("tenant");

        assertThat(mailboxes).extracting(DirectoryMailbox::address)
                .containsExactly("anna@new", "bob@new", "Sales@new", "zoe@new");
        assertThat(mailboxes).contains(new DirectoryMailbox("Sales@new", "Sales", "shared"));
        assertThat(tenant.secretsRead).containsExactly(new Secret("client-secret"));
    }

    @Test
    void directoryOfAnImapConnectionShouldSayToPasteOrImportTheAddresses() {
        assertThatThrownBy(() -> f.connectionService.directory("tgt")).isInstanceOfSatisfying(AppException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(AppException.Kind.UNPROCESSABLE);
                    assertThat(e.code()).isEqualTo("connection_without_directory");
                    assertThat(e.getMessage()).isEqualTo("An IMAP connection has no directory: paste or import the "
                            + "mailbox addresses.");
                });
    }

    @Test
    void directoryShouldFailWithTheTenantsOwnSentenceWhenTheAppMayNotReadIt() {
        tenant.refuseReading();

        assertThatThrownBy(() -> f.connectionService.directory("tenant")).isInstanceOfSatisfying(AppException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(AppException.Kind.UPSTREAM);
                    assertThat(e.code()).isEqualTo("directory_failed");
                    assertThat(e.getMessage()).isEqualTo(FakeTenantProvider.NO_PERMISSION);
                });
    }

    @Test
    void directoryOfAConnectionThatDoesNotExistShouldBeNotFound() {
        assertThatThrownBy(() -> f.connectionService.directory("nope")).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("connection_not_found"));
    }

    @Test
    void directoryOfAKindThisBuildCannotReadShouldSaySo() {
        ConnectionService withoutTenant = new ConnectionService(f.connections, List.of(), f.clock);

        assertThatThrownBy(() -> withoutTenant.directory("tenant")).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.code()).isEqualTo("connection_unsupported");
            assertThat(e.getMessage()).isEqualTo("Reading the directory of a Microsoft 365 connection is not "
                    + "supported by this build yet.");
        });
    }

    @Test
    void createShouldRefuseEveryTargetNotInTheTenantsDirectoryOneSentenceEach() {
        JobRequest request = request(pair("anna", "ANNA@New"), pair("bob", "bobb@new"), pair("carl", "carl@new"),
                pair("dora", "carl@NEW"));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.kind()).isEqualTo(AppException.Kind.UNPROCESSABLE);
            assertThat(e.code()).isEqualTo("target_not_in_directory");
            assertThat(e.problems()).containsExactly("Target mailbox bobb@new" + NOT_IN_TENANT,
                    "Target mailbox carl@new" + NOT_IN_TENANT);
        });
        assertThat(f.jobs.list()).isEmpty();
    }

    @Test
    void createShouldAcceptTargetsInTheDirectoryWhateverTheirCase() {
        Job job = f.jobs.create(request(pair("anna", "ANNA@New"), pair("sales", "sales@new")));

        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::targetMailbox)
                .containsExactly("ANNA@New", "sales@new");
    }

    @Test
    void startShouldRefuseATargetThatLeftTheDirectoryAndStartNothing() throws Exception {
        seed("anna@old", "bob@old");
        Job job = f.jobs.create(request(pair("anna", "anna@new"), pair("bob", "bob@new")));
        tenant.list(user("bob@new"));

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.FULL, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> {
                    assertThat(e.code()).isEqualTo("target_not_in_directory");
                    assertThat(e.getMessage()).isEqualTo("Target mailbox anna@new" + NOT_IN_TENANT);
                });
        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.DELTA, List.of()))
                .isInstanceOf(AppException.class);
        assertThat(f.runner.isRunning(job.id())).isFalse();
        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.NEW);
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::state)
                .containsOnly(MailboxState.NEW);

        String bob = f.jobs.pairs(job.id()).get(1).id();
        f.runner.start(job.id(), RunKind.FULL, List.of(bob)); // only the selected pair is checked
        f.awaitIdle(job.id());
        assertThat(f.jobs.pair(job.id(), bob).state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.server("bob@new").messages("INBOX")).hasSize(1);
    }

    @Test
    void aDirectoryThatCannotBeReadShouldNotBlockAndThePassShouldRun() throws Exception {
        seed("anna@old");
        tenant.refuseReading();

        Job job = f.jobs.create(request(pair("anna", "someone-typed@new")));
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void aJobWithAnImapTargetShouldNotReadAnyDirectory() throws Exception {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThat(f.jobs.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(tenant.secretsRead).isEmpty();
    }

    private void seed(String... mailboxes) {
        for (String m : mailboxes) {
            f.server(m).add("INBOX", Messages.message("Hello " + m, "<" + m + ">"));
        }
    }

    private static MailboxPairRequest pair(String sourceName, String target) {
        return MailboxPairRequest.of(sourceName + "@old", target);
    }

    private static JobRequest request(MailboxPairRequest... pairs) {
        return new JobRequest("To the tenant", "src", "tenant", JobOptions.defaults(), Arrays.asList(pairs));
    }
}
