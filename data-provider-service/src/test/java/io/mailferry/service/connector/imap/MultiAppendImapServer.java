package io.mailferry.service.connector.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IMAP server on loopback offering MULTIAPPEND and LITERAL+ (RFC 3502, RFC 7888) that keeps every APPEND command
 * exactly as it arrived — its line, each literal's bytes, the lines after them — and answers it with APPENDUID for as
 * many messages as it carried. Every login is accepted; other commands are answered OK. One client at a time.
 */
final class MultiAppendImapServer extends LoopbackImapServer {
    static final long UIDVALIDITY = 7;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)}$");

    private final List<byte[]> appends = Collections.synchronizedList(new ArrayList<>());
    private long nextUid = 1;

    MultiAppendImapServer() throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "multiappend-imap");
    }

    /** Every APPEND command received, as its bytes (the tag and the final CRLF left out). */
    List<byte[]> appends() {
        return List.copyOf(appends);
    }

    @Override
    void converse(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        String caps = "IMAP4rev1 LITERAL+ MULTIAPPEND UIDPLUS";
        send(out, "* OK [CAPABILITY " + caps + "] ready");
        for (String line; (line = line(in)) != null; ) {
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            switch (command) {
                case "CAPABILITY" -> {
                    send(out, "* CAPABILITY " + caps);
                    send(out, tag + " OK done");
                }
                case "APPEND" -> append(tag, line, in, out);
                case "LOGOUT" -> {
                    send(out, "* BYE bye");
                    send(out, tag + " OK bye");
                    return;
                }
                default -> send(out, tag + " OK done");
            }
        }
    }

    /** Reads the rest of an APPEND whose first line is {@code line}: each literal, then the line after it. */
    private void append(String tag, String line, InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        int messages = 0;
        String current = line;
        while (true) {
            command.writeBytes(current.getBytes(StandardCharsets.ISO_8859_1));
            Matcher m = LITERAL.matcher(current);
            if (!m.find()) {
                break;
            }
            if (m.group(2).isEmpty()) {
                send(out, "+ go ahead"); // a synchronising literal
            }
            command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(in.readNBytes(Integer.parseInt(m.group(1))));
            messages++;
            current = line(in);
            if (current == null) {
                return;
            }
        }
        byte[] whole = command.toByteArray();
        appends.add(java.util.Arrays.copyOfRange(whole, tag.length() + 1, whole.length));
        long first = nextUid;
        nextUid += messages;
        send(out, tag + " OK [APPENDUID " + UIDVALIDITY + " " + first + ":" + (nextUid - 1) + "] appended");
    }

    /** One line without its CRLF, read byte by byte (literals follow it raw); null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }
}
