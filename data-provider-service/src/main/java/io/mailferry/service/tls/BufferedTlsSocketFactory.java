package io.mailferry.service.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket factory whose TLS, when layered over a connected socket (how Angus Mail opens implicit TLS and
 * STARTTLS alike), reads that socket through a buffer ({@link BufferedInputSocket}): a TLS record's header and body
 * come from one system call, and several records from one where the server sent them back to back. Everything else —
 * the handshake, trust, host name checks, the protocols — is the wrapped factory's, unchanged (ADR 0054).
 */
final class BufferedTlsSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;

    BufferedTlsSocketFactory(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /**
     * TLS over {@code s} read through a buffer — only when closing TLS closes {@code s} too: bytes read ahead past the
     * end of TLS would otherwise be lost to whoever reads {@code s} in plain text afterwards.
     */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(autoClose ? new BufferedInputSocket(s) : s, host, port, autoClose);
    }

    // the rest as the wrapped factory makes them: a socket of its own it reads itself, or a server's socket

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return tls.createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return tls.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tls.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return tls.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}
