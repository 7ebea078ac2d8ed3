package io.mailferry.model.mailbox;

import io.mailferry.model.connection.Secret;

/**
 * A source mailbox and the target mailbox it migrates into. Credentials are optional: without them the connection's
 * own login (or its master user) opens the mailbox.
 *
 * @param sourceMailbox address or login of the source mailbox (also the master-user target user)
 * @param targetMailbox address or login of the target mailbox
 */
public record MailboxPairRequest(
        String sourceMailbox,
        String targetMailbox,
        String sourceUser,
        Secret sourcePassword,
        String targetUser,
        Secret targetPassword) {

    public static MailboxPairRequest of(String source, String target) {
        return new MailboxPairRequest(source, target, null, null, null, null);
    }
}
