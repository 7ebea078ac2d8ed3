package io.mailferry.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy must really cut connections mid-transfer, count each cut once, and never change a byte it passes. */
class ConnectionDropsTest {
    private ServerSocket echo;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread one = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                            s.shutdownOutput();
                        } catch (IOException cut) {
                            // the proxy reset it
                        }
                    });
                    one.setDaemon(true);
                    one.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        echo.close();
    }

    private InetSocketAddress upstream() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    }

    @Test
    void connectionsShouldBeCutAfterARandomNumberOfBytesPassingOnlyAnUnchangedPrefix() throws Exception {
        byte[] sent = new byte[200_000];
        new Random(3).nextBytes(sent);
        int cutShort = 0;
        try (DelayProxy proxy = new DelayProxy(upstream(), 0, ConnectionDrops.random(11, 20_000, 0))) {
            for (int i = 0; i < 20; i++) {
                byte[] back = exchange(proxy.port(), sent);
                assertThat(back).as("what came back is the start of what was sent")
                        .isEqualTo(Arrays.copyOf(sent, back.length));
                cutShort += back.length < sent.length ? 1 : 0;
            }
            assertThat(cutShort).as("connections cut before the whole echo came back").isGreaterThan(15);
            assertThat(proxy.awaitNoConnections(10_000)).isTrue();
            assertThat(proxy.drops().drops()).as("each cut counted once").isEqualTo(cutShort);
            assertThat(proxy.drops().connections()).isEqualTo(20);
        }
    }

    @Test
    void pausedDropsShouldLetEveryByteThrough() throws Exception {
        byte[] sent = new byte[200_000];
        new Random(5).nextBytes(sent);
        try (DelayProxy proxy = new DelayProxy(upstream(), 0, ConnectionDrops.random(11, 1_000, 0))) {
            proxy.drops().pause();
            for (int i = 0; i < 5; i++) {
                assertThat(exchange(proxy.port(), sent)).isEqualTo(sent);
            }
            assertThat(proxy.drops().drops()).isZero();
        }
    }

    @Test
    void anIdleConnectionShouldBeCutAtItsRandomInstant() throws Exception {
        try (DelayProxy proxy = new DelayProxy(upstream(), 0, ConnectionDrops.random(7, 0, 20));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.setSoTimeout(30_000); // a safety net only: the cut comes after some 20 ms
            int read;
            try {
                read = s.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("the connection ended without a byte").isEqualTo(-1);
            assertThat(proxy.drops().drops()).isEqualTo(1);
        }
    }

    /** Sends {@code data} through the proxy to the echo server and returns what came back before the end or a cut. */
    private static byte[] exchange(int port, byte[] data) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(data);
                    s.shutdownOutput();
                } catch (IOException cut) {
                    // the proxy reset it
                }
            });
            writer.start();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            InputStream in = s.getInputStream();
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    back.write(buf, 0, n);
                }
            } catch (IOException reset) {
                // cut: what arrived so far is the answer
            }
            writer.join();
            return back.toByteArray();
        }
    }
}
