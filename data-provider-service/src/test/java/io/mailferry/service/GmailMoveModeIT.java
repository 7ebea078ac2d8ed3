package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.imap.GmailFixture;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.GmailImapProxy;
import io.mailferry.service.testing.ImapMailboxes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Move mode from Gmail ({@link GmailFixture}: a Dovecot behind the Gmail proxy, expunging as Gmail does with the
 * account's expunge behaviour "trash"): every message leaves Gmail once it is verified on the target, from every label
 * at once; with Trash chosen too, what Mailferry moved out is not copied a second time from Gmail's Trash.
 */
class GmailMoveModeIT {
    private static DovecotServer dovecot;
    private static GmailFixture gmail;

    @BeforeAll
    static void start() throws Exception {
        dovecot = DovecotServer.startDbox(null, GmailImapProxy.FOLDERS);
        gmail = GmailFixture.over(dovecot, new GmailSettings(GmailAuthMode.APP_PASSWORD, null,
                GmailLabelStrategy.FOLDER_PER_LABEL, false, true, 2));
        gmail.expungeAsGmail();
    }

    @AfterAll
    static void stop() {
        gmail.proxy().close();
        dovecot.close();
    }

    @Test
    void movedMessagesShouldLeaveGmailAndNotComeBackFromItsTrash() throws Exception {
        Login source = gmail.newMailbox();
        String targetUser = moveTwice(gmail, source);

        ImapMailboxes gmailDirect = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
        assertThat(counts(gmailDirect.snapshot(source.user(), dovecot.password(source.user()))))
                .as("nothing left in Gmail").isEmpty();
        DovecotServer target = DovecotServer.shared();
        assertThat(counts(new ImapMailboxes(target.host(), target.imapPort()).snapshot(targetUser,
                target.password(targetUser)))).isEqualTo(Map.of("INBOX", 1, "Work", 1, "Archive", 1, "Sent", 1,
                        "Trash", 1));
    }

    /** Without Trash chosen, Gmail's Trash keeps what was moved out (its 30 days), and no pass reads it. */
    @Test
    void withoutTrashChosenGmailsTrashShouldKeepTheMovedMessages() throws Exception {
        GmailFixture noTrash = gmail.with(new GmailSettings(GmailAuthMode.APP_PASSWORD, null,
                GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2));
        Login source = noTrash.newMailbox();
        moveTwice(noTrash, source);

        ImapMailboxes gmailDirect = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
        assertThat(counts(gmailDirect.snapshot(source.user(), dovecot.password(source.user()))))
                .as("the three moved out of All Mail, and the one trashed before").isEqualTo(Map.of(
                        "[Gmail]/Trash", 4));
    }

    /**
     * A move stopped between its steps (here Gmail refuses the expunge from All Mail) must leave the message as it
     * was: had its only label come off first, the next pass would find it among the messages without a label (the
     * Archive folder) and copy it a second time.
     */
    @Test
    void aMoveThatAllMailRefusedShouldCopyNothingTwice() throws Exception {
        Login source = gmail.newMailbox();
        gmail.seed(source, TestMessages.simple("work-only", "<work-only@gmail.example>"), ItemState.NONE, null,
                List.of("Work"));
        DovecotServer target = DovecotServer.shared();
        String targetUser = target.newUser();
        MailboxTask task = moveTask(gmail, source, target, targetUser);
        MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                EngineSettings.defaults());

        gmail.proxy().refuseExpunge("[Gmail]/All Mail");
        MailboxOutcome refused;
        try {
            refused = engine.run(task, ProgressListener.NONE, new StopSignal());
        } finally {
            gmail.proxy().refuseExpunge(null);
        }
        MailboxOutcome again = engine.run(task, ProgressListener.NONE, new StopSignal());

        assertThat(refused.state()).isEqualTo(MailboxState.FAILED);
        assertThat(again.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(again.report().itemsCopied()).isZero();
        assertThat(counts(new ImapMailboxes(target.host(), target.imapPort()).snapshot(targetUser,
                target.password(targetUser)))).isEqualTo(Map.of("Work", 1));
        ImapMailboxes gmailDirect = new ImapMailboxes(dovecot.host(), dovecot.imapPort());
        assertThat(counts(gmailDirect.snapshot(source.user(), dovecot.password(source.user()))))
                .as("moved on the second pass (and out of Gmail's Trash, which this connection copies)").isEmpty();
    }

    private static MailboxTask moveTask(GmailFixture gmail, Login source, DovecotServer target, String targetUser) {
        Login targetLogin = new Login(targetUser, targetUser, new Secret(target.password(targetUser)));
        ImapMailboxAccess targetAccess = new ImapMailboxAccess(new ImapSettings(target.host(), target.imapPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null, ConnectionRole.TARGET);
        JobOptions move = new JobOptions(null, null, null, null, null, null, true, null, null, null);
        return new MailboxTask("gmail-move", gmail.access(), source, targetAccess, targetLogin, move, RunKind.FULL,
                source.mailbox(), targetLogin.mailbox());
    }

    /** Seeds the mailbox, moves it twice into a new target user: the first pass copies all it reads, then nothing. */
    private static String moveTwice(GmailFixture gmail, Login source) {
        Map<String, List<String>> mails = Map.of("inbox-work", List.of("\\Inbox", "Work"), "archived", List.of(),
                "sent", List.of("\\Sent"), "trashed", List.of("\\Trash"));
        mails.forEach((subject, labels) -> gmail.seed(source, TestMessages.simple(subject, "<" + subject
                + "@gmail.example>"), ItemState.NONE, null, labels));
        DovecotServer target = DovecotServer.shared();
        String targetUser = target.newUser();
        MailboxTask task = moveTask(gmail, source, target, targetUser);
        MigrationEngine engine = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                EngineSettings.defaults());

        MailboxOutcome first = engine.run(task, ProgressListener.NONE, new StopSignal());
        MailboxOutcome second = engine.run(task, ProgressListener.NONE, new StopSignal());

        assertThat(first.state()).isEqualTo(MailboxState.COMPLETED);
        boolean trash = gmail.settings().includeTrash();
        assertThat(first.report().itemsCopied()).isEqualTo(trash ? 5 : 4);
        assertThat(second.report().itemsCopied()).as("nothing comes back from Gmail's Trash").isZero();
        return targetUser;
    }

    /** Non-empty folders and how many messages each holds. */
    private static Map<String, Integer> counts(Map<String, List<ImapMailboxes.Stored>> snapshot) {
        Map<String, Integer> out = new TreeMap<>();
        snapshot.forEach((folder, stored) -> {
            if (!stored.isEmpty()) {
                out.put(folder, stored.size());
            }
        });
        return out;
    }
}
