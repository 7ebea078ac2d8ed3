package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MailboxException;

/**
 * OAuth access tokens for Gmail's IMAP, one per mailbox: with domain-wide delegation the token is issued for the user
 * whose mailbox is opened (the JWT's subject). Implementations cache and renew them. Thread-safe.
 */
@FunctionalInterface
public interface GmailTokens {
    /**
     * An access token for scope https://mail.google.com/ on behalf of {@code mailbox}; fails FATAL with a sentence
     * naming what the admin must grant when Google refuses.
     *
     * @param refresh skip any cache: the server refused the cached token
     */
    String token(String mailbox, boolean refresh) throws MailboxException;
}
