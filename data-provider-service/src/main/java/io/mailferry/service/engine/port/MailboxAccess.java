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

    /**
     * How many sessions of one mailbox this access lets be open at once — a connector that makes a further open wait
     * for a free session (Gmail's connections per account) says so here, and the engine opens no more workers than the
     * smaller side's number. Unlimited by default.
     */
    default int sessionsPerMailbox() {
        return Integer.MAX_VALUE;
    }
}
