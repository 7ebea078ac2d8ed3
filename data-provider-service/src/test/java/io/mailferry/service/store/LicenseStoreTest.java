package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed key and the seats (V008), on a real SQLite file migrated by the production migrator. */
class LicenseStoreTest {
    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void seatShouldBeTakenOnceWhateverTheCase() {
        try (Database db = Database.open(dir.resolve("mailferry.db"))) {
            LicenseStore store = new LicenseStore(db);

            assertThat(store.takeSeats(List.of("IMAP:old/Anna@old", "IMAP:old/anna@old", "IMAP:old/bob@old"), T))
                    .isEqualTo(2);
            assertThat(store.takeSeats(List.of("IMAP:OLD/ANNA@OLD"), T)).isZero();
            assertThat(store.withoutSeat(List.of("imap:old/anna@old", "IMAP:old/carl@old")))
                    .containsExactly("imap:old/carl@old");
            assertThat(store.seatsUsed()).isEqualTo(2);
        }
    }

    @Test
    void keyShouldBeReplacedAndRemoved() {
        try (Database db = Database.open(dir.resolve("mailferry.db"))) {
            LicenseStore store = new LicenseStore(db);
            store.saveKey("first.key", T);
            store.saveKey("second.key", T);

            assertThat(store.key()).contains("second.key");
            assertThat(store.removeKey()).isTrue();
            assertThat(store.key()).isEmpty();
            assertThat(store.removeKey()).isFalse();
        }
    }

    @Test
    void mailboxesThatRanBeforeTheUpgradeShouldKeepTheirSeats() throws Exception {
        Path file = dir.resolve("mailferry.db");
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + file);
        PreviousRelease.migrator(dir, 7).migrate(jdbi);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO connection (id, name, role, kind, settings_json, created_at, updated_at) VALUES "
                    + "('s1', 's1', 'SOURCE', 'IMAP', '{\"host\":\"Old.example\",\"port\":143}', 1, 1), "
                    + "('s2', 's2', 'SOURCE', 'IMAP', '{\"host\":\"old.example\",\"port\":993}', 1, 1), "
                    + "('t', 't', 'TARGET', 'IMAP', '{\"host\":\"new.example\"}', 1, 1)");
            h.execute("INSERT INTO job (id, name, source_connection_id, target_connection_id, options_json, state, "
                    + "created_at) VALUES ('j1', 'One', 's1', 't', '{}', 'COMPLETED', 1), "
                    + "('j2', 'Two', 's2', 't', '{}', 'COMPLETED', 1)");
            h.execute("INSERT INTO mailbox_pair (id, job_id, position, source_mailbox, target_mailbox, state, "
                    + "last_run_started_at) VALUES ('p1', 'j1', 1, 'anna@old', 'anna@new', 'COMPLETED', 5), "
                    + "('p2', 'j2', 1, 'ANNA@old', 'anna@new', 'COMPLETED', 7), "
                    + "('p3', 'j2', 2, 'bob@old', 'bob@new', 'NEW', NULL)");
        });

        try (Database db = Database.open(file)) {
            LicenseStore store = new LicenseStore(db);
            assertThat(store.seatsUsed()).isEqualTo(1);
            assertThat(store.withoutSeat(List.of("IMAP:old.example/anna@old", "IMAP:old.example/bob@old")))
                    .containsExactly("imap:old.example/bob@old");
        }
    }
}
