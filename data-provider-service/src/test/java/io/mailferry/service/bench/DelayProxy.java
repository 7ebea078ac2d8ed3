package io.mailferry.service.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delays every chunk by a fixed one-way delay in each direction, so a round trip costs
 * {@code 2 × oneWayMillis} — what a migration across the internet sees. Bandwidth is not limited: chunks are
 * timestamped on arrival and released after the delay, so many can be in flight (pipelining pays off, waiting for
 * each reply does not).
 *
 * <p>Each direction ends on its own (half-close): when one side stops sending, the data still queued for it is
 * delivered and only then is the other side's output shut down; the sockets close once both directions ended, or
 * at once on an error or {@link #close()}.
 *
 * <p>Each direction holds at most {@link #MAX_QUEUED_BYTES} (a link's buffers): a receiver that stops reading stops
 * the sender, as on a real link, instead of the proxy's heap taking whatever the sender writes — dsync through the
 * proxy once filled the bench's heap that way, and stalled before it failed.
 *
 * <p>Given {@link ConnectionDrops}, it also cuts connections at random instants (a TCP reset on both sides, in the
 * middle of whatever was in flight) and counts the cuts; the delay may then be 0.
 */
public final class DelayProxy implements AutoCloseable {
    private record Chunk(byte[] data, long releaseAtNanos) {
    }

    /** Bytes one direction holds at most: 400 MB/s per connection at 20 ms each way, more than loopback carries. */
    static final int MAX_QUEUED_BYTES = 8 << 20;
    private static final Chunk EOF = new Chunk(new byte[0], 0);
    /** After the bytes before it: the connection's byte budget ran out, cut it here. */
    private static final Chunk CUT = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final UpstreamGate gate = new UpstreamGate();
    /** Client-to-server bytes read from the clients so far (held ones included). */
    private final AtomicLong fromClients = new AtomicLong();
    private final ConnectionDrops drops;

    public DelayProxy(InetSocketAddress upstream, long oneWayMillis) throws IOException {
        this(upstream, oneWayMillis, ConnectionDrops.none());
    }

    /** A proxy that also cuts connections as {@code drops} decides (it owns them from now on). */
    public DelayProxy(InetSocketAddress upstream, long oneWayMillis, ConnectionDrops drops) throws IOException {
        this.upstream = upstream;
        this.drops = drops;
        this.delayNanos = oneWayMillis * 1_000_000L;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "delay-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What cuts this proxy's connections at random, and counts the cuts. */
    public ConnectionDrops drops() {
        return drops;
    }

    /** The gate on client-to-server traffic, open until a test arms it. */
    public UpstreamGate gate() {
        return gate;
    }

    /**
     * Waits until no client has sent a byte for {@code quietMillis}: with the gate holding, the clients wrote all
     * they will write before an answer. False if {@code maxMillis} passed first.
     */
    public boolean awaitClientsQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        long seen = fromClients.get();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quietMillis * 1_000_000L) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
            long now = fromClients.get();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
        return true;
    }

    /** Waits until every connection through the proxy has ended; false if {@code millis} passed first. */
    public boolean awaitNoConnections(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!sockets.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Drops every open connection (both sides see a reset) but keeps accepting new ones. */
    public void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (open.get()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket up = new Socket(upstream.getAddress(), upstream.getPort());
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(up);
                AtomicInteger directions = new AtomicInteger(2);
                ConnectionDrops.Link link = drops.open(client, up);
                pipe(client, up, directions, gate, link);
                pipe(up, client, directions, null, link);
            } catch (IOException e) {
                closeQuietly(client); // upstream refused: the client sees the connection drop, as without a proxy
            }
        }
    }

    private void pipe(Socket from, Socket to, AtomicInteger directions, UpstreamGate gateOrNull,
            ConnectionDrops.Link link) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Semaphore room = new Semaphore(MAX_QUEUED_BYTES);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (gateOrNull != null) {
                        fromClients.addAndGet(n);
                    }
                    int pass = link.admit(n);
                    byte[] copy = new byte[pass];
                    System.arraycopy(buf, 0, copy, 0, pass);
                    room.acquire(pass); // the writer gives it back once the bytes went out
                    queue.add(new Chunk(copy, System.nanoTime() + delayNanos));
                    if (pass < n) {
                        queue.add(CUT);
                        return;
                    }
                }
            } catch (IOException ignored) {
                // peer reset or proxy closing: deliver what was read, then end this direction
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.add(EOF);
        }, "delay-proxy-read");
        Thread writer = new Thread(() -> {
            boolean clean = false;
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    if (c == EOF) {
                        break;
                    }
                    if (c == CUT) { // the bytes before it went out: now the connection dies mid-transfer
                        out.flush();
                        link.cutNow();
                        return;
                    }
                    long wait;
                    while ((wait = c.releaseAtNanos - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    write(out, c.data, gateOrNull);
                    room.release(c.data.length);
                }
                to.shutdownOutput();
                clean = true;
            } catch (IOException ignored) {
                // peer gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!clean || directions.decrementAndGet() == 0) {
                    link.ended();
                    closeQuietly(from);
                    closeQuietly(to);
                }
                // after the close: a reader waiting for room goes on and meets the closed socket, instead of reading
                // what the kernel still holds and waiting for room again
                room.release(MAX_QUEUED_BYTES);
            }
        }, "delay-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void write(OutputStream out, byte[] data, UpstreamGate gateOrNull)
            throws IOException, InterruptedException {
        if (gateOrNull == null) {
            out.write(data);
            return;
        }
        int off = 0;
        while (off < data.length) {
            int n = gateOrNull.admit(data.length - off);
            out.write(data, off, n);
            off += n;
        }
        out.flush();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting and drops every connection still open. */
    @Override
    public void close() throws IOException {
        open.set(false);
        drops.close();
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
