package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V007 fills the new count columns of pairs a V006 release ran from their progress JSON, so job totals stay true. */
class PairTotalsUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void pairsOfThePreviousReleaseShouldKeepTheirTotals() throws Exception {
        Path file = dir.resolve("mailferry.db");
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + file);
        PreviousRelease.migrator(dir, 6).migrate(jdbi);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO connection (id, name, role, kind, settings_json, created_at, updated_at) "
                    + "VALUES ('src', 'src', 'SOURCE', 'IMAP', '{}', 1, 1), ('tgt', 'tgt', 'TARGET', 'IMAP', '{}', 1, 1)");
            h.execute("INSERT INTO job (id, name, source_connection_id, target_connection_id, options_json, state, "
                    + "created_at) VALUES ('j1', 'Job', 'src', 'tgt', '{}', 'COMPLETED', 1)");
            h.execute("INSERT INTO mailbox_pair (id, job_id, position, source_mailbox, target_mailbox, state, "
                    + "progress_json, throttled_millis) VALUES ('p1', 'j1', 1, 'anna@old', 'anna@new', 'COMPLETED', "
                    + "'{\"itemsTotal\":10,\"itemsDone\":9,\"itemsCopied\":7,\"itemsSkipped\":1,\"itemsFailed\":0,"
                    + "\"bytesTotal\":1000,\"bytesDone\":900,\"itemsPerSecond\":2.5,\"bytesPerSecond\":10.0,"
                    + "\"etaSeconds\":0,\"currentFolder\":null,\"throttledMillis\":40}', 40), "
                    + "('p2', 'j1', 2, 'bob@old', 'bob@new', 'NEW', NULL, 0)");
        });

        try (Database db = Database.open(file)) {
            List<PairStore.StateTotals> totals = new PairStore(db, SecretCipher.fromKeyFile(dir.resolve("key")))
                    .totals("j1", List.of());
            assertThat(totals).hasSize(2);
            assertThat(totals.stream().filter(t -> t.state() == MailboxState.COMPLETED).findFirst().orElseThrow()
                    .progress()).isEqualTo(new Progress(10, 9, 7, 1, 0, 1000, 900, 0, 0, -1, null, 40));
            assertThat(totals.stream().filter(t -> t.state() == MailboxState.NEW).findFirst().orElseThrow()
                    .progress()).isEqualTo(new Progress(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, null, 0));
        }
    }
}
