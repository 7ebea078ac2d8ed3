package io.mailferry.service.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;

/**
 * A socket whose input is read through a buffer of {@link #BUFFER} bytes (a read of as much or more into an empty
 * buffer goes to the socket directly); everything else — connecting, output, timeouts, options, closing — is the
 * wrapped socket's. Plain-text IMAP reads it ({@link BufferedPlainSocketFactory}), and TLS is layered over it
 * ({@link BufferedTlsSocketFactory}):
 * the JDK reads each TLS record's five-byte header and then its body with reads of their own, two system calls per
 * record where the socket is read directly, and Dovecot sends a message as records of about 8 KiB and 100 bytes
 * (ADR 0054).
 *
 * <p>The buffer takes no lock, unlike {@link java.io.BufferedInputStream}: the JDK's TLS reads on one thread at a time,
 * and its {@code close} looks at {@code available} (and skips what is there) from another thread — with a lock held
 * by a reader waiting for the server, that close would wait as long. A read returns what the buffer holds, however
 * little (TLS reads until it has a whole record), and never asks the socket how much more it holds ({@code available}
 * tells what the buffer holds).
 */
final class BufferedInputSocket extends Socket {
    /** Nearly four TLS records of the largest size (16 KiB of content each) per read at most. */
    static final int BUFFER = 64 * 1024;
    private final Socket socket;
    private InputStream in;

    BufferedInputSocket(Socket socket) {
        this.socket = socket;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new ReadAhead(socket.getInputStream());
        }
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        socket.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        socket.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        socket.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return socket.getChannel();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        socket.sendUrgentData(data);
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        socket.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return socket.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        socket.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return socket.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        socket.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return socket.getReuseAddress();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        socket.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    /** The socket's input read {@link #BUFFER} bytes at a time; no lock (see the class comment). */
    private static final class ReadAhead extends InputStream {
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private int count;

        ReadAhead(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (pos == count && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos == count) {
                if (len >= BUFFER) {
                    return in.read(b, off, len); // a large body's read: straight into its array, not copied twice
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, count - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        /** One read of the socket into the empty buffer; false at the end of the stream. */
        private boolean fill() throws IOException {
            pos = 0;
            count = 0;
            int n;
            do {
                n = in.read(buffer, 0, BUFFER);
            } while (n == 0);
            if (n < 0) {
                return false;
            }
            count = n;
            return true;
        }

        /**
         * What the buffer holds, without asking the socket (a system call): Angus's buffered reader asks after every
         * read that filled less than it wanted, to decide whether to read on at once, and then simply reads again
         * (docs/performance.md, issue 10 part 34). An estimate, as the contract allows; nothing here waits on it.
         */
        @Override
        public int available() {
            return Math.max(0, count - pos);
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            int held = Math.max(0, count - pos);
            if (held > 0) {
                int skipped = (int) Math.min(n, held);
                pos += skipped;
                return skipped;
            }
            return in.skip(n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
