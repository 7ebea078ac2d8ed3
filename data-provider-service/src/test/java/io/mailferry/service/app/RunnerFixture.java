package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.store.ConnectionStore;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.JobStore;
import io.mailferry.service.store.LicenseStore;
import io.mailferry.service.store.PairStore;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.store.SettingStore;
import io.mailferry.service.store.SqliteLedger;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job service and runner over a real SQLite file, with fake mail servers: one source and one target server per
 * mailbox, picked by the login's mailbox name.
 */
final class RunnerFixture implements AutoCloseable {
    final Map<String, FakeMailServer> servers = new ConcurrentHashMap<>();
    final Database db;
    final ConnectionStore connections;
    final JobStore jobStore;
    final PairStore pairStore;
    final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
    /** Licensed by a key of this test run; {@code license.remove()} puts the fixture on the trial. */
    final LicenseService license;
    final JobRunner runner;
    final JobService jobs;
    final ConnectionService connectionService;

    /** @param more providers of other kinds next to the fake IMAP one (a fake tenant for the "tenant" connection) */
    RunnerFixture(Path dir, MailboxAccessProvider... more) {
        db = Database.open(dir.resolve("mailferry.db"));
        SecretCipher cipher = SecretCipher.fromKeyFile(dir.resolve("secret.key"));
        connections = new ConnectionStore(db, cipher);
        jobStore = new JobStore(db);
        pairStore = new PairStore(db, cipher);
        EngineSettings settings = EngineSettings.defaults().withSleeper(d -> { }).withBatches(5, 2)
                .withProgressInterval(Duration.ZERO); // every change reaches the live view at once
        List<MailboxAccessProvider> providers = new ArrayList<>(List.of(new FakeProvider()));
        providers.addAll(Arrays.asList(more));
        license = new LicenseService(new SettingStore(db), new LicenseStore(db),
                TestLicenses.ofThisRun().verifier(), clock);
        if (new LicenseStore(db).key().isEmpty()) {
            license.install(TestLicenses.ofThisRun().issue(TestLicenses.LICENSEE, TestLicenses.SEATS,
                    clock.instant().plus(Duration.ofDays(3650))));
        }
        runner = new JobRunner(jobStore, pairStore, connections, providers, license,
                new MigrationEngine(new SqliteLedger(db), new InMemoryCheckpoints(), settings), clock);
        jobs = new JobService(jobStore, pairStore, connections, runner, clock);
        connectionService = new ConnectionService(connections, List.of(), runner.directories(), clock);
        if (connections.find("src").isEmpty()) {
            connections.insert(connection("src", ConnectionRole.SOURCE), new Secret("pw"));
            connections.insert(connection("tgt", ConnectionRole.TARGET), new Secret("pw"));
            connections.insert(tenant("tenant", ConnectionRole.TARGET), new Secret("client-secret"));
        }
    }

    /** The fake server of a mailbox ("anna@old" is a source, "anna@new" a target), created on first use. */
    FakeMailServer server(String mailbox) {
        return servers.computeIfAbsent(mailbox,
                m -> m.endsWith("@old") ? FakeMailServer.source() : FakeMailServer.target());
    }

    /** A job pairing {@code name@old} with {@code name@new} for each name, each source seeded with {@code n} messages. */
    Job job(JobOptions options, int n, String... names) {
        for (String name : names) {
            for (int i = 0; i < n; i++) {
                server(name + "@old").add("INBOX", io.mailferry.service.engine.fake.Messages.message(
                        name + " " + i, "<" + name + i + "@x>"));
            }
            server(name + "@new");
        }
        return jobs.create(new JobRequest("Job", "src", "tgt", options, Arrays.stream(names)
                .map(s -> MailboxPairRequest.of(s + "@old", s + "@new")).toList()));
    }

    void awaitIdle(String jobId) throws InterruptedException {
        if (!runner.awaitIdle(jobId, Duration.ofSeconds(20))) {
            throw new AssertionError("job " + jobId + " still running after 20 s");
        }
    }

    static Connection connection(String id, ConnectionRole role) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new Connection(id, id, role, ConnectionKind.IMAP,
                new ImapSettings("127.0.0.1", 143, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null),
                null, null, false, t, t, null);
    }

    /** A Microsoft 365 connection (its provider, when a test gives one, is a fake tenant). */
    static Connection tenant(String id, ConnectionRole role) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new Connection(id, id, role, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings("contoso.onmicrosoft.com", "client-id"), null, false, t, t, null);
    }

    @Override
    public void close() {
        runner.close();
        db.close();
    }

    final class FakeProvider implements MailboxAccessProvider {
        @Override
        public ConnectionKind kind() {
            return ConnectionKind.IMAP;
        }

        @Override
        public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
            return new MailboxAccess() {
                @Override
                public SourceMailbox openSource(Login login) throws MailboxException {
                    return new FakeAccess(server(login.mailbox())).openSource(login);
                }

                @Override
                public TargetMailbox openTarget(Login login) throws MailboxException {
                    return new FakeAccess(server(login.mailbox())).openTarget(login);
                }

                @Override
                public String describe() {
                    return role.name().toLowerCase() + " fake server";
                }
            };
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
