package io.mailferry.service.store;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.Progress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A real SQLite file in a temp directory, migrated by the production migrator, with the stores over it. */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

    final Path dir;
    final Database db;
    final SecretCipher cipher;
    final ConnectionStore connections;
    final JobStore jobs;
    final PairStore pairs;

    StoreFixture(Path dir) {
        this.dir = dir;
        this.db = Database.open(dir.resolve("mailferry.db"));
        this.cipher = SecretCipher.fromKeyFile(dir.resolve("secret.key"));
        this.connections = new ConnectionStore(db, cipher);
        this.jobs = new JobStore(db);
        this.pairs = new PairStore(db, cipher);
    }

    /** A job "j1" between two IMAP connections, with one pair per source mailbox given; returns the pairs. */
    List<MailboxPair> jobWithPairs(String jobId, String... sources) {
        if (connections.find("src").isEmpty()) {
            connections.insert(connection("src", ConnectionRole.SOURCE), new Secret("pw"));
            connections.insert(connection("tgt", ConnectionRole.TARGET), new Secret("pw"));
        }
        jobs.insert(new Job(jobId, "Job " + jobId, "src", "tgt", JobOptions.defaults(), JobState.NEW, 0,
                Progress.empty(), null, T0, null, null), null);
        return pairs.insert(jobId, java.util.Arrays.stream(sources)
                .map(s -> MailboxPairRequest.of(s, s.replace("old", "new"))).toList());
    }

    static Connection connection(String id, ConnectionRole role) {
        return new Connection(id, id, role, ConnectionKind.IMAP,
                new ImapSettings("127.0.0.1", 143, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null),
                null, null, false, T0, T0, null);
    }

    @Override
    public void close() {
        db.close();
    }
}
