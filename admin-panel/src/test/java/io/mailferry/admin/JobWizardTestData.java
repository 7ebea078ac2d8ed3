package io.mailferry.admin;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapSettings;
import java.time.Instant;

/** One source and one target connection, the least a job needs. */
final class JobWizardTestData {

    private JobWizardTestData() {
    }

    static Connection source() {
        return new Connection("s1", "Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.old", 993, null, null, "admin", null, null), null, null, true, Instant.now(),
                Instant.now(), null);
    }

    static Connection target() {
        return new Connection("t1", "New IMAP", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("imap.new", 993, null, null, "admin", null, null), null, null, true, Instant.now(),
                Instant.now(), null);
    }
}
