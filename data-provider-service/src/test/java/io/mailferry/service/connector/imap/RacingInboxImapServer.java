package io.mailferry.service.connector.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
        answerLines(client, "IMAP4rev1 UIDPLUS CONDSTORE", (tag, command, line, out) -> {
            if (command.equals("LIST")) {
                send(out, "* LIST () \"/\" INBOX");
            } else if (command.equals("STATUS")) {
                statuses.incrementAndGet();
                if (refusals.getAndDecrement() > 0) {
                    send(out, tag + " " + REFUSAL);
                    return false;
                }
                send(out, "* STATUS INBOX (UIDVALIDITY 1700 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 9)");
            }
            return true;
        });
    }
}
