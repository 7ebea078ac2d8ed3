package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.port.MailboxException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Literal;
import org.junit.jupiter.api.Test;

/**
 * A server that stops reading in the middle of an APPEND's literal, keeping the connection open: the write blocks once
 * the socket buffers are full, and only the connection's write timeout ({@link WriteDeadlines}) can free the worker.
 * It must end the write with a sentence naming the side, and mark the session lost.
 */
class ImapWriteTimeoutTest {
    private static final int TIMEOUT_MILLIS = 1_000;

    @Test
    void aServerThatStopsReadingShouldCostOneWriteTimeoutAndASentence() throws Exception {
        try (StallingServer server = new StallingServer();
                ImapSession session = ImapSession.open(new ImapConnectionConfig(new ImapSettings("127.0.0.1",
                        server.port(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, "anna", null, null),
                        ConnectionRole.TARGET), "anna", "secret", TIMEOUT_MILLIS)) {
            CompletableFuture<Object> append = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run("appending a message", MailboxException.Kind.FATAL, p -> {
                        Argument args = new Argument();
                        args.writeBytes(new Zeros(1 << 30)); // far more than any socket buffer
                        return ImapSession.execute(p, "APPEND INBOX", args);
                    });
                } catch (MailboxException e) {
                    return e;
                }
            });
            Object outcome;
            try {
                outcome = append.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                server.dropClient(); // frees the blocked write, so that the failure is reported and nothing hangs
                throw new AssertionError("the write timeout never ended the blocked write", e);
            }

            assertThat(server.stalled.getCount()).as("the server took the literal's first bytes").isZero();
            assertThat(outcome).isInstanceOfSatisfying(MailboxException.class, e -> {
                assertThat(e.kind()).isEqualTo(MailboxException.Kind.CONNECTION);
                assertThat(e.getMessage()).isEqualTo("Target IMAP server 127.0.0.1:" + server.port()
                        + " stopped reading what Mailferry sent while appending a message; Mailferry closed the"
                        + " connection after its write timeout.");
            });
            assertThatThrownBy(() -> session.run("listing folders", MailboxException.Kind.FATAL, p -> null))
                    .as("the session is lost, and says how").hasMessage(((Exception) outcome).getMessage());
            assertThat(WriteDeadlines.shared().pending()).as("no deadline left behind").isZero();
        }
    }

    @Test
    void everyImapConnectionShouldUseTheSharedWatchdog() {
        for (ImapSecurity security : ImapSecurity.values()) {
            ImapConnectionConfig config = new ImapConnectionConfig(new ImapSettings("127.0.0.1", 993, security,
                    ImapAuthMode.PASSWORD, "anna", null, null), ConnectionRole.SOURCE);
            assertThat(config.properties(1_000).get("mail." + config.protocol() + ".executor.writetimeout"))
                    .as(security.toString()).isSameAs(WriteDeadlines.shared());
        }
    }

    /** A literal of zeros written 64 KiB at a time. */
    private record Zeros(int size) implements Literal {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] chunk = new byte[64 << 10];
            for (int left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }

    /** Logs anyone in, answers an APPEND's literal with "+", reads a little of it and then nothing more. */
    private static final class StallingServer extends LoopbackImapServer {
        final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile Socket client;

        StallingServer() throws IOException {
            super(smallWindow(), "stalling-imap-server");
        }

        private static ServerSocket smallWindow() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReceiveBufferSize(8 << 10); // inherited by the accepted socket: the client's writes block sooner
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s;
        }

        @Override
        void converse(Socket client) throws IOException {
            this.client = client;
            answerLines(client, "IMAP4rev1", (tag, command, line, out) -> {
                if (command.equals("APPEND")) {
                    send(out, "+ go ahead");
                    client.getInputStream().read(new byte[1024]);
                    stalled.countDown();
                    try {
                        // keep the connection open, read nothing: only the client's write timeout ends its write
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("the test is over");
                }
                return true;
            });
        }

        void dropClient() throws IOException {
            client.close();
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            super.close();
        }
    }
}
