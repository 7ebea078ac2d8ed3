package io.mailferry.service.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's WAN stand-in must really cost a round trip per reply and must not touch the bytes. */
class DelayProxyTest {
    private static final long ONE_WAY_MILLIS = 40;

    private ServerSocket echo;
    private DelayProxy proxy;

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                    s.shutdownOutput();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
        proxy = new DelayProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()),
                ONE_WAY_MILLIS);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void aReceiverThatStopsReadingShouldStopTheSenderAsALinkWould() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                DelayProxy toSilent = new DelayProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        silent.getLocalPort()), 1);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), toSilent.port());
                Socket accepted = silent.accept()) {
            AtomicLong written = new AtomicLong();
            Thread sender = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < 4096; i++) { // 256 MiB, which the receiver never reads
                        out.write(block);
                        written.addAndGet(block.length);
                    }
                } catch (IOException closed) {
                    // the test ends the connection
                }
            }, "sender");
            sender.setDaemon(true);
            sender.start();
            Thread.sleep(1_500);

            // what the proxy holds plus the sockets' own buffers on both of its sides (tens of MiB however the kernel
            // tunes them): without the bound the proxy takes all 256 MiB into its heap at once
            assertThat(written.get()).isLessThan(128L << 20);
            assertThat(sender.isAlive()).as("the sender waits, as on a full link").isTrue();
        }
    }

    @Test
    void roundTripShouldTakeAtLeastTwiceTheOneWayDelay() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write('x'); // warm up: the connection itself is set up without delay
            assertThat(in.read()).isEqualTo('x');
            long start = System.nanoTime();
            out.write('y');
            assertThat(in.read()).isEqualTo('y');
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isGreaterThanOrEqualTo(2 * ONE_WAY_MILLIS);
        }
    }

    @Test
    void bytesShouldPassUnchangedInBothDirectionsAndSurviveHalfClose() throws IOException {
        byte[] sent = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(sent);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < sent.length; off += 10_000) {
                        out.write(sent, off, Math.min(10_000, sent.length - off));
                    }
                    s.shutdownOutput(); // the echo must still come back after our side stopped sending
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            s.getInputStream().transferTo(received);
            assertThat(received.toByteArray()).isEqualTo(sent);
        }
    }

    @Test
    void armedGateShouldForwardExactlyItsBudgetAndTheRestOnRelease() throws Exception {
        byte[] sent = new byte[50_000];
        new Random(7).nextBytes(sent);
        proxy.gate().arm(12_345);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.getOutputStream().write(sent);
            assertThat(proxy.gate().awaitHeld(10_000)).as("held after the budget").isTrue();
            byte[] first = s.getInputStream().readNBytes(12_345);
            assertThat(first).isEqualTo(java.util.Arrays.copyOf(sent, 12_345));
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read())
                    .as("nothing beyond the budget while held").isInstanceOf(java.net.SocketTimeoutException.class);
            proxy.gate().release();
            s.setSoTimeout(10_000);
            byte[] rest = s.getInputStream().readNBytes(sent.length - 12_345);
            assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(sent, 12_345, sent.length));
        }
    }
}
