package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.tls.BufferedPlainSocketFactory;
import io.mailferry.service.tls.TrustedCertificates;
import jakarta.mail.Session;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Angus Mail session properties for one IMAP connection: protocol, timeouts, TLS and fetch tuning. One place so the
 * mailboxes and the probe connect exactly the same way.
 */
final class ImapConnectionConfig {
    static final int CONNECT_TIMEOUT_MILLIS = 15_000;
    static final int READ_TIMEOUT_MILLIS = 60_000;
    /**
     * Chunk size for partial fetches of large bodies: 1 MiB (Angus defaults to 16 KiB, i.e. one round trip per
     * 16 KiB). It matches {@code BufferedContent}'s memory limit.
     */
    static final int FETCH_CHUNK = 1 << 20;
    /**
     * Bodies listed at up to this size are fetched whole with the others of their batch and kept in the answer's own
     * buffer; larger ones in {@link #FETCH_CHUNK} partial fetches spooled to a temporary file. Not 1 MiB: bodies of 1–4
     * MiB (in a realistic mix most of the bytes above 1 MiB) then went through a temporary file, at a CPU cost of the
     * kernel's page cache, and Dovecot scanned each chunk's predecessor again to find where it starts
     * (docs/performance.md, issue 10 part 17; ADR 0043). Memory stays bounded: a batch's bytes are (ADR 0033), and a
     * batch holds at most one body past its budget.
     */
    static final int WHOLE_BODY = 4 << 20;

    /** More distinct kinds of connection than any service opens; past it the sessions are made anew. */
    static final int MAX_SESSIONS = 64;
    private static final Map<SessionKey, Session> SESSIONS = new ConcurrentHashMap<>();

    private final ImapSettings settings;
    private final ConnectionRole role;
    private final boolean xoauth2;
    private final boolean exchangeOnline;
    private final boolean gmail;

    ImapConnectionConfig(ImapSettings settings, ConnectionRole role) {
        this(settings, role, false, false);
    }

    /**
     * @param xoauth2        log in with {@code AUTHENTICATE XOAUTH2}, the access token as the password
     * @param exchangeOnline apply Exchange Online's limits per item ({@link ExchangeOnlineRules})
     */
    ImapConnectionConfig(ImapSettings settings, ConnectionRole role, boolean xoauth2, boolean exchangeOnline) {
        this(settings, role, xoauth2, exchangeOnline, false);
    }

    /** @param gmail the server is Gmail: connections understand its FETCH items ({@link MailferryImapStore}) */
    ImapConnectionConfig(ImapSettings settings, ConnectionRole role, boolean xoauth2, boolean exchangeOnline,
            boolean gmail) {
        this.settings = settings;
        this.role = role;
        this.xoauth2 = xoauth2;
        this.exchangeOnline = exchangeOnline;
        this.gmail = gmail;
    }

    boolean gmail() {
        return gmail;
    }

    boolean xoauth2() {
        return xoauth2;
    }

    boolean exchangeOnline() {
        return exchangeOnline;
    }

    ImapSettings settings() {
        return settings;
    }

    ConnectionRole role() {
        return role;
    }

    /**
     * What makes two configurations open the same kind of connection: equal for equal settings, side and modes. The
     * settings' user is left out: who logs in is the login's business (a CSV run tests a side as its first pair's user).
     */
    Object identity() {
        ImapSettings s = settings;
        return new Identity(new ImapSettings(s.host(), s.port(), s.security(), s.authMode(), null, s.masterSeparator(),
                s.trustedCertificatePem()), role, xoauth2, exchangeOnline, gmail);
    }

    private record Identity(ImapSettings settings, ConnectionRole role, boolean xoauth2, boolean exchangeOnline,
            boolean gmail) {
        @Override
        public String toString() {
            return (role == ConnectionRole.TARGET ? "target " : "source ") + settings.host() + ":" + settings.port();
        }
    }

    String protocol() {
        return settings.security() == ImapSecurity.TLS ? "imaps" : "imap";
    }

    int port() {
        return settings.port() > 0 ? settings.port() : settings.security().defaultPort();
    }

    /** "source IMAP server imap.example.com:993". */
    String describe() {
        return (role == ConnectionRole.TARGET ? "target" : "source") + (gmail ? " Gmail server " : " IMAP server ") + settings.host() + ":" + port();
    }

    /** {@link #describe()} with a capital letter, to start a sentence. */
    String side() {
        String d = describe();
        return Character.toUpperCase(d.charAt(0)) + d.substring(1);
    }

    /** What {@link #properties} depends on, all of it. */
    private record SessionKey(ImapSecurity security, String trustedCertificatePem, boolean xoauth2,
            int readTimeoutMillis) {
    }

    /**
     * The jakarta.mail session of a connection of this configuration, with this connector's stores registered
     * ({@link MailferryImapStore#register}): made once per distinct {@link #properties} and shared by the connections
     * that have them. Making one read the mail providers' files of the class path again (about a millisecond, 1.4 %
     * of the client's CPU in a twenty-mailbox pass: docs/performance.md, issue 10 part 34). A session holds no
     * credentials: each connection gives its login to {@code connect}, and jakarta.mail keeps a password in its
     * session only when it was asked for none.
     */
    Session session(int readTimeoutMillis) {
        SessionKey key = new SessionKey(settings.security(), settings.trustedCertificatePem(), xoauth2,
                readTimeoutMillis);
        Session known = SESSIONS.get(key);
        if (known != null) {
            return known;
        }
        if (SESSIONS.size() >= MAX_SESSIONS) {
            SESSIONS.clear();
        }
        // made outside the map's lock: an invalid trusted certificate throws here (IllegalArgumentException)
        Session made = MailferryImapStore.register(Session.getInstance(properties(readTimeoutMillis)));
        Session raced = SESSIONS.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    Properties properties(int readTimeoutMillis) {
        String p = "mail." + protocol() + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", String.valueOf(CONNECT_TIMEOUT_MILLIS));
        props.put(p + "timeout", String.valueOf(readTimeoutMillis));
        props.put(p + "writetimeout", String.valueOf(readTimeoutMillis));
        // an object property: one watchdog thread for every connection's write timeout, not a timer thread per
        // connection woken twice per write (WriteDeadlines)
        props.put(p + "executor.writetimeout", WriteDeadlines.shared());
        props.put(p + "partialfetch", "true");
        props.put(p + "fetchsize", String.valueOf(FETCH_CHUNK));
        props.put(p + "peek", "true");
        // one connection per session: everything runs on the store connection (see ImapSession)
        props.put(p + "connectionpoolsize", "1");
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "auth.login.disable", "false");
        if (xoauth2) {
            // Angus sends AUTHENTICATE XOAUTH2 with the password as the bearer token (TOOLCHAIN.md "OAuth in tests")
            props.put(p + "auth.mechanisms", "XOAUTH2");
        }
        // a failed connect is not tried again with the JDK's own socket or TLS factory (Angus's default): ours reach
        // whatever those reach, and a second try doubled the wait for a server that does not answer (15 s to 30 s)
        props.put(p + "socketFactory.fallback", "false");
        if (settings.security() == ImapSecurity.NONE) {
            // an object property: plain text read through a buffer, not Angus's 2 KiB one alone (ADR 0054, 0056)
            props.put(p + "socketFactory", BufferedPlainSocketFactory.shared());
        } else {
            // an object property: Angus uses this factory for imaps and for the STARTTLS upgrade alike
            props.put(p + "ssl.socketFactory", TrustedCertificates.socketFactory(settings.trustedCertificatePem()));
        }
        if (settings.security() == ImapSecurity.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            // never fall back to plain text when the server does not offer STARTTLS
            props.put(p + "starttls.required", "true");
        }
        return props;
    }
}
