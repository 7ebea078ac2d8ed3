package io.mailferry.service.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the IMAP proxies of the tests share: reading lines and whole responses (with their literals), threads. */
final class ImapRelay {
    static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)\\}$");

    private ImapRelay() {
    }

    /** One line with its CRLF (or LF), or null at the end of the stream. */
    static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * The rest of the server response that starts with {@code first}: text lines at even indexes, the literals
     * between them (fetched bodies) at odd ones.
     */
    static List<byte[]> response(byte[] first, InputStream in) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        parts.add(first);
        Matcher m = LITERAL.matcher(text(first).stripTrailing());
        while (m.find()) {
            parts.add(in.readNBytes(Integer.parseInt(m.group(1))));
            byte[] more = readLine(in);
            if (more == null) {
                break;
            }
            parts.add(more);
            m = LITERAL.matcher(text(more).stripTrailing());
        }
        return parts;
    }

    static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        parts.forEach(unit::writeBytes);
        return unit.toByteArray();
    }

    /** Starts the two daemon threads of one proxied connection. */
    static void relay(String name, Runnable clientToServer, Runnable serverToClient) {
        Thread up = new Thread(clientToServer, name + "-in");
        Thread down = new Thread(serverToClient, name + "-out");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** The pair of sockets of one proxied connection. */
    interface Connected {
        void accept(Socket client, Socket server) throws IOException;
    }

    /**
     * Accepts clients until {@code listener} is closed, connects each to {@code upstream} and hands the pair to
     * {@code connected}; both sockets are kept in {@code open} for {@link #close}.
     */
    static void accept(ServerSocket listener, InetSocketAddress upstream, List<Socket> open, Connected connected) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                open.add(client);
                open.add(server);
                connected.accept(client, server);
            } catch (IOException e) {
                // closed, or one failed connection: the next one
            }
        }
    }

    /** Stops accepting and ends every open connection. */
    static void close(ServerSocket listener, List<Socket> open) {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(ImapRelay::closeQuietly);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
