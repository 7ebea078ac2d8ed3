package io.mailferry.service.bench;

import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.testing.DovecotServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Mailferry reaches one of the bench's Dovecots: its plain IMAP port, or with {@code --tls} its imaps port with
 * the server's self-signed certificate trusted as an admin would ({@code --source-trust-cert}) — behind the delay
 * proxy when there is one (it forwards bytes, TLS or not). dsync's peer always runs in plaintext, its own protocol.
 */
record BenchEndpoint(String host, int port, ImapSecurity security, String certificatePem) {
    static BenchEndpoint of(DovecotServer server, DelayProxy proxy, boolean tls) {
        return new BenchEndpoint(server.host(), proxy == null ? serverPort(server, tls) : proxy.port(),
                tls ? ImapSecurity.TLS : ImapSecurity.NONE, tls ? server.certificatePem() : null);
    }

    /** The server port a delay proxy in front of {@code server} forwards to. */
    static int serverPort(DovecotServer server, boolean tls) {
        return tls ? server.imapsPort() : server.imapPort();
    }

    ImapSettings settings(String user) {
        return new ImapSettings(host, port, security, ImapAuthMode.PASSWORD, user, null, certificatePem);
    }

    /** {@code mailferry migrate}'s options for this side ({@code side}: "source" or "target"). */
    List<String> cliArgs(String side, Path work) throws IOException {
        List<String> args = new ArrayList<>(List.of("--" + side + "-host", host, "--" + side + "-port",
                String.valueOf(port), "--" + side + "-security", security == ImapSecurity.TLS ? "tls" : "none"));
        if (certificatePem != null) {
            Path pem = Files.writeString(Files.createTempFile(work, side + "-", ".pem"), certificatePem);
            args.addAll(List.of("--" + side + "-trust-cert", pem.toString()));
        }
        return args;
    }
}
