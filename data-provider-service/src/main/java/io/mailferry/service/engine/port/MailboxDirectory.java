package io.mailferry.service.engine.port;

import io.mailferry.model.mailbox.DirectoryMailbox;
import java.util.List;

/** The mailboxes a connection can reach (Microsoft 365: the tenant's user and shared mailboxes), for matching. */
public interface MailboxDirectory {
    /** Every mailbox, paged through by the connector; fails with a sentence naming the missing permission. */
    List<DirectoryMailbox> mailboxes() throws MailboxException;
}
