package io.mailferry.service.testing;

import io.mailferry.service.connector.graph.TokenEndpointDouble;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Exchange Online IMAP played by a real Dovecot behind this proxy, which shows Exchange's quirks (test code only).
 * Clients connect with implicit TLS to the proxy's own self-signed certificate ({@link #certificatePem()}, for
 * 127.0.0.1), which they must trust explicitly; the proxy forwards to Dovecot's plain port on loopback.
 *
 * <p>Exchange Online IMAP with app-only OAuth (SASL XOAUTH2 with the token of an app holding IMAP.AccessAsApp and
 * FullAccess on the mailbox: learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth;
 * the token itself is checked by the Dovecot behind, at {@link OAuthIntrospection}). Its limits as Microsoft documents
 * them (35 MB default message size, at most 150 MB:
 * learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits),
 * its MIME rebuilt from MAPI on FETCH with estimated sizes ({@link ExchangeMimeRewrite}, Set-CASMailbox's
 * ImapEnableExactRFC822Size: learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox), and its localized
 * special folders marked with RFC 6154 attributes when the Dovecot behind is started with {@link
 * ExchangeFolderNames}. The rest, worded as imapsync's FAQ.Office365 quotes Exchange Online
 * (imapsync.lamiral.info/FAQ.d/FAQ.Office365.txt):
 * <ul>
 * <li>its capabilities (no MULTIAPPEND, CONDSTORE, SPECIAL-USE, UTF8=ACCEPT): {@value #CAPABILITIES};</li>
 * <li>an APPEND whose message is larger than {@link #maxMessageBytes}: {@value #TOO_BIG};</li>
 * <li>an APPEND whose message has a line over {@value #MAX_LINE} characters: {@value #BAD_ARGUMENT};</li>
 * <li>CREATE of the reserved top-level "Files" (any case), or of a name given to {@link #refuseFolder}:
 *     {@value #RESERVED};</li>
 * <li>throttling of chosen commands ({@link #throttle}): "BAD Request is throttled. Suggested Backoff Time: N
 *     milliseconds";</li>
 * <li>after {@value #ERRORS_BEFORE_BYE} error answers (NO or BAD, its own or Dovecot's) in one session:
 *     {@value #BYE}, and the connection is closed;</li>
 * <li>optionally ({@link #dropFlaggedOnAppend}) {@code \Flagged} not kept from an APPEND, so only a STORE sets it
 *     (the FAQ: Exchange "forgets" a flag set by APPEND outside IMAP).</li>
 * </ul>
 * Every command and the proxy's own answers are recorded ({@link #answers}). Thread-safe; one thread pair per
 * connection.
 */
public final class ExchangeImapProxy implements AutoCloseable {
    /** Exchange Online's capabilities after login, as servers answer them. */
    public static final String CAPABILITIES = "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT"
            + " CHILDREN IDLE NAMESPACE LITERAL+";
    public static final String TOO_BIG = "NO Maximum size of appendable message has been exceeded.";
    public static final String BAD_ARGUMENT = "BAD Command Argument Error. 11";
    public static final String RESERVED = "NO Folder name is reserved.";
    public static final String THROTTLED = "BAD Request is throttled. Suggested Backoff Time: %d milliseconds";
    public static final String BYE = "* BYE Connection closed.";
    public static final int ERRORS_BEFORE_BYE = 10;
    /** Lines from this length on are refused (imapsync: "Office365 supports 10500 characters line length"). */
    public static final int MAX_LINE = 10_500;

    /** One command as the proxy saw it: forwarded ({@code answer} null) or answered by the proxy itself. */
    public record Answer(int session, String command, String answer, long nanos) {
    }

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}$");
    private static final Pattern FLAG_LIST = Pattern.compile("\\(([^)]*)\\)");
    private static final Pattern CAPABILITY_CODE = Pattern.compile("\\[CAPABILITY [^\\]]*\\]",
            Pattern.CASE_INSENSITIVE);

    private final SSLServerSocket server;
    private final InetSocketAddress upstream;
    private final String certificatePem;
    private final AtomicInteger sessions = new AtomicInteger();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
    private final Set<String> refusedFolders = ConcurrentHashMap.newKeySet();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile long maxMessageBytes = 35L * 1024 * 1024;
    private volatile boolean dropFlaggedOnAppend;
    private volatile boolean rebuildMime = true;

    private record Throttle(AtomicInteger left, long backoffMillis) {
    }

    private record Trigger(String command, AtomicInteger left, Runnable action) {
    }

    private volatile Trigger trigger;

    private ExchangeImapProxy(Path workDir, InetSocketAddress upstream) throws Exception {
        this.upstream = upstream;
        TokenEndpointDouble.KeyMaterial key = TokenEndpointDouble.keyMaterial(workDir, "exchange-imap-proxy",
                "IP:127.0.0.1,DNS:localhost");
        this.certificatePem = key.certificatePem();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(key.pkcs12()), key.pkcs12Password().toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, key.pkcs12Password().toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "exchange-imap-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy on 127.0.0.1 (free port) in front of Dovecot's plain IMAP port; key files go to {@code workDir}. */
    public static ExchangeImapProxy start(Path workDir, String dovecotHost, int dovecotPlainPort) throws Exception {
        return new ExchangeImapProxy(workDir, new InetSocketAddress(dovecotHost, dovecotPlainPort));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The proxy's certificate (CN=exchange-imap-proxy, SAN IP:127.0.0.1), for clients to trust. */
    public String certificatePem() {
        return certificatePem;
    }

    /** Exchange's size limit for this "tenant": lower it to show the server's refusal without huge messages. */
    public ExchangeImapProxy maxMessageBytes(long bytes) {
        this.maxMessageBytes = bytes;
        return this;
    }

    public ExchangeImapProxy dropFlaggedOnAppend(boolean on) {
        this.dropFlaggedOnAppend = on;
        return this;
    }

    /**
     * Whether FETCH answers carry Exchange's rebuilt MIME and estimated sizes ({@link ExchangeMimeRewrite}); on by
     * default, as Exchange does.
     */
    public ExchangeImapProxy rebuildMime(boolean on) {
        this.rebuildMime = on;
        return this;
    }

    /** Also refuses CREATE of this top-level name as reserved (a name Exchange keeps that the client cannot know). */
    public ExchangeImapProxy refuseFolder(String name) {
        refusedFolders.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Answers the next {@code times} commands named {@code command} (e.g. "APPEND", "LIST") as throttled. */
    public ExchangeImapProxy throttle(String command, int times, long backoffMillis) {
        throttles.put(command.toUpperCase(Locale.ROOT), new Throttle(new AtomicInteger(times), backoffMillis));
        return this;
    }

    /**
     * Runs {@code action} once, right after the {@code n}th command named {@code command} from now was forwarded
     * (e.g. to revoke tokens and {@link #endSessions()} in the middle of a pass).
     */
    public ExchangeImapProxy after(String command, int n, Runnable action) {
        trigger = new Trigger(command.toUpperCase(Locale.ROOT), new AtomicInteger(n), action);
        return this;
    }

    /** Ends every open session at once, without a word: the network between client and server failed. */
    public void endSessions() {
        open.forEach(ExchangeImapProxy::closeQuietly);
    }

    /** Back to Exchange's defaults, records cleared (between tests sharing one proxy). */
    public void reset() {
        throttles.clear();
        trigger = null;
        refusedFolders.clear();
        answers.clear();
        maxMessageBytes = 35L * 1024 * 1024;
        dropFlaggedOnAppend = false;
        rebuildMime = true;
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** How many commands named {@code command} were answered by the proxy with an answer starting so. */
    public long count(String command, String answerStart) {
        return answers.stream().filter(a -> a.command().equals(command) && a.answer() != null
                && a.answer().startsWith(answerStart)).count();
    }

    /** How many commands were answered so, whatever their name. */
    public long count(Predicate<Answer> which) {
        return answers.stream().filter(which).count();
    }

    /** How many sessions the proxy ended with its BYE after repeated errors. */
    public long byes() {
        return count(a -> BYE.equals(a.answer()));
    }

    @Override
    public void close() {
        ImapRelay.close(server, open);
    }

    private void accept() {
        ImapRelay.accept(server, upstream, open, (client, dovecot) -> {
            new Session(sessions.incrementAndGet(), client, dovecot).start();
        });
    }

    private static void closeQuietly(Socket s) {
        ImapRelay.closeQuietly(s);
    }

    /** One client connection and its Dovecot connection. */
    private final class Session {
        private final int id;
        private final Socket client;
        private final Socket dovecot;
        private final OutputStream toClient;
        private final AtomicInteger errors = new AtomicInteger();

        Session(int id, Socket client, Socket dovecot) throws IOException {
            this.id = id;
            this.client = client;
            this.dovecot = dovecot;
            this.toClient = client.getOutputStream();
        }

        void start() {
            ImapRelay.relay("exchange-proxy-" + id, this::clientToDovecot, this::dovecotToClient);
        }

        private void clientToDovecot() {
            try (InputStream in = new BufferedInputStream(client.getInputStream());
                    OutputStream out = dovecot.getOutputStream()) {
                while (true) {
                    List<byte[]> parts = readCommand(in);
                    if (parts == null) {
                        return;
                    }
                    handle(parts, out);
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                end();
            }
        }

        /** A command's text lines and literals, in order: even indexes text (with CRLF), odd indexes literals. */
        private List<byte[]> readCommand(InputStream in) throws IOException {
            List<byte[]> parts = new ArrayList<>();
            while (true) {
                byte[] line = ImapRelay.readLine(in);
                if (line == null) {
                    return parts.isEmpty() ? null : parts;
                }
                parts.add(line);
                Matcher m = LITERAL.matcher(ImapRelay.text(line).stripTrailing());
                if (!m.find()) {
                    return parts;
                }
                if (m.group(2).isEmpty()) {
                    send("+ Ready for additional command text.");
                }
                parts.add(in.readNBytes(Integer.parseInt(m.group(1))));
            }
        }

        private void handle(List<byte[]> parts, OutputStream out) throws IOException {
            String first = ImapRelay.text(parts.get(0)).stripTrailing();
            String[] words = first.split(" ", 4);
            String tag = words[0];
            String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            if (command.equals("UID") && words.length > 2) {
                command = "UID " + words[2].toUpperCase(Locale.ROOT);
            }
            String refusal = refusal(command, first, parts);
            if (refusal != null) {
                answers.add(new Answer(id, command, refusal, System.nanoTime()));
                send(tag + " " + refusal);
                error();
                return;
            }
            answers.add(new Answer(id, command, null, System.nanoTime()));
            if (command.equals("APPEND") && dropFlaggedOnAppend) {
                parts.set(0, withoutFlagged(parts.get(0)));
            }
            for (int i = 0; i < parts.size(); i++) {
                byte[] part = parts.get(i);
                if (i % 2 == 0 && i + 1 < parts.size()) {
                    // literals go on non-synchronising: the proxy answered the client's "+" itself
                    String t = ImapRelay.text(part).stripTrailing();
                    part = (t.endsWith("+}") ? t : t.substring(0, t.length() - 1) + "+}").concat("\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
                out.write(part);
            }
            out.flush();
            Trigger t = trigger;
            if (t != null && t.command().equals(command) && t.left().decrementAndGet() == 0) {
                t.action().run();
            }
        }

        /** The proxy's own answer to this command, or null to forward it. */
        private String refusal(String command, String first, List<byte[]> parts) {
            Throttle t = throttles.get(command);
            if (t != null && t.left().getAndDecrement() > 0) {
                return String.format(Locale.ROOT, THROTTLED, t.backoffMillis());
            }
            if (command.equals("APPEND") && parts.size() > 2) {
                byte[] message = parts.get(parts.size() - 2); // text, literal, text: the last literal
                if (message.length > maxMessageBytes) {
                    return TOO_BIG;
                }
                if (longestLine(message) >= MAX_LINE) {
                    return BAD_ARGUMENT;
                }
            }
            if (command.equals("CREATE")) {
                String[] words = first.split(" ", 3);
                String name = words.length > 2 ? words[2].replaceAll("^\"|\"$", "") : "";
                name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.contains("/") && (lower.equals("files") || refusedFolders.contains(lower))) {
                    return RESERVED;
                }
            }
            return null;
        }

        private void dovecotToClient() {
            try (InputStream in = new BufferedInputStream(dovecot.getInputStream())) {
                while (true) {
                    byte[] line = ImapRelay.readLine(in);
                    if (line == null) {
                        return;
                    }
                    String t = ImapRelay.text(line);
                    // text lines and the literals between them (fetched bodies)
                    List<byte[]> parts = ImapRelay.response(line, in);
                    parts.set(0, exchangeCapabilities(t).getBytes(StandardCharsets.ISO_8859_1));
                    if (rebuildMime) {
                        ExchangeMimeRewrite.rewrite(parts);
                    }
                    synchronized (toClient) {
                        toClient.write(ImapRelay.join(parts));
                        toClient.flush();
                    }
                    String[] words = t.split(" ", 3);
                    if (words.length > 1 && !words[0].equals("*") && !words[0].equals("+")
                            && (words[1].equalsIgnoreCase("NO") || words[1].equalsIgnoreCase("BAD"))) {
                        error();
                    }
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                end();
            }
        }

        /** Counts an error answer; the tenth ends the session as Exchange does. */
        private void error() throws IOException {
            if (errors.incrementAndGet() == ERRORS_BEFORE_BYE) {
                answers.add(new Answer(id, "", BYE, System.nanoTime()));
                send(BYE);
                end();
            }
        }

        private void send(String line) throws IOException {
            synchronized (toClient) {
                toClient.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                toClient.flush();
            }
        }

        private void end() {
            closeQuietly(client);
            closeQuietly(dovecot);
            open.remove(client);
            open.remove(dovecot);
        }
    }

    private static String exchangeCapabilities(String line) {
        if (line.regionMatches(true, 0, "* CAPABILITY ", 0, 13)) {
            return "* CAPABILITY " + CAPABILITIES + "\r\n";
        }
        return CAPABILITY_CODE.matcher(line).replaceFirst(Matcher.quoteReplacement("[CAPABILITY " + CAPABILITIES
                + "]"));
    }

    private static byte[] withoutFlagged(byte[] appendLine) {
        String t = ImapRelay.text(appendLine);
        Matcher m = FLAG_LIST.matcher(t);
        if (!m.find()) {
            return appendLine;
        }
        String kept = String.join(" ", java.util.Arrays.stream(m.group(1).split(" "))
                .filter(f -> !f.isEmpty() && !f.equalsIgnoreCase("\\Flagged")).toList());
        return (t.substring(0, m.start()) + "(" + kept + ")" + t.substring(m.end()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int longestLine(byte[] message) {
        int longest = 0;
        int current = 0;
        for (byte b : message) {
            current = b == '\r' || b == '\n' ? 0 : current + 1;
            longest = Math.max(longest, current);
        }
        return longest;
    }
}
