package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
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
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.connector.imap.GmailFixture;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.testing.DovecotServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Gmail connection through the whole service: stored (the app password sealed), validated, opened by the job
 * runner through the Gmail access provider, migrated to a Dovecot with the SQLite ledger. Gmail is played by
 * {@link GmailFixture} (developers.google.com/gmail/imap/imap-extensions).
 */
class GmailServiceRunIT {
    @TempDir
    Path dataDir;

    @Test
    void aGmailSourceShouldMigrateThroughTheJobRunnerOncePerPlace() throws Exception {
        GmailFixture gmail = GmailFixture.shared();
        Login source = gmail.newMailbox();
        gmail.seed(source, TestMessages.simple("inbox-work", "<iw@gmail.example>"), ItemState.NONE, null,
                List.of("\\Inbox", "Work"));
        gmail.seed(source, TestMessages.simple("archived", "<ar@gmail.example>"), ItemState.NONE, null, List.of());
        DovecotServer target = DovecotServer.shared();
        String targetUser = target.newUser();
        ConnectionRequest gmailSource = new ConnectionRequest("Gmail", ConnectionRole.SOURCE, ConnectionKind.GMAIL,
                gmail.imapSettings(), null, null, source.password(), new GmailSettings(GmailAuthMode.APP_PASSWORD,
                source.mailbox() + "@gmail.example", GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2));
        ConnectionRequest dovecot = new ConnectionRequest("Target", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings(target.host(), target.imapPort(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, targetUser,
                        null, null), null, null, new Secret(target.password(targetUser)));
        try (LocalMigration migration = LocalMigration.over(ServiceCore.open(dataDir, ServiceMain.defaultProbes(),
                ServiceMain.defaultProviders(), QuickMigration.quick()))) {
            LocalMigration.Prepared prepared = migration.prepare("gmail", "Gmail to Dovecot", gmailSource, dovecot,
                    JobOptions.defaults(), List.of(new MailboxPairRequest(source.mailbox(), targetUser, source.user(),
                            null, null, null, null)));
            migration.start(prepared, RunKind.FULL);
            assertThat(migration.awaitIdle(prepared.job().id(), Duration.ofMinutes(2))).isTrue();
            MailboxReport report = migration.report(prepared).mailboxes().get(0);
            assertThat(report.state()).as(report.verdict()).isEqualTo(MailboxState.COMPLETED);
            assertThat(report.verdict()).startsWith("All 3 source items are on the target.");
        }
    }
}
