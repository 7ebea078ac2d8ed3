package io.mailferry.service.connector.imap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hostile (or buggy) IMAP server on loopback that refuses every login and quotes what the client sent back in its
 * NO answer: the whole LOGIN line, or the AUTHENTICATE PLAIN blob (base64 of {@code \0user\0password}). Real servers
 * have done both in debug modes; Mailferry's sentences must not pass the quote on. One client at a time.
 */
final class EchoingImapServer extends LoopbackImapServer {
    private final boolean offerPlain;

    /** @param offerPlain true to announce AUTH=PLAIN (clients then AUTHENTICATE), false for LOGIN only */
    EchoingImapServer(boolean offerPlain) throws IOException {
        this(offerPlain, new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
    }

    /** On a given listening socket (e.g. an {@code SSLServerSocket} for implicit TLS). */
    EchoingImapServer(boolean offerPlain, ServerSocket socket) {
        super(socket, "echoing-imap");
        this.offerPlain = offerPlain;
    }

    @Override
    void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        String caps = "IMAP4rev1" + (offerPlain ? " AUTH=PLAIN" : "");
        send(out, "* OK [CAPABILITY " + caps + "] echo server ready");
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(java.util.Locale.ROOT) : "";
            switch (command) {
                case "CAPABILITY" -> {
                    send(out, "* CAPABILITY " + caps);
                    send(out, tag + " OK done");
                }
                case "AUTHENTICATE" -> {
                    send(out, "+ ");
                    String blob = in.readLine();
                    send(out, tag + " NO [AUTHENTICATIONFAILED] Bad credentials in " + blob);
                }
                case "LOGIN" -> send(out, tag + " NO [AUTHENTICATIONFAILED] Login refused: " + line);
                case "LOGOUT" -> {
                    send(out, "* BYE bye");
                    send(out, tag + " OK bye");
                    return;
                }
                default -> send(out, tag + " BAD unknown command " + line);
            }
        }
    }
}
