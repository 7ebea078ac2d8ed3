package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import org.junit.jupiter.api.Test;

/**
 * A target's INBOX read while another session of the same user creates it: Dovecot 2.3 once answered that STATUS with
 * "[ALREADYEXISTS] Mailbox already exists" and a first pass failed on it (seen in CI). The folder is there; reading
 * its state again must succeed, and a server that keeps refusing still gets a plain sentence.
 */
class InboxCreationRaceTest {
    @Test
    void stateShouldBeReadAgainWhenTheServerSaysTheFolderWasJustCreated() throws Exception {
        try (RacingInboxImapServer server = new RacingInboxImapServer(1);
                TargetMailbox target = open(server)) {
            MailFolder inbox = target.folders().get(0);

            FolderState state = target.state(inbox);

            assertThat(state.messageCount()).isEqualTo(3);
            assertThat(state.epoch()).isEqualTo("1700");
            assertThat(server.statuses()).as("the refused STATUS and the one asked again").isEqualTo(2);
        }
    }

    @Test
    void aServerThatKeepsRefusingShouldGetAPlainSentence() throws Exception {
        try (RacingInboxImapServer server = new RacingInboxImapServer(Integer.MAX_VALUE);
                TargetMailbox target = open(server)) {
            MailFolder inbox = target.folders().get(0);

            assertThatThrownBy(() -> target.state(inbox)).isInstanceOfSatisfying(MailboxException.class,
                    e -> assertThat(e.getMessage()).startsWith("Target IMAP server 127.0.0.1:" + server.port()
                            + " refused reading the state of folder \"INBOX\"").doesNotContain("Exception"));
            assertThat(server.statuses()).as("asked again once, not in a loop").isEqualTo(2);
        }
    }

    private static TargetMailbox open(RacingInboxImapServer server) throws MailboxException {
        ImapSettings settings = new ImapSettings("127.0.0.1", server.port(), ImapSecurity.NONE, ImapAuthMode.PASSWORD,
                "anna", null, null);
        return new ImapMailboxAccess(settings, new Secret("pw"), ConnectionRole.TARGET)
                .openTarget(new MailboxAccess.Login("anna", null, null));
    }
}
