package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens IMAP mailboxes of one connection. PASSWORD mode logs in with the pair's own user and password when it brings
 * them, else with the connection's; MASTER_USER mode logs in as {@code <mailbox><separator><admin>} (Dovecot's
 * {@code user*master}) with the connection's secret. An OAuth access ({@link #oauth}) logs in with
 * {@code AUTHENTICATE XOAUTH2} as the mailbox's address with a token instead of a password. Each open call makes its
 * own connection. Thread-safe.
 */
public final class ImapMailboxAccess implements MailboxAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ImapMailboxAccess.class);

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
    private final ImapTokens tokens;
    private final String refusedHint;
    /** Exchange Online: per mailbox, the smallest message size it refused as too large (for its next sessions). */
    private final Map<String, AtomicLong> refusedSizes = new ConcurrentHashMap<>();

    public ImapMailboxAccess(ImapSettings settings, Secret connectionSecret, ConnectionRole role) {
        this(settings, connectionSecret, role, ImapAppender.Mode.AUTO);
    }

    /** For measurements and tests: force one append strategy. */
    ImapMailboxAccess(ImapSettings settings, Secret connectionSecret, ConnectionRole role, ImapAppender.Mode mode) {
        this(new ImapConnectionConfig(settings, role), connectionSecret, mode, null, null);
    }

    private ImapMailboxAccess(ImapConnectionConfig config, Secret connectionSecret, ImapAppender.Mode mode,
                              ImapTokens tokens, String refusedHint) {
        this.config = config;
        this.connectionSecret = connectionSecret;
        this.appendMode = mode;
        this.tokens = tokens;
        this.refusedHint = refusedHint;
    }

    /**
     * An access that logs in with {@code AUTHENTICATE XOAUTH2}: user = the pair's mailbox address, password = a token
     * from {@code tokens}. A refused login with a cached token is retried once with a refreshed one; a refusal after
     * that fails FATAL with a sentence naming the side, then {@code refusedHint} when given (what the admin checks).
     *
     * @param exchangeOnline apply Exchange Online's IMAP limits per item (size cap, long lines, reserved "Files",
     *                       "Suggested Backoff Time")
     */
    public static ImapMailboxAccess oauth(ImapSettings settings, ConnectionRole role, ImapTokens tokens,
                                          String refusedHint, boolean exchangeOnline) {
        if (tokens == null) {
            throw new IllegalArgumentException("an OAuth IMAP access needs a token source");
        }
        return new ImapMailboxAccess(new ImapConnectionConfig(settings, role, true, exchangeOnline), null,
                ImapAppender.Mode.AUTO, tokens, refusedHint);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new ImapSourceMailbox(open(login));
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        ImapSession session = open(login);
        if (!config.exchangeOnline()) {
            return new ImapTargetMailbox(session, appendMode);
        }
        String mailbox = session.login().toLowerCase(Locale.ROOT);
        return new ImapTargetMailbox(session, appendMode,
                refusedSizes.computeIfAbsent(mailbox, m -> new AtomicLong(Long.MAX_VALUE)));
    }

    @Override
    public String describe() {
        return config.describe();
    }

    private ImapSession open(Login login) throws MailboxException {
        if (config.settings().host() == null || config.settings().host().isBlank()) {
            throw new MailboxException(Kind.FATAL, "The " + config.describe() + " has no host name.");
        }
        if (tokens != null) {
            return openWithToken(login);
        }
        Credentials c = credentials(config.settings(), connectionSecret, login);
        if (c.user() == null || c.user().isBlank() || c.password() == null || c.password().isEmpty()) {
            throw new MailboxException(Kind.FATAL, config.side() + ": no user name or password for mailbox "
                    + (login == null ? "?" : login.mailbox()) + ".");
        }
        ImapSession tested = ImapSessionShelf.shared().take(config, c.user(), c.password());
        if (tested != null) {
            return tested; // the connection test's, logged in as this login a moment ago (ImapSessionShelf)
        }
        try {
            return ImapSession.open(config, c.user(), c.password());
        } catch (IllegalArgumentException e) {
            throw new MailboxException(Kind.FATAL, config.side() + " settings are invalid: " + e.getMessage(), e);
        }
    }

    private ImapSession openWithToken(Login login) throws MailboxException {
        String user = login == null ? null : firstNonBlank(login.mailbox(), login.user());
        if (user == null || user.isBlank()) {
            throw new MailboxException(Kind.FATAL, config.side() + ": the pair names no mailbox address.");
        }
        String mailbox = user.trim();
        String token = tokens.token(false);
        try {
            return openSession(mailbox, token);
        } catch (MailboxException first) {
            if (!refused(first)) {
                throw first;
            }
            LOG.debug("{} refused the token for {}; asking for a new one", config.describe(), mailbox);
        }
        String fresh = tokens.token(true);
        try {
            return openSession(mailbox, fresh);
        } catch (MailboxException second) {
            if (!refused(second)) {
                throw second;
            }
            String words = ImapFailures.words(second.getCause() == null ? second : second.getCause());
            String sentence = config.side() + " refused the app's login to mailbox " + mailbox + ". "
                    + (refusedHint == null || refusedHint.isBlank()
                    ? "Check that the OAuth app may use IMAP for this mailbox." : refusedHint.trim())
                    + " (The server said: " + words + ")";
            sentence = ImapFailures.scrub(ImapFailures.scrub(sentence, fresh), token);
            throw new MailboxException(Kind.FATAL, sentence);
        }
    }

    private ImapSession openSession(String user, String token) throws MailboxException {
        try {
            return ImapSession.open(config, user, token);
        } catch (IllegalArgumentException e) {
            throw new MailboxException(Kind.FATAL, config.side() + " settings are invalid: " + e.getMessage(), e);
        }
    }

    private static boolean refused(MailboxException e) {
        return e.kind() == Kind.FATAL && e.getCause() != null
                && ImapFailures.classify(e.getCause()) == ConnectionFailure.AUTHENTICATION;
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
