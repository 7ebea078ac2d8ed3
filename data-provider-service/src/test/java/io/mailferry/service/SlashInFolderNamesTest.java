package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.report.MailboxReport;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a server's separator is "." (GreenMail here; Courier, older Cyrus), a folder's name may hold "/" (ADR 0049).
 * Folder ids join a path's names with "/", so "a/b" (one folder) and "a.b" (b inside a) once had the same id: the engine
 * merged them, one folder's message was never copied, and the verdict blamed the target. Through {@code migrate}'s own
 * path (LocalMigration, SQLite ledger), between two users of one GreenMail.
 */
class SlashInFolderNamesTest {
    @TempDir
    Path dir;
    private GreenMail greenMail;
    private QuickMigration.Side source;
    private QuickMigration.Side target;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser("src@example.com", "src", "pw-src");
        greenMail.setUser("tgt@example.com", "tgt", "pw-tgt");
        int port = greenMail.getImap().getPort();
        source = new QuickMigration.Side("127.0.0.1", port, "src", "pw-src");
        target = new QuickMigration.Side("127.0.0.1", port, "tgt", "pw-tgt");
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void aNameHoldingASlashAndTheSamePathAsTwoLevelsShouldBothArriveWhole() throws Exception {
        seed(List.of("a/b", "a.b", "c\\d"));
        try (QuickMigration migration = new QuickMigration(dir.resolve("data"), QuickMigration.quick())) {
            MailboxReport first = migration.pass(source, target);
            assertThat(first.verdict()).isEqualTo("All 3 source items are on the target.");
            assertThat(first.verified()).isTrue();
            MailboxReport delta = migration.pass(source, target);
            assertThat(delta.verified()).isTrue();
            assertThat(delta.folders()).allSatisfy(f -> assertThat(f.itemsCopied()).isZero());
        }
        assertThat(targetMessages()).containsExactlyInAnyOrder("a/b: in a/b", "a.b: in a.b", "c\\d: in c\\d");
    }

    /**
     * A name whose id changed (a "\" before another) finds no ledger rows under its new id: its next pass lists the
     * folder again and finds its items on the target by their duplicate keys.
     */
    @Test
    void aLedgerOfTheOldIdsShouldNotCopyAFolderWhoseIdChangedTwice() throws Exception {
        seed(List.of("c\\\\d", "plain"));
        Path data = dir.resolve("data");
        try (QuickMigration migration = new QuickMigration(data, QuickMigration.quick())) {
            assertThat(migration.pass(source, target).verified()).isTrue();
        }
        // as a build before the escaped ids wrote them: c\\d where it is now c\\\d
        int changed;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("mailferry.db"))) {
            changed = db.createStatement().executeUpdate("UPDATE ledger_entry SET source_folder = 'c\\\\d', "
                    + "target_folder = 'c\\\\d' WHERE source_folder = 'c\\\\\\d'");
            db.createStatement().executeUpdate(
                    "UPDATE folder_token SET source_folder = 'c\\\\d' WHERE source_folder = 'c\\\\\\d'");
        }
        assertThat(changed).as("the ledger held the escaped id").isEqualTo(1);
        try (QuickMigration migration = new QuickMigration(data, QuickMigration.quick())) {
            MailboxReport delta = migration.pass(source, target);
            assertThat(delta.verdict()).isEqualTo("All 2 source items are on the target.");
            assertThat(delta.folders()).allSatisfy(f -> assertThat(f.itemsCopied()).isZero());
        }
        assertThat(targetMessages()).containsExactlyInAnyOrder("c\\\\d: in c\\\\d", "plain: in plain");
    }

    private void seed(List<String> names) throws MessagingException {
        Store store = store(source);
        try {
            for (String name : names) {
                Folder f = store.getFolder(name);
                assertThat(f.create(Folder.HOLDS_MESSAGES)).as("GreenMail creates " + name).isTrue();
                MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
                m.setSubject("in " + name);
                m.setText("A message of folder " + name + ".");
                f.appendMessages(new Message[] {m});
            }
        } finally {
            store.close();
        }
    }

    /** "folder: subject" for every message of the target user. */
    private List<String> targetMessages() throws MessagingException {
        Store store = store(target);
        List<String> out = new ArrayList<>();
        try {
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                f.open(Folder.READ_ONLY);
                for (Message m : f.getMessages()) {
                    out.add(f.getFullName() + ": " + m.getSubject());
                }
                f.close(false);
            }
        } finally {
            store.close();
        }
        return out;
    }

    private static Store store(QuickMigration.Side side) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(side.host(), side.port(), side.user(), side.password());
        return store;
    }
}
