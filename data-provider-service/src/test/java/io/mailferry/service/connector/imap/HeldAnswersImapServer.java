package io.mailferry.service.connector.imap;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INBOX of given messages on loopback that answers in bursts, to count a client's round trips. After
 * {@link #expect expect(3, 4)} it holds its answers until it has read three commands, writes them all, in order, then
 * holds the answers of the next four. A client that writes a burst's commands back to back gets its answers at once;
 * one that waits for an answer in the middle of a burst makes the server wait in vain, until it gives up after
 * {@link #PATIENCE_MILLIS} and answers what it has. {@link #bursts()} then shows the round trips the client really made.
 * Before the first {@code expect} every command is answered at once and not counted (logging in, say); past the
 * expected bursts every command is answered at once and counted as a round trip of its own.
 *
 * <p>UID SEARCH answers every UID. UID FETCH answers the listing's items (size, \Seen, a fixed INTERNALDATE and the
 * message's whole header for the header fields asked) and bodies, whole or partial; partial answers name their offsets
 * ({@code BODY[]<origin>}). UIDs declared expunged answer a body FETCH as Dovecot does for a message another session
 * expunged: left out of a FETCH of several, which ends in NO; a partial fetch of one is refused. A UID it never had is
 * left out and the FETCH is OK. Any login is accepted. One client at a time.
 */
final class HeldAnswersImapServer extends LoopbackImapServer {
    /** How long a burst waits for its next command before it is taken for a client waiting for an answer. */
    static final int PATIENCE_MILLIS = 3_000;
    private static final Pattern BODY = Pattern.compile(
            "UID FETCH (\\S+) \\(UID BODY\\.PEEK\\[\\](?:<(\\d+)\\.(\\d+)>)?\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LISTING = Pattern.compile("UID FETCH (\\S+) \\(UID RFC822\\.SIZE FLAGS INTERNALDATE "
            + "BODY\\.PEEK\\[(HEADER\\.FIELDS \\([^)]*\\))\\]\\)", Pattern.CASE_INSENSITIVE);

    private final TreeMap<Long, byte[]> messages = new TreeMap<>();
    private final Set<Long> expunged;
    private final Deque<Integer> expected = new ConcurrentLinkedDeque<>();
    private final List<Integer> bursts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean counting;
    private volatile boolean refusePastEnd;
    private volatile boolean throttleOnce;

    /**
     * @param messages the INBOX, by UID
     * @param expunged UIDs of messages another session expunged (not in {@code messages})
     */
    HeldAnswersImapServer(Map<Long, byte[]> messages, Set<Long> expunged) throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "held-answers-imap");
        this.messages.putAll(messages);
        this.expunged = Set.copyOf(expunged);
    }

    /** From now on, answers wait for bursts of these many commands, in turn; counted in {@link #bursts()}. */
    void expect(int... burst) {
        for (int commands : burst) {
            expected.add(commands);
        }
        counting = true;
    }

    /** Refuse partial fetches that start past a message's end, as some servers do (else: an empty string). */
    void refusePastEnd() {
        refusePastEnd = true;
    }

    /** Refuse the next FETCH of several messages as Exchange does when throttling ({@code NO [LIMIT]}), once. */
    void throttleOnce() {
        throttleOnce = true;
    }

    /** How many commands the server had read each time it wrote answers, since the first {@link #expect}. */
    List<Integer> bursts() {
        synchronized (bursts) {
            return List.copyOf(bursts);
        }
    }

    /** The commands received (without their tags), in order. */
    List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1));
        OutputStream out = client.getOutputStream();
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        int read = 0;
        send(out, "* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready");
        for (boolean open = true; open; ) {
            client.setSoTimeout(read > 0 ? PATIENCE_MILLIS : 0);
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException waiting) {
                read = flush(out, held, read); // the client waits for an answer: this was a round trip
                continue;
            }
            if (line == null) {
                return;
            }
            String[] parts = line.split(" ", 2);
            String command = parts.length > 1 ? parts[1] : "";
            commands.add(command);
            if (!counting) {
                open = answer(parts[0], command, out);
                continue;
            }
            open = answer(parts[0], command, held);
            read++;
            Integer burst = expected.peek();
            if (burst == null || read >= burst || !open) {
                read = flush(out, held, read);
            }
        }
    }

    private int flush(OutputStream out, ByteArrayOutputStream held, int read) throws IOException {
        bursts.add(read);
        expected.poll();
        held.writeTo(out);
        out.flush();
        held.reset();
        return 0;
    }

    /** Writes the answers to one command; false after LOGOUT. */
    private boolean answer(String tag, String command, OutputStream out) throws IOException {
        switch (command.split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
            case "LOGOUT" -> {
                send(out, "* BYE bye");
                send(out, tag + " OK bye");
                return false;
            }
            case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 UIDPLUS");
            case "LIST" -> {
                send(out, "* LIST () \"/\" INBOX");
                send(out, "* LIST () \"/\" Notes");
            }
            case "STATUS" -> send(out, "* STATUS " + command.split(" ")[1] + " (MESSAGES " + messages.size()
                    + " UIDNEXT " + (last() + 1) + " UIDVALIDITY 9)");
            case "EXAMINE", "SELECT" -> {
                send(out, "* " + messages.size() + " EXISTS");
                send(out, "* OK [UIDVALIDITY 9] ok");
                send(out, "* OK [UIDNEXT " + (last() + 1) + "] ok");
            }
            case "UID" -> {
                Matcher body = BODY.matcher(command);
                if (body.find()) {
                    fetchBodies(tag, body, out); // answers OK or NO itself
                    return true;
                }
                uid(command, out);
            }
            default -> { }
        }
        send(out, tag + " OK done");
        return true;
    }

    private void uid(String command, OutputStream out) throws IOException {
        Matcher listing = LISTING.matcher(command);
        if (listing.find()) {
            for (long uid : uids(listing.group(1))) {
                byte[] message = messages.get(uid);
                if (message != null) {
                    literal(out, "* " + seq(uid) + " FETCH (UID " + uid + " RFC822.SIZE " + message.length
                            + " FLAGS (\\Seen) INTERNALDATE \"02-Dec-2026 10:00:00 +0000\" BODY["
                            + listing.group(2) + "]", header(message));
                }
            }
        } else if (command.toUpperCase(Locale.ROOT).startsWith("UID SEARCH")) {
            StringBuilder sb = new StringBuilder("* SEARCH");
            messages.keySet().forEach(uid -> sb.append(' ').append(uid));
            send(out, sb.toString());
        }
    }

    private void fetchBodies(String tag, Matcher m, OutputStream out) throws IOException {
        List<Long> uids = uids(m.group(1));
        if (m.group(2) == null && throttleOnce) {
            throttleOnce = false;
            send(out, tag + " NO [LIMIT] Request is throttled. Suggested Backoff Time: 10 ms");
            return;
        }
        if (m.group(2) == null) {
            boolean refused = false;
            for (long uid : uids) {
                refused |= expunged.contains(uid);
                if (messages.containsKey(uid)) {
                    body(out, uid, "BODY[]", messages.get(uid), 0, messages.get(uid).length);
                }
            }
            send(out, tag + (refused ? " NO Some messages could not be FETCHed (they were expunged)" : " OK done"));
            return;
        }
        long uid = uids.get(0);
        byte[] message = messages.get(uid);
        int from = (int) Long.parseLong(m.group(2));
        if (expunged.contains(uid)) {
            send(out, tag + " NO [EXPUNGEISSUED] Some of the requested messages no longer exist");
        } else if (message != null && from >= message.length && refusePastEnd) {
            send(out, tag + " NO Partial fetch past the end of the message");
        } else {
            if (message != null) {
                int to = (int) Math.min(message.length, from + Long.parseLong(m.group(3)));
                body(out, uid, "BODY[]<" + from + ">", message, Math.min(from, to), to);
            }
            send(out, tag + " OK done");
        }
    }

    private void body(OutputStream out, long uid, String item, byte[] message, int from, int to) throws IOException {
        literal(out, "* " + seq(uid) + " FETCH (UID " + uid + " " + item, Arrays.copyOfRange(message, from, to));
    }

    /** {@code head}, then {@code data} as a literal, then the closing parenthesis. */
    private static void literal(OutputStream out, String head, byte[] data) throws IOException {
        out.write((head + " {" + data.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        send(out, ")");
    }

    /** The UIDs of a client's UID set; "*" is the highest UID (RFC 3501 §6.4.8: "n:*" holds it even when n is larger). */
    private List<Long> uids(String set) {
        return UidSet.parse(set.replace("*", Long.toString(last())));
    }

    private long last() {
        return messages.isEmpty() ? 0 : messages.lastKey();
    }

    private int seq(long uid) {
        return messages.headMap(uid).size() + 1;
    }

    /** The message's header, up to and with the blank line that ends it. */
    private static byte[] header(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return text.substring(0, end < 0 ? text.length() : end + 4).getBytes(StandardCharsets.ISO_8859_1);
    }
}
