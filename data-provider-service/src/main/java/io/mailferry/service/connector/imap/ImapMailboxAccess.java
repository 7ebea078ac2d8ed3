package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;

/**
 * Opens IMAP mailboxes of one connection. PASSWORD mode logs in with the pair's own user and password when it brings
 * them, else with the connection's; MASTER_USER mode logs in as {@code <mailbox><separator><admin>} (Dovecot's
 * {@code user*master}) with the connection's secret. Each open call makes its own connection. Thread-safe.
 */
public final class ImapMailboxAccess implements MailboxAccess {
    /** Who to log in as, with which password: resolved from the connection and the pair's login. */
    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + ", ***]";
        }
    }

    private final ImapConnectionConfig config;
    private final Secret connectionSecret;
    private final ImapAppender.Mode appendMode;

    public ImapMailboxAccess(ImapSettings settings, Secret connectionSecret, ConnectionRole role) {
        this(settings, connectionSecret, role, ImapAppender.Mode.AUTO);
    }

    /** For measurements and tests: force one append strategy. */
    ImapMailboxAccess(ImapSettings settings, Secret connectionSecret, ConnectionRole role, ImapAppender.Mode mode) {
        this.config = new ImapConnectionConfig(settings, role);
        this.connectionSecret = connectionSecret;
        this.appendMode = mode;
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new ImapSourceMailbox(open(login));
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return new ImapTargetMailbox(open(login), appendMode);
    }

    @Override
    public String describe() {
        return config.describe();
    }

    private ImapSession open(Login login) throws MailboxException {
        if (config.settings().host() == null || config.settings().host().isBlank()) {
            throw new MailboxException(Kind.FATAL, "The " + config.describe() + " has no host name.");
        }
        Credentials c = credentials(config.settings(), connectionSecret, login);
        if (c.user() == null || c.user().isBlank() || c.password() == null || c.password().isEmpty()) {
            throw new MailboxException(Kind.FATAL, config.side() + ": no user name or password for mailbox "
                    + (login == null ? "?" : login.mailbox()) + ".");
        }
        try {
            return ImapSession.open(config, c.user(), c.password());
        } catch (IllegalArgumentException e) {
            throw new MailboxException(Kind.FATAL, config.side() + " settings are invalid: " + e.getMessage(), e);
        }
    }

    static Credentials credentials(ImapSettings settings, Secret connectionSecret, Login login) {
        String secret = connectionSecret == null ? null : connectionSecret.value();
        if (settings.authMode() == ImapAuthMode.MASTER_USER) {
            String mailbox = login == null ? null : firstNonBlank(login.mailbox(), login.user());
            return new Credentials(mailbox + settings.masterSeparator() + settings.user(), secret);
        }
        if (login != null && login.user() != null && !login.user().isBlank()) {
            Secret own = login.password();
            return new Credentials(login.user(), own != null && !own.isBlank() ? own.value() : secret);
        }
        return new Credentials(firstNonBlank(settings.user(), login == null ? null : login.mailbox()), secret);
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
