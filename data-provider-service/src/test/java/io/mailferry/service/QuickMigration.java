package io.mailferry.service;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code mailferry migrate} does for one mailbox, in this JVM, for the fault tests: {@link LocalMigration} over the
 * product's {@link ServiceCore} (SQLite ledger, job runner, engine, IMAP connector) on a data directory. The one
 * difference: the engine's settings are the test's, so that hundreds of reconnects wait milliseconds instead of
 * seconds each. The same sides again = a delta on the same job and ledger, as with {@code migrate}.
 */
final class QuickMigration implements AutoCloseable {
    /** One side: an IMAP server without TLS (the private Dovecots, or a proxy in front of one). */
    record Side(String host, int port, String user, String password) {
    }

    /** Production settings with short waits after a dropped connection (5 ms doubling to 40 ms) and small batches. */
    static EngineSettings quick() {
        return EngineSettings.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(40)).withBatches(100, 10);
    }

    private final LocalMigration migration;

    QuickMigration(Path dataDir, EngineSettings settings) {
        this.migration = LocalMigration.over(ServiceCore.open(TestLicenses.licensed(dataDir.toAbsolutePath()),
                ServiceMain.defaultProbes(), ServiceMain.defaultProviders(), settings));
    }

    /** Starts a pass (the first is FULL, later ones DELTA, as {@code migrate} does) and returns once it has ended. */
    LocalMigration.Prepared start(Side source, Side target) {
        LocalMigration.Prepared prepared = migration.prepare("fault test", source.user() + " -> " + target.user(),
                connection(ConnectionRole.SOURCE, source), connection(ConnectionRole.TARGET, target),
                JobOptions.defaults(), List.of(MailboxPairRequest.of(source.user(), target.user())));
        migration.start(prepared, prepared.existed() ? RunKind.DELTA : RunKind.FULL);
        return prepared;
    }

    /** The live view of the pair, as the CLI's progress lines show it. */
    MailboxPair pair(LocalMigration.Prepared prepared) {
        return migration.pairs(prepared).get(0);
    }

    /** Waits for the pass to end (at most 10 minutes) and returns its report. */
    MailboxReport await(LocalMigration.Prepared prepared) throws InterruptedException {
        if (!migration.awaitIdle(prepared.job().id(), Duration.ofMinutes(10))) {
            throw new AssertionError("the pass did not end within 10 minutes");
        }
        return migration.report(prepared).mailboxes().get(0);
    }

    /** One whole pass. */
    MailboxReport pass(Side source, Side target) throws InterruptedException {
        return await(start(source, target));
    }

    private static ConnectionRequest connection(ConnectionRole role, Side side) {
        return new ConnectionRequest(role == ConnectionRole.SOURCE ? "Source" : "Target", role, ConnectionKind.IMAP,
                new ImapSettings(side.host(), side.port(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, side.user(),
                        null, null), null, null, new Secret(side.password()));
    }

    @Override
    public void close() {
        migration.close();
    }
}
