package io.mailferry.model.connection;

/** How Mailferry logs in to each mailbox on an IMAP server. */
public enum ImapAuthMode {
    /** Each mailbox with its own user name and password (given per mailbox pair, or the connection's own for one mailbox). */
    PASSWORD,
    /**
     * One admin/master account opens every user's mailbox. Dovecot style {@code user*master}: the login name is
     * {@code <mailbox user><separator><admin user>} with the admin's password.
     */
    MASTER_USER
}
