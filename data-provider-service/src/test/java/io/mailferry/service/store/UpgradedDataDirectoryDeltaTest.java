package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxAccess;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade end to end: a pass run by this release is turned back into the previous release's tables (V004:
 * {@code ledger_item} and {@code folder_checkpoint} keyed by IMAP numbers, one row left PENDING as a crash leaves it,
 * its message on the target), the data directory is opened again — V005 converts it in place — and a delta pass on the
 * converted ledger copies nothing, loses nothing, settles the PENDING row without writing it again, skips the unchanged
 * CONDSTORE folder's listing, and verifies every item.
 */
class UpgradedDataDirectoryDeltaTest {
    private static final Instant DATE = Instant.parse("2023-04-05T06:07:08Z");

    @TempDir
    Path dir;

    @Test
    void aDeltaAfterTheUpgradeShouldCopyNothingAndVerifyEverything() throws Exception {
        FakeMailServer source = FakeMailServer.source().condstore(true);
        FakeMailServer target = FakeMailServer.target();
        source.addFolder(FolderType.OTHER, "Projects");
        for (int i = 0; i < 12; i++) {
            source.add(i % 3 == 0 ? "Projects" : "INBOX", TestMessages.simple("m" + i, i % 4 == 0 ? null
                    : "<m" + i + "@x>"), DATE, i % 2 == 0 ? "\\Seen" : "$Forwarded");
        }
        String pairId;
        try (StoreFixture store = new StoreFixture(dir)) {
            MailboxPair pair = store.jobWithPairs("j1", "anna@old").get(0);
            pairId = pair.id();
            MailboxOutcome first = pass(store.db, pairId, source, target, RunKind.FULL);
            assertThat(first.report().verdict()).startsWith("All 12 source items are on the target");
        }
        downgradeToV004(dir.resolve("mailferry.db"), pairId);
        long written = target.calls();
        List<String> points = new ArrayList<>();
        source.hook((point, folder) -> points.add(FakeMailServer.asListing(point) + " " + folder));
        target.hook((point, folder) -> points.add("target " + point + " " + folder));

        try (Database db = Database.open(dir.resolve("mailferry.db"))) {
            MailboxOutcome delta = pass(db, pairId, source, target, RunKind.DELTA);

            assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(delta.report().itemsCopied()).isZero();
            assertThat(delta.report().verdict()).startsWith("All 12 source items are on the target");
            assertThat(points).noneMatch(p -> p.startsWith("target append"));
            assertThat(points).as("the PENDING row was settled against the target").contains("target listFrom INBOX");
            assertThat(points).as("the unchanged CONDSTORE folder is not listed for copying, only verified")
                    .filteredOn(p -> p.equals("list Projects")).hasSize(1);
            assertThat(target.messages("INBOX")).hasSize(8);
            assertThat(target.messages("Projects")).hasSize(4);
            assertThat(new SqliteLedger(db).pending(pairId)).isEmpty();
        }
        assertThat(target.calls()).isGreaterThan(written);
    }

    private static MailboxOutcome pass(Database db, String pairId, FakeMailServer source, FakeMailServer target,
            RunKind kind) {
        MailboxTask task = new MailboxTask(pairId, new FakeAccess(source),
                new MailboxAccess.Login("anna@old", "anna", null), new FakeAccess(target),
                new MailboxAccess.Login("anna@new", "anna", null), JobOptions.defaults(), kind, "anna@old",
                "anna@new");
        return new MigrationEngine(new SqliteLedger(db), new SqliteCheckpoints(db), EngineSettings.defaults()
                .withSleeper(d -> { })).run(task, ProgressListener.NONE, new StopSignal());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Rewrites the V005 tables as the previous release kept them, with the INBOX's newest copy left PENDING. */
    private static void downgradeToV004(Path file, String pairId) throws Exception {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + file);
        jdbi.useTransaction(h -> {
            h.execute("CREATE TABLE ledger_item (pair_id TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE, "
                    + "source_folder TEXT NOT NULL, source_uid_validity INTEGER NOT NULL, source_uid INTEGER NOT NULL, "
                    + "target_folder TEXT NOT NULL, target_uid_validity INTEGER NOT NULL, "
                    + "target_uid_next_before INTEGER NOT NULL, target_uid INTEGER NOT NULL, dedup_key TEXT, "
                    + "size INTEGER NOT NULL, sha256 TEXT, state TEXT NOT NULL, reason TEXT, "
                    + "updated_at INTEGER NOT NULL, PRIMARY KEY (pair_id, source_folder, source_uid_validity, "
                    + "source_uid)) WITHOUT ROWID");
            h.execute("INSERT INTO ledger_item SELECT pair_id, source_folder, CAST(source_epoch AS INTEGER), "
                    + "source_order, target_folder, CAST(substr(target_mark, 1, instr(target_mark, ':') - 1) AS "
                    + "INTEGER), CAST(substr(target_mark, instr(target_mark, ':') + 1) AS INTEGER), "
                    + "CAST(substr(target_item, instr(target_item, ':') + 1) AS INTEGER), dedup_key, size, "
                    + "content_hash, state, reason, updated_at FROM ledger_entry");
            // a crash between the append and the DONE row: the message is on the target, the row still PENDING with
            // the hex SHA-256 the previous release recorded (ADR 0038) and a dedup key of no message, so that only that
            // hash can recognise it
            h.execute("UPDATE ledger_item SET state = 'PENDING', target_uid = 0, sha256 = ?, dedup_key = "
                    + "'mid:<elsewhere@x>' WHERE pair_id = ? AND "
                    + "source_folder = 'INBOX' AND source_uid = (SELECT MAX(source_uid) FROM ledger_item WHERE "
                    + "source_folder = 'INBOX')", sha256(TestMessages.simple("m11", "<m11@x>")), pairId);
            h.execute("CREATE TABLE folder_checkpoint (pair_id TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE "
                    + "CASCADE, source_folder TEXT NOT NULL, uid_validity INTEGER NOT NULL, uid_next INTEGER NOT NULL, "
                    + "highest_mod_seq INTEGER NOT NULL, selection TEXT NOT NULL, items INTEGER NOT NULL, bytes INTEGER "
                    + "NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (pair_id, source_folder)) WITHOUT ROWID");
            h.execute("INSERT INTO folder_checkpoint SELECT pair_id, source_folder, CAST(substr(token, 1, instr(token, "
                    + "':') - 1) AS INTEGER), CAST(substr(substr(token, instr(token, ':') + 1), 1, instr(substr(token, "
                    + "instr(token, ':') + 1), ':') - 1) AS INTEGER), CAST(substr(substr(token, instr(token, ':') + 1), "
                    + "instr(substr(token, instr(token, ':') + 1), ':') + 1) AS INTEGER), selection, items, bytes, "
                    + "updated_at FROM folder_token");
            assertThat(h.createQuery("SELECT COUNT(*) FROM folder_checkpoint WHERE highest_mod_seq > 0")
                    .mapTo(Integer.class).one()).as("checkpoints of the first pass").isPositive();
            h.execute("DROP TABLE ledger_entry");
            h.execute("DROP TABLE folder_token");
            // V015 added a column to V005's folder_token and V016 renamed one of V005's ledger_entry: all three run
            // again on the old tables
            h.execute("DELETE FROM schema_version WHERE version IN (5, 15, 16)");
        });
    }
}
