package io.mailferry.service.engine.port;

import io.mailferry.model.connection.Secret;

/**
 * Opens one side of a mailbox pair. The application layer builds one per connection (IMAP, Graph, EWS) from the
 * stored settings and secrets; the engine calls it once per worker, so each worker has its own session.
 */
public interface MailboxAccess {
    /** Who to open: the mailbox address/login and, when the pair brings its own, its credentials. */
    record Login(String mailbox, String user, Secret password) {
    }

    SourceMailbox openSource(Login login) throws MailboxException;

    TargetMailbox openTarget(Login login) throws MailboxException;

    /** "source IMAP server imap.example.com:993" — used in messages. */
    String describe();
}
