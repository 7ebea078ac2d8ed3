package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.ReleasedContentException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * Turns what Angus Mail throws into the categories an admin acts on and into one plain sentence naming the side.
 * Shared by the mailboxes (as {@link MailboxException} kinds) and the probe (as {@link ConnectionFailure}).
 */
final class ImapFailures {
    /** Response codes (RFC 5530 and common practice) that mean "slow down", not "this message is bad". */
    private static final Pattern THROTTLE =
            Pattern.compile("\\[(LIMIT|OVERQUOTA|INUSE|UNAVAILABLE|THROTTLED)\\b", Pattern.CASE_INSENSITIVE);

    private ImapFailures() {
    }

    /**
     * Exchange Online's "Request is throttled. Suggested Backoff Time: N ms" (no response code), and Gmail's "[ALERT]
     * Account exceeded command or bandwidth limits" (its daily IMAP download limit, support.google.com/a/answer/1071518).
     */
    private static final Pattern THROTTLED_WORDS = Pattern.compile("Request is throttled|exceeded command or bandwidth"
            + " limits|bandwidth limit exceeded", Pattern.CASE_INSENSITIVE);

    /**
     * True for a NO saying the folder exists already: RFC 5530's [ALREADYEXISTS], or the words of servers without
     * response codes. CREATE answers it for a folder that is there; Dovecot 2.3 (maildir) also answered it to a STATUS
     * of an INBOX that another session was creating at the same instant.
     */
    static boolean alreadyExists(CommandFailedException e) {
        String words = e.getResponse() == null ? "" : e.getResponse().getRest().toUpperCase(Locale.ROOT);
        return words.contains("ALREADYEXISTS") || words.contains("ALREADY EXISTS") || words.contains("EXISTS");
    }

    static boolean throttling(String serverWords) {
        return serverWords != null && (THROTTLE.matcher(serverWords).find()
                || THROTTLED_WORDS.matcher(serverWords).find());
    }

    /** A THROTTLED failure with the wait the server suggested, when it named one. */
    static MailboxException throttled(String side, String sentence, String serverWords, Exception cause) {
        return MailboxException.throttled(side, sentence, cause, ExchangeOnlineRules.backoff(serverWords));
    }

    /** {@code e} and its causes, outermost first, each once (a chain may loop back on itself). */
    static List<Throwable> causes(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The category of a failure to connect or log in. */
    static ConnectionFailure classify(Throwable e) {
        ConnectionFailure found = null;
        for (Throwable t : causes(e)) {
            ConnectionFailure f = classifyOne(t);
            if (f == ConnectionFailure.TLS_CERTIFICATE || f == ConnectionFailure.AUTHENTICATION) {
                return f; // the most specific causes win over the wrapping ones
            }
            if (f != null && (found == null || found == ConnectionFailure.TLS_HANDSHAKE
                    || found == ConnectionFailure.OTHER)) {
                found = f;
            }
        }
        return found == null ? ConnectionFailure.OTHER : found;
    }

    private static ConnectionFailure classifyOne(Throwable t) {
        String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (t instanceof AuthenticationFailedException) {
            return ConnectionFailure.AUTHENTICATION;
        }
        if (t instanceof UnknownHostException) {
            return ConnectionFailure.DNS;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return ConnectionFailure.REFUSED;
        }
        if (t instanceof SocketTimeoutException || msg.contains("sockettimeoutexception")
                || msg.contains("read timed out")) {
            return ConnectionFailure.TIMEOUT;
        }
        if (t instanceof CertPathValidatorException || t instanceof CertificateException
                || msg.contains("certificate_unknown") || msg.contains("no subject alternative")
                || msg.contains("no name matching") || msg.contains("pkix path")
                || msg.contains("can't verify identity")) {
            return ConnectionFailure.TLS_CERTIFICATE;
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLException || msg.contains("starttls")) {
            return ConnectionFailure.TLS_HANDSHAKE;
        }
        if (t instanceof ParsingException || t instanceof BadCommandException) {
            return ConnectionFailure.PROTOCOL;
        }
        return null;
    }

    /** One sentence for the admin; never contains the password (scrubbed defensively as well). */
    static String sentence(ImapConnectionConfig config, String login, ConnectionFailure failure, Throwable e,
                           String password) {
        String side = config.side();
        String s = switch (failure) {
            case DNS -> side + " could not be found: the host name " + config.settings().host() + " does not resolve.";
            case REFUSED -> side + " refused the connection: nothing listens on that port or the network is unreachable.";
            case TIMEOUT -> side + " did not answer in time.";
            case TLS_CERTIFICATE -> side + " presented a TLS certificate that is not trusted (self-signed, expired or"
                    + " for another name); import it as a trusted certificate or fix the server.";
            case TLS_HANDSHAKE -> isStartTlsMissing(e)
                    ? side + " does not offer STARTTLS; choose TLS or enable STARTTLS on the server."
                    : side + " could not negotiate TLS (is the port and security setting right?): " + words(e) + ".";
            case AUTHENTICATION -> side + " rejected the login of " + login + ": " + words(e)
                    + (words(e).toUpperCase(Locale.ROOT).contains("[AUTHORIZATIONFAILED]")
                    ? " (the password was accepted, but this login may not open that mailbox: check that the mailbox"
                    + " exists and that the admin account may act for it)" : "");
            case PROTOCOL -> side + " answered something that is not the expected IMAP protocol: " + words(e);
            case CONFIGURATION -> side + " is not fully configured: " + words(e);
            // a cut connection's words are the library's ("* BYE Jakarta Mail Exception: java.net.Socket..."): left out
            case OTHER -> lostConnection(e)
                    ? side + " closed the connection while Mailferry was logging in as " + login + "."
                    : side + " failed: " + words(e);
        };
        return scrub(s, password);
    }

    /** A failure while connecting a mailbox session. */
    static MailboxException connectFailure(ImapConnectionConfig config, String login, Exception e, String password) {
        ConnectionFailure f = classify(e);
        if (config.gmail() && GmailDailyLimit.reached(words(e))) { // Gmail may refuse the login itself for the day
            return GmailDailyLimit.failure(config.side(), "the login of " + login, safeCause(e, f, password));
        }
        if (f == ConnectionFailure.OTHER && lostConnection(e)) {
            // cut while connecting or logging in (a network drop, a server restarting): worth another try
            return new MailboxException(Kind.CONNECTION, config.side() + " closed the connection while Mailferry was"
                    + " logging in as " + login + ".", safeCause(e, f, password));
        }
        Kind kind = switch (f) {
            case DNS, REFUSED, TIMEOUT -> Kind.CONNECTION;
            default -> Kind.FATAL;
        };
        return new MailboxException(kind, sentence(config, login, f, e, password), safeCause(e, f, password));
    }

    /**
     * {@code e}, unless a message in its chain holds the password (a server quoting the login back): then a stand-in
     * of the same category with the scrubbed words and no further cause, so a stack trace logged later cannot show it.
     */
    static Exception safeCause(Exception e, ConnectionFailure failure, String password) {
        boolean leaks = false;
        for (Throwable t : causes(e)) {
            String message = t.getMessage();
            leaks |= message != null && !message.equals(scrub(message, password));
        }
        if (!leaks) {
            return e;
        }
        String words = scrub(words(e), password) + " (the server's answer, with the password removed)";
        return switch (failure) {
            case AUTHENTICATION -> new AuthenticationFailedException(words);
            default -> new jakarta.mail.MessagingException(words);
        };
    }

    /**
     * A failure of one command on an established session. {@code onRefusal} is the kind for a plain NO (ITEM for
     * per-message work, FATAL for folder-level work); lost connections are CONNECTION, [LIMIT]-like refusals THROTTLED.
     */
    static MailboxException commandFailure(ImapConnectionConfig config, String action, Exception e, Kind onRefusal) {
        String side = config.side();
        if (ReleasedContentException.in(e)) {
            // the APPEND was left unfinished on purpose: the connection is not the server's fault, but unusable
            return new MailboxException(Kind.CONNECTION, ReleasedContentException.SENTENCE, e);
        }
        if (lostConnection(e)) {
            if (writeTimedOut(e)) {
                return new MailboxException(Kind.CONNECTION, side + " stopped reading what Mailferry sent while "
                        + action + "; Mailferry closed the connection after its write timeout.", e);
            }
            String why = classify(e) == ConnectionFailure.TIMEOUT ? "did not answer in time" : "closed the connection";
            return new MailboxException(Kind.CONNECTION, side + " " + why + " while " + action + ".", e);
        }
        String words = words(e);
        if (config.gmail() && GmailDailyLimit.reached(words)) {
            return GmailDailyLimit.failure(side, action, e);
        }
        if (throttling(words)) {
            return throttled(side, side + " asks to slow down while " + action + ": " + words, words, e);
        }
        return new MailboxException(onRefusal, side + " refused " + action + ": " + words, e);
    }

    /**
     * True when the connection's write timeout ended a write ({@link WriteDeadlines}): Angus names the IOException it
     * made of it in the text of the BYE it makes up for a failed command — not a server's own words.
     */
    static boolean writeTimedOut(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t.getMessage() != null && t.getMessage().contains("java.io.IOException: Write timed out")) {
                return true;
            }
        }
        return false;
    }

    static boolean lostConnection(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof StoreClosedException || t instanceof FolderClosedException
                    || t instanceof ConnectionException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The server's own words when there are any, else the most specific exception message. */
    static String words(Throwable e) {
        String best = null;
        for (Throwable t : causes(e)) {
            if (t instanceof ProtocolException pe && pe.getResponse() != null
                    && (t instanceof CommandFailedException || t instanceof BadCommandException)) {
                return clean(pe.getResponse().getRest());
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return best == null ? wordless(e) : clean(best);
    }

    /** What a failure without any message means, in words (never the exception's class name). */
    private static String wordless(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof java.net.SocketTimeoutException) {
                return "the server stopped answering";
            }
            if (t instanceof java.io.EOFException || t instanceof java.net.SocketException) {
                return "the connection was closed";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the secure connection failed";
            }
        }
        return "no reason given";
    }

    private static boolean isStartTlsMissing(Throwable e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("starttls");
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /**
     * {@code text} without {@code password} in any form a login sends it, for servers that quote the client's command
     * in their refusal: as typed, as IMAP's quoted string ({@code \"} and {@code \\} escaped), and in base64 (as
     * AUTHENTICATE PLAIN sends {@code \0user\0password}; also cut short). A base64-looking word is removed when it
     * decodes to bytes holding the password or its first six characters, or a NUL (only SASL blobs have one).
     */
    static String scrub(String text, String password) {
        if (password == null || password.length() < 3 || text == null) {
            return text;
        }
        String s = text.replace(imapQuoted(password), "***").replace(password, "***");
        Matcher m = BASE64_WORD.matcher(s);
        StringBuilder out = new StringBuilder();
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] head = Arrays.copyOf(secret, Math.min(secret.length, 6));
        while (m.find()) {
            byte[] decoded = decodeLeniently(m.group());
            boolean holdsSecret = decoded != null && (indexOf(decoded, head) >= 0 || indexOf(decoded, new byte[1]) >= 0);
            m.appendReplacement(out, Matcher.quoteReplacement(holdsSecret ? "***" : m.group()));
        }
        m.appendTail(out);
        // what is left: the password's base64 inside a word that does not decode as a whole
        String result = out.toString();
        for (String form : base64Forms(password)) {
            result = result.replace(form, "***");
        }
        return result;
    }

    private static final Pattern BASE64_WORD = Pattern.compile("[A-Za-z0-9+/]{8,}={0,2}");

    private static String imapQuoted(String password) {
        return password.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** For each of the three alignments in a longer blob, the base64 characters that depend on the password only. */
    private static List<String> base64Forms(String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + pw.length];
            System.arraycopy(pw, 0, shifted, k, pw.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int from = k == 0 ? 0 : 4;
            int to = (k + pw.length) / 3 * 4;
            if (to - from >= 4) {
                forms.add(encoded.substring(from, to));
            }
        }
        return forms;
    }

    private static byte[] decodeLeniently(String word) {
        String body = word.replace("=", "");
        body = body.substring(0, body.length() - body.length() % 4);
        try {
            return body.isEmpty() ? null : Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
