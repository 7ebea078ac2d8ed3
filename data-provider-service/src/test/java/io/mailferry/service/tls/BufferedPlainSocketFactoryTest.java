package io.mailferry.service.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain-text sockets of {@link BufferedPlainSocketFactory}, as Angus Mail opens them (an unconnected socket it then
 * connects): what the server sent in many small writes is read in a few reads of the socket however small the
 * reader's reads, a large read into an empty buffer goes to the socket directly, and timeouts reach the socket.
 */
class BufferedPlainSocketFactoryTest {
    private static final int LINES = 200;
    private static final int LARGE = 256 * 1024;

    private ServerSocket server;
    private final CountDownLatch allSent = new CountDownLatch(1);
    private final CountDownLatch sendLarge = new CountDownLatch(1);
    private final CountDownLatch mayClose = new CountDownLatch(1);
    private Thread serving;
    private final List<CountingSocket> made = Collections.synchronizedList(new ArrayList<>());
    private final BufferedPlainSocketFactory factory = new BufferedPlainSocketFactory(() -> {
        CountingSocket s = new CountingSocket();
        made.add(s);
        return s;
    });

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "plain-test-server");
        serving.setDaemon(true);
        serving.start();
    }

    /** Sends {@link #LINES} lines of ten bytes, each written alone; when told, {@link #LARGE} bytes in one write. */
    private void serve() {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < LINES; i++) {
                out.write(String.format("line%05d\n", i).getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            allSent.countDown();
            if (sendLarge.await(10, TimeUnit.SECONDS)) {
                out.write(new byte[LARGE]);
                out.flush();
            }
            mayClose.await(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            allSent.countDown();
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        sendLarge.countDown();
        mayClose.countDown();
        server.close();
        serving.join(5000);
    }

    @Test
    void linesWrittenOneByOneShouldArriveInFewReadsOfTheSocketWhenReadByteByByte() throws Exception {
        try (Socket s = connectedAsAngusDoes()) {
            assertThat(allSent.await(10, TimeUnit.SECONDS)).isTrue();
            CountingSocket plain = made.get(0);
            InputStream in = s.getInputStream();

            StringBuilder text = new StringBuilder();
            for (int i = 0; i < LINES * 10; i++) {
                text.append((char) in.read()); // Angus reads a response's line byte by byte (through 2 KiB)
            }

            assertThat(text.toString()).startsWith("line00000\n").endsWith("line00199\n");
            // read directly, each byte would be a read of the socket: 2,000
            assertThat(plain.reads).hasSizeLessThan(5);
        }
    }

    @Test
    void aReadOfAWholeBufferOrMoreShouldGoToTheSocketDirectly() throws Exception {
        try (Socket s = connectedAsAngusDoes()) {
            assertThat(allSent.await(10, TimeUnit.SECONDS)).isTrue();
            CountingSocket plain = made.get(0);
            InputStream in = s.getInputStream();
            in.readNBytes(LINES * 10); // all there was: the buffer is empty again
            sendLarge.countDown();
            int before = plain.reads.size();

            byte[] body = new byte[128 * 1024];
            int n = in.read(body, 0, body.length);

            assertThat(n).isPositive();
            assertThat(plain.reads.subList(before, plain.reads.size())).as("lengths asked of the socket")
                    .containsExactly(body.length);
        }
    }

    @Test
    void availableShouldTellWhatTheBufferHoldsWithoutAskingTheSocket() throws Exception {
        try (Socket s = connectedAsAngusDoes()) {
            assertThat(allSent.await(10, TimeUnit.SECONDS)).isTrue();
            CountingSocket plain = made.get(0);
            InputStream in = s.getInputStream();
            in.readNBytes(10);
            int held = in.available();
            in.readNBytes(held);

            assertThat(held).as("the buffer's rest of one read of the socket").isPositive();
            assertThat(in.available()).as("an empty buffer, whatever the socket holds").isZero();
            assertThat(plain.availableAsked).as("the socket asked (a system call each)").isZero();
        }
    }

    @Test
    void aReadTimeoutShouldReachTheSocketUnderTheBuffer() throws Exception {
        try (Socket s = connectedAsAngusDoes()) {
            sendLarge.countDown();
            assertThat(s.getInputStream().readNBytes(LINES * 10 + LARGE)).hasSize(LINES * 10 + LARGE);
            s.setSoTimeout(300);

            assertThat(made.get(0).getSoTimeout()).isEqualTo(300);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class));
        }
        assertThat(made.get(0).isClosed()).as("closing the socket closes the one under the buffer").isTrue();
    }

    @Test
    void theConnectingFormsShouldConnect() throws Exception {
        try (Socket s = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(s.isConnected()).isTrue();
            assertThat(s.getInputStream().readNBytes(10)).asString(StandardCharsets.US_ASCII).isEqualTo("line00000\n");
        }
    }

    /** As Angus's SocketFetcher: an unconnected socket from the factory, connected with a timeout. */
    private Socket connectedAsAngusDoes() throws IOException {
        Socket s = factory.createSocket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
        return s;
    }

    /** A plain socket that records the length asked of each read of its input. */
    private static final class CountingSocket extends Socket {
        final List<Integer> reads = Collections.synchronizedList(new ArrayList<>());
        volatile int availableAsked;
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        reads.add(1);
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        reads.add(len);
                        return in.read(b, off, len);
                    }

                    @Override
                    public int available() throws IOException {
                        availableAsked++;
                        return in.available();
                    }
                };
            }
            return in;
        }
    }
}
