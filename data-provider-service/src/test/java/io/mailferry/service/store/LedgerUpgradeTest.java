package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.FolderCheckpoint;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory of the release before opaque ledger keys (schema V004: {@code ledger_item} and
 * {@code folder_checkpoint} keyed by IMAP numbers), opened by this release: V005 converts its rows in place, and the
 * ledger and checkpoints then read them spelt exactly as the IMAP connector spells its ids now (item "UIDVALIDITY:UID",
 * epoch "UIDVALIDITY", write mark "UIDVALIDITY:UIDNEXT", token "UIDVALIDITY:UIDNEXT:HIGHESTMODSEQ"), so an upgrade
 * neither copies a message twice nor loses a crash's PENDING rows.
 */
class LedgerUpgradeTest {
    private static final int PREVIOUS = 4;
    private static final String PAIR = "p1";
    private static final long V = 1_700_000_001L;
    private static final long TV = 42;

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void writeADataDirectoryOfThePreviousRelease() throws Exception {
        file = dir.resolve("mailferry.db");
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + file);
        assertThat(previousMigrator().migrate(jdbi)).containsExactly(1, 2, 3, 4);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO connection (id, name, role, kind, settings_json, created_at, updated_at) "
                    + "VALUES ('src', 'src', 'SOURCE', 'IMAP', '{}', 1, 1), ('tgt', 'tgt', 'TARGET', 'IMAP', '{}', 1, 1)");
            h.execute("INSERT INTO job (id, name, source_connection_id, target_connection_id, options_json, state, "
                    + "created_at) VALUES ('j1', 'Job', 'src', 'tgt', '{}', 'COMPLETED', 1)");
            h.execute("INSERT INTO mailbox_pair (id, job_id, position, source_mailbox, target_mailbox, state) "
                    + "VALUES (?, 'j1', 0, 'anna@old', 'anna@new', 'COMPLETED')", PAIR);
            // as the previous release wrote them (BatchCopier, FolderCopier)
            item(h, "INBOX", V, 7, "INBOX", TV, 100, 101, "DONE", "sha-7", null);
            item(h, "INBOX", V, 8, "INBOX", TV, 102, 0, "PENDING", "sha-8", null);
            item(h, "INBOX", V, 9, "INBOX", TV, 102, 0, "FAILED", "sha-9", "Target refused the message: too big");
            item(h, "INBOX", V, 10, "INBOX", TV, 0, 55, "MATCHED", null, "already on the target");
            item(h, "INBOX", V, 11, "INBOX", TV, 103, 0, "DONE", "sha-11", null); // a server without UIDPLUS
            item(h, "INBOX", V, 12, "INBOX", 0, 0, 0, "SKIPPED", null, "too large: 60 MB");
            item(h, "Projects/Überblick", 5, 1, "Archive/Überblick", 43, 1, 1, "DONE", "sha-p", null);
            checkpoint(h, "INBOX", V, 13, 977);
            checkpoint(h, "Projects/Überblick", 5, 2, 0); // a server without CONDSTORE
        });
    }

    @Test
    void ledgerRowsShouldReadBackSpeltAsTheImapConnectorSpellsItsIds() {
        try (Database db = Database.open(file)) {
            assertThat(versions(db)).as("every migration up to this build's").startsWith(1, 2, 3, 4, 5, 6, 7)
                    .isSorted().doesNotHaveDuplicates();
            SqliteLedger ledger = new SqliteLedger(db);

            Map<String, LedgerEntry> inbox = ledger.entries(PAIR, "INBOX",
                    List.of(V + ":7", V + ":8", V + ":9", V + ":10", V + ":11", V + ":12", V + ":13"));

            assertThat(inbox).containsOnlyKeys(V + ":7", V + ":8", V + ":9", V + ":10", V + ":11", V + ":12");
            assertThat(inbox.get(V + ":7")).isEqualTo(expected("INBOX", V, 7, "INBOX", TV + ":100", TV + ":101",
                    "sha-7", LedgerState.DONE, null));
            assertThat(inbox.get(V + ":8")).isEqualTo(expected("INBOX", V, 8, "INBOX", TV + ":102", null, "sha-8",
                    LedgerState.PENDING, null));
            assertThat(inbox.get(V + ":9")).isEqualTo(expected("INBOX", V, 9, "INBOX", TV + ":102", null, "sha-9",
                    LedgerState.FAILED, "Target refused the message: too big"));
            assertThat(inbox.get(V + ":10")).isEqualTo(expected("INBOX", V, 10, "INBOX", TV + ":0", TV + ":55",
                    null, LedgerState.MATCHED, "already on the target"));
            assertThat(inbox.get(V + ":11")).as("target UID 0: unknown").isEqualTo(expected("INBOX", V, 11, "INBOX",
                    TV + ":103", null, "sha-11", LedgerState.DONE, null));
            assertThat(inbox.get(V + ":12")).as("never written: no mark").isEqualTo(expected("INBOX", V, 12, "INBOX",
                    null, null, null, LedgerState.SKIPPED, "too large: 60 MB"));
            assertThat(ledger.entries(PAIR, "Projects/Überblick", List.of("5:1"))).containsExactly(Map.entry("5:1",
                    expected("Projects/Überblick", 5, 1, "Archive/Überblick", "43:1", "43:1", "sha-p",
                            LedgerState.DONE, null)));

            assertThat(ledger.pending(PAIR)).extracting(LedgerEntry::sourceItem).containsExactly(V + ":8");
            assertThat(ledger.sourceEpochs(PAIR, "INBOX")).containsExactly(Long.toString(V));
            assertThat(ledger.targetFolders(PAIR, "Projects/Überblick")).containsExactly("Archive/Überblick");
            assertThat(ledger.entriesByTarget(PAIR, "INBOX")).hasSize(6);
            assertThat(ledger.unsettled(PAIR, "INBOX")).isEqualTo(2);
            assertThat(ledger.counts(PAIR)).containsOnly(Map.entry(LedgerState.DONE, 3L),
                    Map.entry(LedgerState.PENDING, 1L), Map.entry(LedgerState.FAILED, 1L),
                    Map.entry(LedgerState.MATCHED, 1L), Map.entry(LedgerState.SKIPPED, 1L));
        }
    }

    @Test
    void upgradedRowsShouldKeepTheirKeys() {
        try (Database db = Database.open(file)) {
            SqliteLedger ledger = new SqliteLedger(db);
            LedgerEntry pending = ledger.entries(PAIR, "INBOX", List.of(V + ":8")).get(V + ":8");

            ledger.put(List.of(pending.withState(LedgerState.DONE, TV + ":102", null, 5)));

            assertThat(ledger.pending(PAIR)).isEmpty();
            assertThat(ledger.entries(PAIR, "INBOX", List.of(V + ":8")).get(V + ":8").targetItem())
                    .isEqualTo(TV + ":102");
            assertThat(ledger.counts(PAIR).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
            assertThat(ledger.removeEpoch(PAIR, "INBOX", Long.toString(V))).isEqualTo(6);
            assertThat(ledger.sourceEpochs(PAIR, "INBOX")).isEmpty();

            db.jdbi().useHandle(h -> h.execute("DELETE FROM mailbox_pair WHERE id = ?", PAIR));
            assertThat(ledger.counts(PAIR)).as("rows still go with their pair").isEmpty();
            assertThat(new SqliteCheckpoints(db).get(PAIR, "INBOX")).isNull();
        }
    }

    @Test
    void checkpointsShouldReadBackAsChangeTokensAndThoseWithoutModSequenceShouldBeDropped() {
        try (Database db = Database.open(file)) {
            SqliteCheckpoints checkpoints = new SqliteCheckpoints(db);

            assertThat(checkpoints.get(PAIR, "INBOX")).isEqualTo(new FolderCheckpoint(PAIR, "INBOX",
                    V + ":13:977", "selection of INBOX", 6, 600, 77));
            // without HIGHESTMODSEQ the IMAP connector hands out no token: such a row could never match again
            assertThat(checkpoints.get(PAIR, "Projects/Überblick")).isNull();
            assertThat(tables(db)).contains("ledger_entry", "folder_token")
                    .doesNotContain("ledger_item", "folder_checkpoint");
        }
    }

    @Test
    void openingAgainShouldChangeNothing() {
        try (Database db = Database.open(file)) {
            new SqliteLedger(db).put(List.of(expected("Sent", 9, 1, "Sent", "1:1", "1:1", "s", LedgerState.DONE,
                    null)));
        }
        try (Database db = Database.open(file)) {
            assertThat(new SchemaMigrator().migrate(db.jdbi())).isEmpty();
            assertThat(new SqliteLedger(db).counts(PAIR).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(8);
        }
    }

    /**
     * The production migrator limited to the migrations of the previous release: the shipped V001–V004 files, copied
     * from the classpath into a folder of their own, so the schema is exactly the one that release created.
     */
    private SchemaMigrator previousMigrator() throws Exception {
        return PreviousRelease.migrator(dir, PREVIOUS);
    }

    private static void item(Handle h, String folder, long uidValidity, long uid, String targetFolder,
            long targetUidValidity, long targetUidNextBefore, long targetUid, String state, String sha256,
            String reason) {
        h.execute("INSERT INTO ledger_item (pair_id, source_folder, source_uid_validity, source_uid, target_folder, "
                        + "target_uid_validity, target_uid_next_before, target_uid, dedup_key, size, sha256, state, "
                        + "reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                PAIR, folder, uidValidity, uid, targetFolder, targetUidValidity, targetUidNextBefore, targetUid,
                "mid:<" + uid + "@x>", 1000 + uid, sha256, state, reason, 2000 + uid);
    }

    private static LedgerEntry expected(String folder, long uidValidity, long uid, String targetFolder, String mark,
            String targetItem, String sha256, LedgerState state, String reason) {
        return new LedgerEntry(PAIR, folder, Long.toString(uidValidity), uidValidity + ":" + uid, uid, targetFolder,
                mark, targetItem, "mid:<" + uid + "@x>", 1000 + uid, sha256, state, reason, 2000 + uid);
    }

    private static void checkpoint(Handle h, String folder, long uidValidity, long uidNext, long highestModSeq) {
        h.execute("INSERT INTO folder_checkpoint (pair_id, source_folder, uid_validity, uid_next, highest_mod_seq, "
                        + "selection, items, bytes, updated_at) VALUES (?, ?, ?, ?, ?, ?, 6, 600, 77)",
                PAIR, folder, uidValidity, uidNext, highestModSeq, "selection of " + folder);
    }

    private static List<Integer> versions(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT version FROM schema_version ORDER BY version")
                .mapTo(Integer.class).list());
    }

    private static List<String> tables(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                .mapTo(String.class).list());
    }
}
