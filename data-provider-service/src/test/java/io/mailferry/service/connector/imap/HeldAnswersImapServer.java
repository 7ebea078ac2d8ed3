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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INBOX of given messages on loopback that answers FETCH commands only in bursts: it holds its answers until it has
 * read as many FETCH commands as the next expected burst, then writes them all, in order. A client that writes a
 * batch's commands back to back gets its answers at once; one that waits for an answer before writing the next
 * command makes the server wait in vain, until it gives up after {@link #PATIENCE_MILLIS} and answers what it has:
 * {@link #bursts()} then shows the round trips the client really made. Partial answers name their offsets
 * ({@code BODY[]<origin>}). UIDs declared expunged answer as Dovecot does for a message another session expunged:
 * left out of a FETCH of several, which ends in NO; a partial fetch of one is refused. A UID it never had is left
 * out and the FETCH is OK. Any login is accepted. One client at a time.
 */
final class HeldAnswersImapServer extends LoopbackImapServer {
    /** How long a burst waits for its next command before it is taken for a client waiting for an answer. */
    static final int PATIENCE_MILLIS = 3_000;
    private static final Pattern FETCH = Pattern.compile(
            "UID FETCH (\\S+) \\(UID BODY\\.PEEK\\[\\](?:<(\\d+)\\.(\\d+)>)?\\)", Pattern.CASE_INSENSITIVE);

    private final TreeMap<Long, byte[]> messages = new TreeMap<>();
    private final Set<Long> expunged;
    private final Deque<Integer> holds;
    private final List<Integer> bursts = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean refusePastEnd;
    private volatile boolean throttleOnce;

    /**
     * @param messages the INBOX, by UID
     * @param expunged UIDs of messages another session expunged (not in {@code messages})
     * @param holds    FETCH commands to read before answering, burst by burst; after them each is answered at once
     */
    HeldAnswersImapServer(Map<Long, byte[]> messages, Set<Long> expunged, List<Integer> holds) throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "held-answers-imap");
        this.messages.putAll(messages);
        this.expunged = Set.copyOf(expunged);
        this.holds = new ArrayDeque<>(holds);
    }

    /** Refuse partial fetches that start past a message's end, as some servers do (else: an empty string). */
    void refusePastEnd() {
        refusePastEnd = true;
    }

    /** Refuse the next FETCH of several messages as Exchange does when throttling ({@code NO [LIMIT]}), once. */
    void throttleOnce() {
        throttleOnce = true;
    }

    /** How many FETCH commands the server had read each time it wrote answers. */
    List<Integer> bursts() {
        synchronized (bursts) {
            return List.copyOf(bursts);
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
        for (;;) {
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
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            Matcher fetch = FETCH.matcher(line);
            if (command.equals("UID") && fetch.find()) {
                fetch(tag, fetch, held);
                read++;
                if (holds.isEmpty() || read >= holds.peek()) {
                    read = flush(out, held, read);
                }
                continue;
            }
            read = flush(out, held, read);
            switch (command) {
                case "LOGOUT" -> {
                    send(out, "* BYE bye");
                    send(out, tag + " OK bye");
                    return;
                }
                case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 UIDPLUS");
                case "LIST" -> send(out, "* LIST () \"/\" INBOX");
                case "EXAMINE", "SELECT" -> {
                    send(out, "* " + messages.size() + " EXISTS");
                    send(out, "* OK [UIDVALIDITY 9] ok");
                    send(out, "* OK [UIDNEXT " + (messages.isEmpty() ? 1 : messages.lastKey() + 1) + "] ok");
                }
                default -> { }
            }
            send(out, tag + " OK done");
        }
    }

    private int flush(OutputStream out, ByteArrayOutputStream held, int read) throws IOException {
        if (read == 0) {
            return 0;
        }
        bursts.add(read);
        if (!holds.isEmpty()) {
            holds.poll();
        }
        held.writeTo(out);
        out.flush();
        held.reset();
        return 0;
    }

    private void fetch(String tag, Matcher m, ByteArrayOutputStream out) throws IOException {
        List<Long> uids = uids(m.group(1));
        if (m.group(2) == null && throttleOnce) {
            throttleOnce = false;
            line(out, tag + " NO [LIMIT] Request is throttled. Suggested Backoff Time: 10 ms");
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
            line(out, tag + (refused ? " NO Some messages could not be FETCHed (they were expunged)" : " OK done"));
            return;
        }
        long uid = uids.get(0);
        byte[] message = messages.get(uid);
        int from = (int) Long.parseLong(m.group(2));
        if (expunged.contains(uid)) {
            line(out, tag + " NO [EXPUNGEISSUED] Some of the requested messages no longer exist");
        } else if (message != null && from >= message.length && refusePastEnd) {
            line(out, tag + " NO Partial fetch past the end of the message");
        } else {
            if (message != null) {
                int to = (int) Math.min(message.length, from + Long.parseLong(m.group(3)));
                body(out, uid, "BODY[]<" + from + ">", message, Math.min(from, to), to);
            }
            line(out, tag + " OK done");
        }
    }

    private void body(ByteArrayOutputStream out, long uid, String item, byte[] message, int from, int to)
            throws IOException {
        int seq = messages.headMap(uid).size() + 1;
        out.write(("* " + seq + " FETCH (UID " + uid + " " + item + " {" + (to - from) + "}\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(message, from, to - from);
        line(out, ")");
    }

    private static void line(ByteArrayOutputStream out, String line) {
        out.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** "3:5,9" as 3, 4, 5, 9. */
    private static List<Long> uids(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] range = part.split(":");
            long a = Long.parseLong(range[0]);
            long b = range.length > 1 ? Long.parseLong(range[1]) : a;
            for (long u = Math.min(a, b); u <= Math.max(a, b); u++) {
                uids.add(u);
            }
        }
        return uids;
    }
}
