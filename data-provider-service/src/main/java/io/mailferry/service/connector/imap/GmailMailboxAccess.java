package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Opens Gmail mailboxes as sources ({@link GmailSourceMailbox}): with an OAuth token per mailbox
 * ({@code AUTHENTICATE XOAUTH2}, user = the mailbox's address) or with the account's app password. Google counts
 * simultaneous IMAP connections per account, every client of the user included, so each mailbox gets at most
 * {@link GmailSettings#maxConnections()} sessions at once; a further open waits for one to close. Gmail is a source
 * only. Thread-safe.
 */
public final class GmailMailboxAccess implements MailboxAccess {
    /** How long an open waits for a free connection of its account before it gives up for now. */
    static final Duration CONNECTION_WAIT = Duration.ofMinutes(10);

    private final ImapConnectionConfig config;
    private final GmailSettings gmail;
    private final GmailTokens tokens;
    private final Secret password;
    private final Map<String, Semaphore> connections = new ConcurrentHashMap<>();

    private GmailMailboxAccess(ImapSettings imap, GmailSettings gmail, ConnectionRole role, GmailTokens tokens,
            Secret password) {
        this.config = new ImapConnectionConfig(imap, role, tokens != null, false, true);
        this.gmail = gmail;
        this.tokens = tokens;
        this.password = password;
    }

    /** Logs in to each mailbox with XOAUTH2 and a token {@code tokens} issues for it. */
    public static GmailMailboxAccess oauth(ImapSettings imap, GmailSettings gmail, ConnectionRole role,
            GmailTokens tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("an OAuth Gmail access needs a token source");
        }
        return new GmailMailboxAccess(imap, gmail, role, tokens, null);
    }

    /** Logs in with the account's app password (a pair may bring its own login and password). */
    public static GmailMailboxAccess appPassword(ImapSettings imap, GmailSettings gmail, ConnectionRole role,
            Secret password) {
        return new GmailMailboxAccess(imap, gmail, role, null, password);
    }

    /** The account's connections at once: a further open waits for one to close. */
    @Override
    public int sessionsPerMailbox() {
        return Math.min(GmailSettings.MAX_CONNECTIONS, gmail.maxConnections());
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        String mailbox = mailbox(login);
        Semaphore free = connections.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT),
                m -> new Semaphore(sessionsPerMailbox(), true));
        try {
            if (!free.tryAcquire(CONNECTION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw MailboxException.throttled(config.side() + " mailbox " + mailbox, config.side() + ": all "
                        + gmail.maxConnections() + " connections allowed for mailbox " + mailbox + " stay busy.",
                        null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.CONNECTION, config.side() + ": interrupted while waiting for a connection"
                    + " to mailbox " + mailbox + ".");
        }
        try {
            ImapSession session = tokens != null ? openWithToken(mailbox) : openWithPassword(login, mailbox);
            if (!session.hasCapability("X-GM-EXT-1")) {
                session.close();
                throw new MailboxException(Kind.FATAL, config.side() + " does not offer Gmail's IMAP extensions"
                        + " (X-GM-EXT-1): it is not Gmail, so its labels cannot be told from folders.");
            }
            return new GmailSourceMailbox(session, gmail.labelStrategy(), gmail.includeSpam(), gmail.includeTrash(),
                    free::release);
        } catch (MailboxException | RuntimeException e) {
            free.release();
            throw e;
        }
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        throw new MailboxException(Kind.FATAL, "Gmail can be a source only; choose an IMAP or Microsoft 365 target.");
    }

    @Override
    public String describe() {
        return config.describe();
    }

    private String mailbox(Login login) throws MailboxException {
        String m = login == null ? null : firstNonBlank(login.mailbox(), login.user());
        m = firstNonBlank(m, gmail.user());
        if (m == null) {
            throw new MailboxException(Kind.FATAL, config.side() + ": the pair names no Gmail address.");
        }
        m = m.trim();
        String consenting = gmail.user() == null ? null : gmail.user().trim();
        if (gmail.authMode() == GmailAuthMode.OAUTH_CONSENT && consenting != null
                && !account(m).equals(account(consenting))) {
            // the consent's tokens open the account that gave it, and Gmail would refuse any other with a sentence
            // about the Admin console that a consumer account does not have
            throw new MailboxException(Kind.FATAL, config.side() + ": this connection signs in with the consent of "
                    + consenting + " and cannot open mailbox " + m + ". Add a connection with " + m + "'s own consent"
                    + " (Sign in with Google), or a service account for a Workspace domain.");
        }
        return m;
    }

    /**
     * Gmail's refusal of a user whose IMAP is switched off ("IMAP access is disabled for your domain", "Your account is
     * not enabled for IMAP use") as a sentence saying where to switch it on, else {@code e} as it is.
     */
    private MailboxException imapDisabled(String mailbox, MailboxException e) {
        String words = ImapFailures.words(e.getCause() == null ? e : e.getCause()).toLowerCase(Locale.ROOT);
        if (words.contains("imap") && (words.contains("disabled") || words.contains("not enabled"))) {
            return new MailboxException(Kind.FATAL, config.side() + " says IMAP is disabled for mailbox " + mailbox
                    + ". Enable IMAP access for the user's organisational unit in the Google Admin console (Apps >"
                    + " Google Workspace > Gmail > End user access), or for a consumer account in Gmail's settings"
                    + " (Forwarding and POP/IMAP).");
        }
        return e;
    }

    private ImapSession openWithPassword(Login login, String mailbox) throws MailboxException {
        String user = login != null && login.user() != null && !login.user().isBlank() ? login.user() : mailbox;
        Secret own = login == null ? null : login.password();
        Secret secret = own != null && !own.isBlank() ? own : password;
        if (secret == null || secret.isBlank()) {
            throw new MailboxException(Kind.FATAL, config.side() + ": no app password for mailbox " + mailbox + ".");
        }
        try {
            return ImapSession.open(config, user, secret.value());
        } catch (MailboxException e) {
            throw imapDisabled(mailbox, e);
        }
    }

    private ImapSession openWithToken(String mailbox) throws MailboxException {
        String token = tokens.token(mailbox, false);
        try {
            return ImapSession.open(config, mailbox, token);
        } catch (MailboxException first) {
            if (!refused(first) || imapDisabled(mailbox, first) != first) {
                throw imapDisabled(mailbox, first);
            }
        }
        String fresh = tokens.token(mailbox, true);
        try {
            return ImapSession.open(config, mailbox, fresh);
        } catch (MailboxException second) {
            if (!refused(second)) {
                throw second;
            }
            String words = ImapFailures.words(second.getCause() == null ? second : second.getCause());
            String sentence = config.side() + " refused the login to mailbox " + mailbox + " with a token Google"
                    + " issued. Check that IMAP is enabled for the user's organisational unit in the Google Admin"
                    + " console (Apps > Google Workspace > Gmail > End user access). (The server said: " + words + ")";
            throw new MailboxException(Kind.FATAL, ImapFailures.scrub(ImapFailures.scrub(sentence, fresh), token));
        }
    }

    private static boolean refused(MailboxException e) {
        return e.kind() == Kind.FATAL && e.getCause() != null
                && ImapFailures.classify(e.getCause()) == ConnectionFailure.AUTHENTICATION;
    }

    /**
     * The account an address names: without case, and for consumer Gmail without the dots and the "+tag" of its
     * local part, which Gmail ignores (support.google.com/mail/answer/7436150, answer/12096).
     */
    static String account(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at < 0) {
            return a;
        }
        String domain = a.substring(at + 1);
        if (!domain.equals("gmail.com") && !domain.equals("googlemail.com")) {
            return a;
        }
        String local = a.substring(0, at);
        int plus = local.indexOf('+');
        return (plus < 0 ? local : local.substring(0, plus)).replace(".", "") + "@gmail.com";
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
