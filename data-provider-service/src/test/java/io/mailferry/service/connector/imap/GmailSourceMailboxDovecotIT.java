package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.SourceMailboxContract;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source contract on Gmail as {@link GmailFixture} plays it (a Dovecot behind the Gmail proxy), and its limits. */
class GmailSourceMailboxDovecotIT implements SourceMailboxContract {
    @Override
    public MailboxFixture fixture() {
        return GmailFixture.shared();
    }

    /**
     * Gmail's answer once the account's daily IMAP download is used up ("Gmail bandwidth limits",
     * support.google.com/a/answer/1071518) pauses the mailbox for a day, never a verdict on the messages.
     */
    @Test
    void theDailyLimitShouldPauseTheMailboxForADayNotFailItsMessages() throws Exception {
        GmailFixture gmail = GmailFixture.shared();
        Login login = gmail.newMailbox();
        gmail.seed(login, TestMessages.simple("limited", "<l@example.com>"), ItemState.NONE, null, List.of("\\Inbox"));
        try (SourceMailbox source = gmail.openSource(login)) {
            MailFolder inbox = source.folders().get(0);
            List<ItemRef> items = source.list(inbox, null, 10).items();
            gmail.proxy().limitReached(true);
            try {
                assertThatThrownBy(() -> source.fetch(inbox, items, (item, content, error) -> {
                    throw new AssertionError("nothing may be handed over: " + error);
                })).isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED);
                    assertThat(e.pause()).isEqualTo(new MailboxException.Pause("Google's daily limit",
                            java.time.Duration.ofHours(24)));
                    assertThat(e.getMessage()).startsWith("Source Gmail server ")
                            .contains("Google's daily IMAP download limit");
                });
            } finally {
                gmail.proxy().limitReached(false);
            }
            assertThat(gmail.proxy().limitAnswers()).isPositive();
        }
    }

    @Test
    void connectionsPerAccountShouldBeCapped() throws Exception {
        GmailFixture gmail = GmailFixture.shared();
        Login login = gmail.newMailbox();
        GmailMailboxAccess access = gmail.access(); // 2 connections per account
        assertThat(access.sessionsPerMailbox()).as("what the engine is told: no more workers").isEqualTo(2);
        try (SourceMailbox first = access.openSource(login); SourceMailbox second = access.openSource(login)) {
            Thread third = new Thread(() -> {
                try (SourceMailbox s = access.openSource(login)) {
                    s.folders();
                } catch (MailboxException e) {
                    throw new AssertionError(e);
                }
            });
            third.start();
            third.join(500);
            assertThat(third.isAlive()).as("a third session waits for a free connection").isTrue();
            first.close();
            third.join(10_000);
            assertThat(third.isAlive()).isFalse();
        }
    }

    /**
     * A label the user hid from IMAP ("Show in IMAP" off) has no folder while X-GM-LABELS names it: a message with
     * that label only is Archive's (read from All Mail), never a place no folder lists.
     */
    @Test
    void aMessageWhoseOnlyLabelIsHiddenFromImapShouldBeListedInArchive() throws Exception {
        GmailFixture gmail = GmailFixture.shared();
        Login login = gmail.newMailbox();
        String id = gmail.seed(login, TestMessages.simple("receipt", "<receipt@example.com>"), ItemState.NONE, null,
                List.of());
        gmail.proxy().labels(id, List.of("Receipts")); // the label, without its folder
        try (SourceMailbox source = gmail.openSource(login)) {
            List<MailFolder> folders = source.folders();
            assertThat(folders).noneMatch(f -> f.id().equals("Receipts"));
            MailFolder archive = folders.stream().filter(f -> f.type() == FolderType.ARCHIVE).findFirst()
                    .orElseThrow();
            assertThat(source.list(archive, null, 10).items()).extracting(ItemRef::id).containsExactly(id);
        }
    }
}
