package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.port.MailboxAccess;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message moved between two source folders merged into one target folder (a rename rule: "Archive" into "Sent"),
 * IMAP to IMAP through the real connectors on both sides (two GreenMail servers): the next delta copies it from its new
 * folder and its verification removes the earlier copy, so the target folder holds it once, as the source does.
 */
class MergedFolderMoveGreenMailTest {
    private GreenMail source;
    private GreenMail target;
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();

    @BeforeEach
    void servers() throws Exception {
        source = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        target = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        source.start();
        target.start();
        source.setUser("anna@old.example", "anna", "pw");
        target.setUser("anna@new.example", "anna", "pw");
        try (Store s = store(source)) {
            for (String name : List.of("Sent", "Archive")) {
                s.getFolder(name).create(Folder.HOLDS_MESSAGES);
            }
            append(s, "Archive", "moved", "<moved@old.example>");
            append(s, "Sent", "stays", "<stays@old.example>");
        }
    }

    @AfterEach
    void stop() {
        source.stop();
        target.stop();
    }

    private static Store store(GreenMail server) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.getImap().getPort(), "anna", "pw");
        return store;
    }

    private static void append(Store store, String folder, String subject, String messageId) throws Exception {
        String text = "Message-ID: " + messageId + "\r\nFrom: anna@old.example\r\nTo: ben@example.com\r\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nSubject: " + subject + "\r\n\r\nHello.\r\n";
        Folder f = store.getFolder(folder);
        f.appendMessages(new Message[] {new MimeMessage(null,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))});
    }

    /** A user's move on the source: copied to the other folder, then deleted and expunged here. */
    private void move(String subject, String from, String to) throws Exception {
        try (Store s = store(source)) {
            Folder f = s.getFolder(from);
            f.open(Folder.READ_WRITE);
            for (Message m : f.getMessages()) {
                if (subject.equals(m.getSubject())) {
                    f.copyMessages(new Message[] {m}, s.getFolder(to));
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            }
            f.close(true);
        }
    }

    private List<String> targetSubjects(String folder) throws Exception {
        List<String> subjects = new ArrayList<>();
        try (Store s = store(target)) {
            Folder f = s.getFolder(folder);
            f.open(Folder.READ_ONLY);
            for (Message m : f.getMessages()) {
                subjects.add(m.getSubject());
            }
            f.close(false);
        }
        return subjects;
    }

    private MailboxReport run(RunKind kind) {
        MailboxTask task = new MailboxTask("pair-merged", access(source, ConnectionRole.SOURCE),
                new MailboxAccess.Login("anna@old.example", "anna", new Secret("pw")),
                access(target, ConnectionRole.TARGET),
                new MailboxAccess.Login("anna@new.example", "anna", new Secret("pw")), new JobOptions(null,
                        new FolderFilter(List.of(), List.of(), null, List.of(new RenameRule("Archive", "Sent")), null),
                        null, null, null, null, null, null, null, null), kind, "anna@old.example", "anna@new.example");
        return new MigrationEngine(ledger, checkpoints, EngineSettings.defaults())
                .run(task, ProgressListener.NONE, new StopSignal()).report();
    }

    private static MailboxAccess access(GreenMail server, ConnectionRole role) {
        return new ImapMailboxAccess(new ImapSettings("127.0.0.1", server.getImap().getPort(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, null, null, null), null, role);
    }

    @Test
    void aMessageMovedBetweenTheMergedFoldersShouldBeOnTheTargetOnce() throws Exception {
        assertThat(run(RunKind.FULL).verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(targetSubjects("Sent")).containsExactlyInAnyOrder("moved", "stays");

        move("moved", "Archive", "Sent");
        MailboxReport delta = run(RunKind.DELTA);

        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.itemsCopied()).as("copied from its new folder").isEqualTo(1);
        assertThat(targetSubjects("Sent")).as("once, as on the source").containsExactlyInAnyOrder("moved", "stays");
        assertThat(delta.verdict()).isEqualTo("All 2 source items are on the target. 1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");
        assertThat(run(RunKind.DELTA).verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(targetSubjects("Sent")).containsExactlyInAnyOrder("moved", "stays");
    }
}
