package io.mailferry.service.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailferry.service.testing.SelfSignedTls;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS made by {@link TrustedCertificates#socketFactory} over a connected socket — how Angus Mail opens implicit TLS
 * and STARTTLS — reads that socket through a buffer: two hundred small records the server sent back to back arrive in
 * a few reads of the socket, not two per record; read timeouts and closing still reach the socket under the buffer.
 */
class BufferedTlsSocketFactoryTest {
    private static final int RECORDS = 200;

    @TempDir
    Path dir;

    private String pem;
    private SSLServerSocket server;
    private final CountDownLatch allSent = new CountDownLatch(1);
    private final CountDownLatch mayClose = new CountDownLatch(1);
    private Thread serving;

    @BeforeEach
    void startServer() throws Exception {
        SelfSignedTls tls = SelfSignedTls.make(dir, "IP:127.0.0.1");
        pem = tls.pem();
        server = (SSLServerSocket) tls.server().getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "tls-test-server");
        serving.setDaemon(true);
        serving.start();
    }

    /** Reads one line, then sends {@link #RECORDS} records of ten bytes, each written (and so encrypted) alone. */
    private void serve() {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return; // the client left before its hello line
                }
            }
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < RECORDS; i++) {
                out.write(String.format("record%03d\n", i).getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            allSent.countDown();
            mayClose.await(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            allSent.countDown();
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        mayClose.countDown();
        server.close();
        serving.join(5000);
    }

    @Test
    void smallRecordsSentBackToBackShouldArriveInFewReadsOfTheSocket() throws Exception {
        CountingSocket plain = connected();
        try (SSLSocket tls = helloOver(plain)) {
            assertThat(allSent.await(10, TimeUnit.SECONDS)).isTrue();
            int before = plain.reads.get();

            byte[] all = tls.getInputStream().readNBytes(RECORDS * 10);

            assertThat(new String(all, StandardCharsets.US_ASCII)).startsWith("record000\n").endsWith("record199\n");
            // read directly, the JDK reads a record's header and its body apart: at least 400 reads
            assertThat(plain.reads.get() - before).isLessThan(20);
        }
    }

    @Test
    void aReadTimeoutShouldReachTheSocketUnderTheBuffer() throws Exception {
        CountingSocket plain = connected();
        try (SSLSocket tls = helloOver(plain)) {
            tls.getInputStream().readNBytes(RECORDS * 10);
            tls.setSoTimeout(300);

            assertThat(plain.getSoTimeout()).isEqualTo(300);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> tls.getInputStream().read()).isInstanceOf(SocketTimeoutException.class));
        }
        assertThat(plain.isClosed()).as("closing TLS closes the socket under it").isTrue();
    }

    /** TLS through the production factory over {@code plain}, which the server has been sent its hello line on. */
    private SSLSocket helloOver(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) TrustedCertificates.socketFactory(pem).createSocket(plain, "127.0.0.1",
                server.getLocalPort(), true);
        tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
        tls.getOutputStream().flush();
        return tls;
    }

    @Test
    void closingFromAnotherThreadShouldNotWaitForAHandshakeThatWaitsForTheServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), 5000);
            try (Socket accepted = silent.accept()) { // accepts, and never answers the client's hello
                SSLSocket tls = (SSLSocket) TrustedCertificates.socketFactory(pem).createSocket(plain, "127.0.0.1",
                        silent.getLocalPort(), true);
                CountDownLatch ended = new CountDownLatch(1);
                Thread handshake = new Thread(() -> {
                    try {
                        tls.startHandshake(); // no read timeout: it waits for the server until the socket closes
                    } catch (IOException expected) {
                        // closed under it
                    } finally {
                        ended.countDown();
                    }
                }, "tls-test-handshake");
                handshake.setDaemon(true);
                handshake.start();
                Thread.sleep(300); // the handshake is waiting for the server's answer

                assertTimeoutPreemptively(Duration.ofSeconds(10), tls::close);
                assertThat(ended.await(10, TimeUnit.SECONDS)).as("the handshake ended with the close").isTrue();
                assertThat(plain.isClosed()).isTrue();
            }
        }
    }

    private CountingSocket connected() throws IOException {
        CountingSocket plain = new CountingSocket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
        return plain;
    }

    /** A plain socket that counts the reads of its input. */
    private static final class CountingSocket extends Socket {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    reads.incrementAndGet();
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    reads.incrementAndGet();
                    return in.read(b, off, len);
                }
            };
        }
    }
}
