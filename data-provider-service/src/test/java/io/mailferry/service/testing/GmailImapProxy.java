package io.mailferry.service.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gmail's IMAP played by a real Dovecot behind this proxy (test code only). The Dovecot holds what Gmail shows over
 * IMAP: a folder per label with a copy of each labelled message, {@code [Gmail]/All Mail} with every message but spam
 * and trash, and the other {@code [Gmail]/...} folders (see {@link #FOLDERS}). The proxy adds what Gmail adds to IMAP,
 * as Google documents it at developers.google.com/gmail/imap/imap-extensions:
 * <ul>
 * <li>the capability {@code X-GM-EXT-1};</li>
 * <li>the SEARCH key {@code X-GM-MSGID};</li>
 * <li>the FETCH items {@code X-GM-MSGID} (one id per message, the same in every folder that shows it) and
 *     {@code X-GM-LABELS} (its labels, system labels as {@code \Inbox}, {@code \Sent}, {@code \Starred},
 *     {@code \Important}, user labels as modified UTF-7 names) — without the label of the folder the session
 *     selected, as Gmail answers (github.com/dlech/gmailbuttons/issues/10: "The response from the server for FETCH
 *     (X-GM-LABELS) does not include the selected folder"). Each copy carries its message id in Dovecot as a
 *     keyword {@code gmidN}, which the proxy turns into X-GM-MSGID and hides from every FLAGS it passes on; the labels
 *     are the proxy's own record ({@link #labels}).</li>
 * <li>Gmail's refusal of a login when IMAP is disabled for the domain, on demand ({@link #imapDisabled});</li>
 * <li>Gmail's answer once an account passed its IMAP bandwidth limit (2,500 MB download a day: "Gmail bandwidth
 *     limits", support.google.com/a/answer/1071518), on demand for every account ({@link #limitReached}) or for one
 *     after some more downloads ({@link #limitAfter}): every body FETCH is answered {@value #LIMIT}.</li>
 * <li>a record of the listing commands (UID FETCH with Gmail's items: {@link #listings}), to show how a listing is
 *     paged;</li>
 * <li>a word to a hook of the test's before each expunge reaches Dovecot ({@link #onExpunge}), so that it can do
 *     beside it what Gmail does (GmailFixture#expungeAsGmail).</li>
 * </ul>
 * Plain TCP on loopback. Thread-safe; one thread pair per connection.
 */
public final class GmailImapProxy implements AutoCloseable {
    public static final String CAPABILITY = "X-GM-EXT-1";
    public static final String LIMIT = "NO [ALERT] Account exceeded command or bandwidth limits. (Failure)";
    public static final String KEYWORD = "gmid";
    /** Gmail's login answer when the Workspace admin switched IMAP off for the user's organisational unit. */
    public static final String IMAP_DISABLED = "NO [ALERT] IMAP access is disabled for your domain. Please contact"
            + " your domain administrator for questions about this feature. (Failure)";
    /** Gmail's special folders as Dovecot gets them: name → SPECIAL-USE attribute. */
    public static final Map<String, String> FOLDERS = DovecotServer.orderedPairs(
            "[Gmail]/All Mail", "\\All", "[Gmail]/Sent Mail", "\\Sent", "[Gmail]/Drafts", "\\Drafts",
            "[Gmail]/Spam", "\\Junk", "[Gmail]/Trash", "\\Trash", "[Gmail]/Starred", "\\Flagged",
            "[Gmail]/Important", "\\Important");

    private static final Pattern GM_ITEM = Pattern.compile(" ?X-GM-(MSGID|LABELS|THRID)", Pattern.CASE_INSENSITIVE);
    private static final Pattern GMID = Pattern.compile("(?i)(?<=[( ])" + KEYWORD + "(\\d+)");
    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH \\(", Pattern.CASE_INSENSITIVE);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Map<String, List<String>> labels = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1_700_000_000_000_000_000L);
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger mostLive = new AtomicInteger();
    private volatile Expunges expunges;
    private volatile boolean limitReached;
    private volatile String refusingExpunge;
    private volatile boolean imapDisabled;
    /** Per account (login name): body FETCH commands still answered before the limit answer. */
    private final Map<String, AtomicInteger> allowance = new ConcurrentHashMap<>();
    /** Every listing command (a UID FETCH with Gmail's items), as the client sent it without its tag. */
    private final List<String> listings = new CopyOnWriteArrayList<>();
    private static final Pattern LOGIN = Pattern.compile("(?i)^\\S+ LOGIN \"?([^\" ]+)");
    private static final Pattern SASL = Pattern.compile("(?i)^\\S+ AUTHENTICATE (PLAIN|XOAUTH2)(?: (\\S+))?");
    private static final Pattern SELECT =
            Pattern.compile("(?i)^\\S+ (?:SELECT|EXAMINE) (\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Pattern EXPUNGE = Pattern.compile("(?i)^\\S+ (?:UID EXPUNGE (\\S+)|EXPUNGE)\\s*$");
    /** The label Gmail gives the messages of each of its own folders. */
    public static final Map<String, String> FOLDER_LABELS = Map.of("INBOX", "\\Inbox", "[Gmail]/Sent Mail", "\\Sent",
            "[Gmail]/Drafts", "\\Draft", "[Gmail]/Starred", "\\Starred", "[Gmail]/Important", "\\Important");

    private GmailImapProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "gmail-imap-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy on 127.0.0.1 (free port) in front of a Dovecot's plain IMAP port. */
    public static GmailImapProxy start(String host, int port) throws IOException {
        return new GmailImapProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A new message id, as Gmail gives one to each message it stores. */
    public String newMessageId() {
        return Long.toString(nextId.incrementAndGet());
    }

    /** Gives message {@code msgId} exactly these labels (raw: {@code \Inbox}, or a modified UTF-7 name). */
    public void labels(String msgId, List<String> raw) {
        labels.put(msgId, List.copyOf(raw));
    }

    public List<String> labels(String msgId) {
        return labels.getOrDefault(msgId, List.of());
    }

    /** What Gmail does beside an expunge, told before the expunge reaches Dovecot. */
    public interface Expunges {
        /**
         * @param user   the session's account
         * @param folder the selected folder (as the client named it)
         * @param uids   the UID set of a {@code UID EXPUNGE}, null for a plain {@code EXPUNGE} (every \Deleted one)
         */
        void expunging(String user, String folder, String uids);
    }

    /** Has {@code hook} told of every expunge from now on, before Dovecot runs it (null: none). */
    public void onExpunge(Expunges hook) {
        expunges = hook;
    }

    /** From now on every expunge in {@code folder} is answered NO (null: none is). */
    public void refuseExpunge(String folder) {
        refusingExpunge = folder;
    }

    /** From now on (until set false) every body FETCH gets Gmail's bandwidth limit answer. */
    public void limitReached(boolean on) {
        limitReached = on;
    }

    /**
     * Account {@code user} (its login name) passes its limit after {@code bodyFetches} more body FETCH commands: every
     * later one of its sessions gets {@value #LIMIT} until {@link #liftLimit}. Other accounts are not limited.
     */
    public void limitAfter(String user, int bodyFetches) {
        allowance.put(user, new AtomicInteger(bodyFetches));
    }

    /** A day later: account {@code user} may download again. */
    public void liftLimit(String user) {
        allowance.remove(user);
    }

    /** The listing commands (UID FETCH with X-GM items) sent so far, without their tags, oldest first. */
    public List<String> listings() {
        return List.copyOf(listings);
    }

    /** Forgets the listing commands recorded so far. */
    public void clearListings() {
        listings.clear();
    }

    /** From now on (until set false) every login is refused as for a domain whose IMAP access is off. */
    public void imapDisabled(boolean on) {
        imapDisabled = on;
    }

    /** How many commands got the limit answer. */
    public int limitAnswers() {
        return limited.get();
    }

    /** The most sessions that were open at once. */
    public int mostSessionsAtOnce() {
        return mostLive.get();
    }

    @Override
    public void close() {
        ImapRelay.close(server, open);
    }

    private void accept() {
        ImapRelay.accept(server, upstream, open, (client, dovecot) -> {
            mostLive.accumulateAndGet(live.incrementAndGet(), Math::max);
            new Session(sessions.incrementAndGet(), client, dovecot).start();
        });
    }

    /** The command with Gmail's items taken out (Dovecot would refuse them) and FLAGS, which carry the id, put in. */
    static String dovecotCommand(String line) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.contains(" SEARCH ") && upper.contains("X-GM-MSGID")) { // each copy carries its id as a keyword
            return line.replaceAll("(?i)X-GM-MSGID (\\d+)", "KEYWORD " + KEYWORD + "$1");
        }
        if (!upper.contains(" FETCH ") || !upper.contains("X-GM-")) {
            return line;
        }
        String stripped = GM_ITEM.matcher(line).replaceAll("");
        if (!stripped.toUpperCase(java.util.Locale.ROOT).contains("FLAGS")) {
            stripped = stripped.replaceFirst("\\(", "(FLAGS ");
        }
        return stripped.replace("( ", "(");
    }

    /** One client connection and its Dovecot connection; ends both when either side goes. */
    private final class Session {
        private final String name;
        private final Socket client;
        private final Socket dovecot;
        private final AtomicInteger ended = new AtomicInteger();
        private volatile String user;
        /** The folder the last SELECT or EXAMINE named (as sent, unquoted), whose label answers leave out. */
        private volatile String selected;
        /** The SASL mechanism whose initial response comes on the next line (no SASL-IR), else null. */
        private String pendingSasl;

        Session(int number, Socket client, Socket dovecot) {
            this.name = "gmail-proxy-" + number;
            this.client = client;
            this.dovecot = dovecot;
        }

        void start() {
            ImapRelay.relay(name, this::commands, this::answers);
        }

        /** Commands go on without Gmail's items; body fetches get the limit answer while it is on. */
        private void commands() {
            try (InputStream in = new BufferedInputStream(client.getInputStream());
                    OutputStream out = dovecot.getOutputStream()) {
                for (byte[] line; (line = ImapRelay.readLine(in)) != null; ) {
                    String t = ImapRelay.text(line).stripTrailing();
                    String upper = t.toUpperCase(java.util.Locale.ROOT);
                    if (imapDisabled && (upper.contains(" AUTHENTICATE ") || upper.contains(" LOGIN "))) {
                        answer(t.split(" ", 2)[0] + " " + IMAP_DISABLED + "\r\n");
                        continue;
                    }
                    loggedIn(t);
                    Matcher select = SELECT.matcher(t);
                    if (select.find()) {
                        String name = select.group(1);
                        selected = name.startsWith("\"")
                                ? name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
                                : name;
                    }
                    Matcher expunge = EXPUNGE.matcher(t);
                    boolean expunging = expunge.find() && selected != null;
                    if (expunging && selected.equals(refusingExpunge)) {
                        answer(t.split(" ", 2)[0] + " NO Expunge refused\r\n");
                        continue;
                    }
                    Expunges hook = expunges;
                    if (hook != null && expunging) {
                        hook.expunging(user, selected, expunge.group(1));
                    }
                    if (upper.contains(" UID FETCH ") && upper.contains("X-GM-")) {
                        listings.add(t.split(" ", 2)[1]);
                    }
                    if ((limitReached || overLimit(upper)) && upper.contains(" FETCH ")
                            && upper.contains("BODY.PEEK[]")) {
                        limited.incrementAndGet();
                        answer(t.split(" ", 2)[0] + " " + LIMIT + "\r\n");
                        continue;
                    }
                    out.write((dovecotCommand(t) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    Matcher m = ImapRelay.LITERAL.matcher(t);
                    if (m.find()) { // the client sends the literal after Dovecot's "+" (or at once with LITERAL+)
                        out.flush();
                        out.write(in.readNBytes(Integer.parseInt(m.group(1))));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                end();
            }
        }

        /** Remembers the account a LOGIN or an AUTHENTICATE PLAIN / XOAUTH2 names. */
        private void loggedIn(String command) {
            if (pendingSasl != null) {
                saslUser(pendingSasl, command);
                pendingSasl = null;
                return;
            }
            Matcher login = LOGIN.matcher(command);
            if (login.find()) {
                user = login.group(1);
                return;
            }
            Matcher sasl = SASL.matcher(command);
            if (sasl.find()) {
                if (sasl.group(2) == null) {
                    pendingSasl = sasl.group(1);
                } else {
                    saslUser(sasl.group(1), sasl.group(2));
                }
            }
        }

        /** PLAIN: "authzid NUL user NUL password"; XOAUTH2: "user=U ^A auth=Bearer T ^A ^A". */
        private void saslUser(String mechanism, String base64) {
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return;
            }
            if (mechanism.equalsIgnoreCase("PLAIN")) {
                String[] parts = decoded.split("\0");
                if (parts.length >= 2) {
                    user = parts[1];
                }
            } else if (decoded.startsWith("user=") && decoded.indexOf(1) > 0) {
                user = decoded.substring(5, decoded.indexOf(1));
            }
        }

        /** True when this session's account used up its allowance (counts each body FETCH). */
        private boolean overLimit(String upper) {
            AtomicInteger left = user == null ? null : allowance.get(user);
            return left != null && upper.contains(" FETCH ") && upper.contains("BODY.PEEK[]")
                    && left.getAndDecrement() <= 0;
        }

        private void answers() {
            try (InputStream in = new BufferedInputStream(dovecot.getInputStream())) {
                for (byte[] line; (line = ImapRelay.readLine(in)) != null; ) {
                    List<byte[]> parts = ImapRelay.response(line, in);
                    rewrite(parts, selected);
                    answer(ImapRelay.text(ImapRelay.join(parts)));
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                end();
            }
        }

        private void answer(String text) throws IOException {
            OutputStream out = client.getOutputStream();
            synchronized (this) {
                out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }

        private void end() {
            if (ended.getAndIncrement() == 0) {
                live.decrementAndGet();
            }
            ImapRelay.closeQuietly(client);
            ImapRelay.closeQuietly(dovecot);
            open.remove(client);
            open.remove(dovecot);
        }
    }

    /**
     * Capability added; in a FETCH answer the gmid keyword becomes X-GM-MSGID and X-GM-LABELS, without the label of
     * the folder {@code selected}.
     */
    private void rewrite(List<byte[]> parts, String selected) {
        String msgId = null;
        for (int i = 0; i < parts.size(); i += 2) { // text parts only: literals are message bytes
            String t = ImapRelay.text(parts.get(i));
            Matcher m = GMID.matcher(t);
            if (m.find()) {
                msgId = m.group(1);
                t = t.replaceAll("(?i) " + KEYWORD + "\\d+", "").replaceAll("(?i)\\(" + KEYWORD + "\\d+ ?", "(");
            }
            if (t.regionMatches(true, 0, "* CAPABILITY ", 0, 13)
                    || t.toUpperCase(java.util.Locale.ROOT).contains("[CAPABILITY ")) {
                t = t.replaceFirst("(?i)(CAPABILITY [^\\]\\r\\n]*)", "$1 " + CAPABILITY);
            }
            parts.set(i, t.getBytes(StandardCharsets.ISO_8859_1));
        }
        String first = ImapRelay.text(parts.get(0));
        Matcher fetch = FETCH.matcher(first);
        if (msgId != null && fetch.find()) {
            String own = selected == null ? null : FOLDER_LABELS.getOrDefault(selected, selected);
            String gm = "X-GM-MSGID " + msgId + " X-GM-LABELS (" + String.join(" ", labels(msgId).stream()
                    .filter(l -> own == null || !l.equalsIgnoreCase(own)).map(GmailImapProxy::astring).toList()) + ") ";
            parts.set(0, (first.substring(0, fetch.end()) + gm + first.substring(fetch.end()))
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** A label as Gmail writes it: system labels and plain atoms as they are, others quoted. */
    private static String astring(String label) {
        if (label.matches("\\\\?[A-Za-z0-9&+,._\\-/]+")) {
            return label;
        }
        return "\"" + label.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
