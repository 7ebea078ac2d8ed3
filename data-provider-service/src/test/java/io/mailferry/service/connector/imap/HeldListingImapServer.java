package io.mailferry.service.connector.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IMAP server on loopback that tells whether a client pipelines: once {@link #holdUntil armed}, it keeps its
 * answers back until a command containing the given text arrives, so a client that writes its commands back to back
 * gets every answer at once, and a client that waits for an answer before its next command waits in vain until the
 * server gives up ({@link #HOLD_MILLIS}), answers, and counts a wait. INBOX holds three messages, UIDs 3, 5 and 8 under
 * UIDVALIDITY 9; any login is accepted. One client at a time.
 */
final class HeldListingImapServer extends LoopbackImapServer {
    static final long HOLD_MILLIS = 500;
    static final long[] UIDS = {3, 5, 8};

    private final AtomicInteger waits = new AtomicInteger();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final List<String> commands = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile String until;

    HeldListingImapServer() throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "held-answers-imap");
    }

    /** From now on, answers wait for a command containing {@code text} (once). */
    void holdUntil(String text) {
        until = text;
        armed.set(true);
    }

    /** How often a client waited for an answer the server was holding. */
    int waits() {
        return waits.get();
    }

    /** The commands received (without their tags), in order. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    void converse(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        send(out, "* OK [CAPABILITY IMAP4rev1 UIDPLUS] ready");
        client.setSoTimeout((int) HOLD_MILLIS);
        while (true) {
            String line;
            try {
                line = readLine(in);
            } catch (SocketTimeoutException e) {
                if (held.size() > 0) { // the client waits for what is held: it did not pipeline
                    waits.incrementAndGet();
                    armed.set(false);
                    out.write(held.toByteArray());
                    out.flush();
                    held.reset();
                }
                continue;
            }
            if (line == null) {
                return;
            }
            String[] parts = line.split(" ", 2);
            String tag = parts[0];
            String rest = parts.length > 1 ? parts[1] : "";
            commands.add(rest);
            boolean hold = armed.get();
            OutputStream to = hold ? held : out;
            if (!answer(tag, rest, to)) {
                return;
            }
            if (hold && rest.contains(until)) {
                armed.set(false);
                out.write(held.toByteArray());
                out.flush();
                held.reset();
            }
        }
    }

    /** False after LOGOUT. */
    private static boolean answer(String tag, String command, OutputStream out) throws IOException {
        String verb = command.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
            case "LOGOUT" -> {
                send(out, "* BYE bye");
                send(out, tag + " OK bye");
                return false;
            }
            case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 UIDPLUS");
            case "LIST" -> send(out, "* LIST () \"/\" INBOX");
            case "EXAMINE", "SELECT" -> {
                send(out, "* " + UIDS.length + " EXISTS");
                send(out, "* OK [UIDVALIDITY 9] ok");
                send(out, "* OK [UIDNEXT 9] ok");
            }
            case "UID" -> uid(command, out);
            default -> { }
        }
        send(out, tag + " OK done");
        return true;
    }

    private static void uid(String command, OutputStream out) throws IOException {
        String upper = command.toUpperCase(Locale.ROOT);
        if (upper.startsWith("UID SEARCH")) {
            StringBuilder sb = new StringBuilder("* SEARCH");
            for (long uid : UIDS) {
                sb.append(' ').append(uid);
            }
            send(out, sb.toString());
        } else if (upper.startsWith("UID FETCH")) {
            String set = command.split(" ")[2];
            for (int i = 0; i < UIDS.length; i++) {
                if (!inSet(UIDS[i], set)) {
                    continue;
                }
                String header = "Message-ID: <m" + UIDS[i] + "@example.com>\r\nSubject: m" + UIDS[i] + "\r\n\r\n";
                out.write(("* " + (i + 1) + " FETCH (UID " + UIDS[i] + " RFC822.SIZE " + (100 + i)
                        + " FLAGS (\\Seen) INTERNALDATE \"02-Dec-2026 10:00:00 +0000\""
                        + " BODY[HEADER.FIELDS (MESSAGE-ID DATE FROM TO CC SUBJECT)] {" + header.length() + "}\r\n"
                        + header + ")\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** True when {@code uid} is in the UID set {@code set} ("3,5:8", "1:*"). */
    private static boolean inSet(long uid, String set) {
        for (String range : set.split(",")) {
            String[] ends = range.split(":");
            long from = Long.parseLong(ends[0]);
            long to = ends.length == 1 ? from : ends[1].equals("*") ? Long.MAX_VALUE : Long.parseLong(ends[1]);
            if (uid >= Math.min(from, to) && uid <= Math.max(from, to)) {
                return true;
            }
        }
        return false;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
