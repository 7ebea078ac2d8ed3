package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V018: the seats of a Gmail connection that names no IMAP host were named by the connection's id; they are named by
 * imap.gmail.com now, so the same account through a second connection holds one seat, and seats of other kinds stay.
 */
class GmailSeatsUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void seatsOfGmailConnectionsShouldBeNamedByGmailsHostAndCountOnce() throws Exception {
        Path file = dir.resolve("mailferry.db");
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + file);
        PreviousRelease.migrator(dir, 17).migrate(jdbi);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO connection (id, name, role, kind, settings_json, created_at, updated_at) VALUES "
                    + "('aaaa-1', 'app password', 'SOURCE', 'GMAIL', '{}', 1, 1), "
                    + "('bbbb-2', 'service account', 'SOURCE', 'GMAIL', '{}', 1, 1), "
                    + "('cccc-3', 'imap', 'SOURCE', 'IMAP', '{}', 1, 1)");
            h.execute("INSERT INTO seat (source, first_started_at) VALUES ('gmail:aaaa-1/anna@gmail.com', 1), "
                    + "('gmail:bbbb-2/anna@gmail.com', 2), ('gmail:bbbb-2/bob@gmail.com', 3), "
                    + "('gmail:imap.gmail.com/carl@gmail.com', 4), ('imap:imap.old.example/anna@gmail.com', 5), "
                    + "('imap:cccc-3/dora', 6)");
        });

        try (Database db = Database.open(file)) {
            List<String> seats = db.jdbi().withHandle(h -> h.createQuery("SELECT source FROM seat ORDER BY source")
                    .mapTo(String.class).list());
            assertThat(seats).containsExactly("gmail:imap.gmail.com/anna@gmail.com",
                    "gmail:imap.gmail.com/bob@gmail.com", "gmail:imap.gmail.com/carl@gmail.com",
                    "imap:cccc-3/dora", "imap:imap.old.example/anna@gmail.com");
            assertThat(new LicenseStore(db).seatsUsed()).as("anna's two seats are one").isEqualTo(5);
        }
    }
}
