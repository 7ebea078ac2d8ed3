package io.mailferry.service.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.SocketFactory;

/**
 * Plain-text sockets whose input is read through a buffer ({@link BufferedInputSocket}), for connections that stay
 * unencrypted (security "none"): Angus Mail reads a response's line through a buffer of only 2 KiB, so each small
 * message of a fetch took a read of the socket or two — twenty mailboxes of 2,000 messages, 104,000 reads; through
 * 64 KiB, 43,000 (ADR 0054, amended). Reads of a whole buffer or more into an empty one go straight to the socket: a
 * large body is not copied twice. Angus connects the unconnected socket {@link #createSocket()} gives (with its
 * connect timeout); output, timeouts and closing are the socket's own.
 */
public final class BufferedPlainSocketFactory extends SocketFactory {
    private static final BufferedPlainSocketFactory SHARED = new BufferedPlainSocketFactory(Socket::new);

    private final Supplier<Socket> sockets;

    BufferedPlainSocketFactory(Supplier<Socket> sockets) {
        this.sockets = sockets;
    }

    /** The factory of every unencrypted IMAP connection. */
    public static SocketFactory shared() {
        return SHARED;
    }

    @Override
    public Socket createSocket() {
        return new BufferedInputSocket(sockets.get());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket s = createSocket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
