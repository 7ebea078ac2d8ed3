package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MailboxException;

/**
 * OAuth access tokens for {@code AUTHENTICATE XOAUTH2} (Exchange Online app-only, later Gmail): the IMAP connector asks
 * for one before every login. Implementations cache and renew tokens themselves. Thread-safe.
 */
@FunctionalInterface
public interface ImapTokens {
    /**
     * An access token for the IMAP server. Fails (usually FATAL) with a sentence an admin can act on when no token can
     * be had.
     *
     * @param refresh skip any cache: the server refused the cached token
     */
    String token(boolean refresh) throws MailboxException;
}
