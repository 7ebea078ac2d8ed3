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
