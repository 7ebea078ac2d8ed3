package io.mailferry.service.connector.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-message IMAP server on loopback whose answers to partial fetches ({@code BODY.PEEK[]<offset.length>}) leave
 * out the offset ({@code BODY[] {n}} instead of {@code BODY[]<offset> {n}}), as some servers have done. The message
 * is UID 7 in INBOX. Any login is accepted. One client at a time.
 */
final class UnnamedPartialsImapServer extends LoopbackImapServer {
    static final long UID = 7;
    private static final Pattern PARTIAL = Pattern.compile("BODY\\.PEEK\\[\\]<(\\d+)\\.(\\d+)>");

    private final byte[] message;
    private final AtomicInteger fetches = new AtomicInteger();

    UnnamedPartialsImapServer(byte[] message) throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "unnamed-partials-imap");
        this.message = message.clone();
    }

    /** How many partial fetches were asked. */
    int fetches() {
        return fetches.get();
    }

    @Override
    void converse(Socket client) throws IOException {
        answerLines(client, "IMAP4rev1 UIDPLUS", (tag, command, line, out) -> {
            switch (command) {
                case "LIST" -> send(out, "* LIST () \"/\" INBOX");
                case "EXAMINE", "SELECT" -> {
                    send(out, "* 1 EXISTS");
                    send(out, "* OK [UIDVALIDITY 9] ok");
                    send(out, "* OK [UIDNEXT 8] ok");
                }
                case "UID" -> partial(line, out);
                default -> { }
            }
            return true;
        });
    }

    private void partial(String line, OutputStream out) throws IOException {
        Matcher m = PARTIAL.matcher(line);
        if (m.find()) {
            fetches.incrementAndGet();
            int from = (int) Math.min(message.length, Long.parseLong(m.group(1)));
            int to = (int) Math.min(message.length, from + Long.parseLong(m.group(2)));
            out.write(("* 1 FETCH (UID " + UID + " BODY[] {" + (to - from) + "}\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(message, from, to - from);
            send(out, ")");
        }
    }
}
