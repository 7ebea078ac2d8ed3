package io.mailferry.service.connector.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A scripted IMAP server of the tests on a loopback socket: accepts one client at a time on a daemon thread and hands
 * it to {@link #converse}; the subclasses write the script.
 */
abstract class LoopbackImapServer implements AutoCloseable {
    private final ServerSocket socket;

    LoopbackImapServer(ServerSocket socket, String threadName) {
        this.socket = socket;
        Thread thread = new Thread(this::serve, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Talks to one client until it leaves. */
    abstract void converse(Socket client) throws IOException;

    /** Writes the untagged answers of one command; false when it also wrote the tagged answer (else "OK done"). */
    @FunctionalInterface
    interface Answer {
        boolean write(String tag, String command, String line, OutputStream out) throws IOException;
    }

    /**
     * A session of one-line commands: greets with {@code capabilities}, answers CAPABILITY with them and LOGOUT with
     * BYE, and every other command through {@code answer}.
     */
    static void answerLines(Socket client, String capabilities, Answer answer) throws IOException {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1));
        OutputStream out = client.getOutputStream();
        send(out, "* OK [CAPABILITY " + capabilities + "] ready");
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(java.util.Locale.ROOT) : "";
            if (command.equals("LOGOUT")) {
                send(out, "* BYE bye");
                send(out, tag + " OK bye");
                return;
            }
            if (command.equals("CAPABILITY")) {
                send(out, "* CAPABILITY " + capabilities);
            } else if (!answer.write(tag, command, line, out)) {
                continue;
            }
            send(out, tag + " OK done");
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closed) {
                // the next client, or the end
            }
        }
    }

    static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
