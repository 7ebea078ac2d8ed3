package io.mailferry.service.connector.imap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-folder IMAP server on loopback that answers its first {@code refusals} STATUS commands as Dovecot 2.3
 * (maildir) answered a STATUS of INBOX while another session of the same user was creating it: {@value #REFUSAL}.
 * Then STATUS answers three messages. Any login is accepted; other commands are answered OK. One client at a time.
 */
final class RacingInboxImapServer extends LoopbackImapServer {
    static final String REFUSAL = "NO [ALREADYEXISTS] Mailbox already exists (0.007 + 0.000 + 0.006 secs).";

    private final AtomicInteger refusals;
    private final AtomicInteger statuses = new AtomicInteger();

    RacingInboxImapServer(int refusals) throws IOException {
        super(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), "racing-inbox-imap");
        this.refusals = new AtomicInteger(refusals);
    }

    /** How many STATUS commands were received, refused ones included. */
    int statuses() {
        return statuses.get();
    }

    @Override
    void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        String caps = "IMAP4rev1 UIDPLUS CONDSTORE";
        send(out, "* OK [CAPABILITY " + caps + "] ready");
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            switch (command) {
                case "CAPABILITY" -> send(out, "* CAPABILITY " + caps);
                case "LIST" -> send(out, "* LIST () \"/\" INBOX");
                case "STATUS" -> {
                    statuses.incrementAndGet();
                    if (refusals.getAndDecrement() > 0) {
                        send(out, tag + " " + REFUSAL);
                        continue;
                    }
                    send(out, "* STATUS INBOX (UIDVALIDITY 1700 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 9)");
                }
                case "LOGOUT" -> {
                    send(out, "* BYE bye");
                    send(out, tag + " OK bye");
                    return;
                }
                default -> { }
            }
            send(out, tag + " OK done");
        }
    }
}
