package io.mailferry.service.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback that delays every chunk by a fixed one-way delay in each direction, so a round trip costs
 * {@code 2 × oneWayMillis} — what a migration across the internet sees. Bandwidth is not limited: chunks are
 * timestamped on arrival and released after the delay, so many can be in flight (pipelining pays off, waiting for
 * each reply does not).
 */
public final class DelayProxy implements AutoCloseable {
    private record Chunk(byte[] data, long releaseAtNanos) {
    }

    private static final Chunk EOF = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final AtomicBoolean open = new AtomicBoolean(true);

    public DelayProxy(InetSocketAddress upstream, long oneWayMillis) throws IOException {
        this.upstream = upstream;
        this.delayNanos = oneWayMillis * 1_000_000L;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delay-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (open.get()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                pipe(client, up);
                pipe(up, client);
            } catch (IOException e) {
                if (open.get()) {
                    continue;
                }
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    byte[] copy = new byte[n];
                    System.arraycopy(buf, 0, copy, 0, n);
                    queue.add(new Chunk(copy, System.nanoTime() + delayNanos));
                }
            } catch (IOException ignored) {
                // peer closed
            }
            queue.add(EOF);
        }, "delay-proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = queue.take();
                    if (c == EOF) {
                        break;
                    }
                    long wait = c.releaseAtNanos - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    }
                    out.write(c.data);
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException ignored) {
                // peer closed or proxy closing
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "delay-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        open.set(false);
        server.close();
    }
}
