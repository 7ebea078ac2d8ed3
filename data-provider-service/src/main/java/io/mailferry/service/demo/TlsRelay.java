package io.mailferry.service.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Implicit TLS in front of a plain loopback port: each connection's TLS is ended here and its bytes relayed to the
 * plain port and back. The class-data sharing archive's training ({@code archive-training}) reaches an embedded demo
 * server over TLS through it, so that the archive holds the classes of a TLS session too (issue 10 part 26). Its
 * certificate is the training's own ({@link TrainingCertificate}); nothing else trusts it.
 */
public final class TlsRelay implements AutoCloseable {
    private final SSLServerSocket server;
    private final int plainPort;

    private TlsRelay(SSLServerSocket server, int plainPort) {
        this.server = server;
        this.plainPort = plainPort;
    }

    /** Listens on a free loopback port with the key in {@code keys}, relaying to {@code plainPort}. */
    public static TlsRelay start(KeyStore keys, char[] password, int plainPort)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TlsRelay relay = new TlsRelay(server, plainPort);
        daemon(relay::accept, "tls-relay-" + server.getLocalPort());
        return relay;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket plain = new Socket();
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plainPort), 10_000);
                daemon(() -> pump(client, plain), "tls-relay-in");
                daemon(() -> pump(plain, client), "tls-relay-out");
            } catch (IOException e) {
                return; // closed, or the plain side is gone: the training's pass says so itself
            }
        }
    }

    /** Copies until either side ends, then closes both. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other is closed with it
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
