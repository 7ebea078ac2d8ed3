package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.testing.PasswordForms;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that quotes the client's login back in its refusal (see {@link EchoingImapServer}) must not get the
 * password into the sentence the admin reads, the log, the stored test result or a pair's error.
 */
class ImapCredentialEchoTest {
    /** Quotes and a backslash: IMAP's LOGIN sends it escaped, so a plain search for the password would miss it. */
    private static final String PASSWORD = "Echo\"Me\\Not-7Kq";

    @ParameterizedTest(name = "AUTH=PLAIN offered: {0}")
    @ValueSource(booleans = {true, false})
    void probeShouldNotRepeatTheLoginAServerEchoes(boolean plain) throws Exception {
        try (EchoingImapServer server = new EchoingImapServer(plain)) {
            ConnectionTestResult r = new ImapConnectionProbe().test(new ConnectionRequest("echo",
                    ConnectionRole.SOURCE, ConnectionKind.IMAP, settings(server.port()), null, null,
                    new Secret(PASSWORD)));

            assertThat(r.ok()).isFalse();
            assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
            assertThat(r.message()).startsWith("Source IMAP server 127.0.0.1:" + server.port() + " rejected the login");
            assertNoPassword(r.message());
        }
    }

    @Test
    void mailboxOpenShouldNotRepeatTheLoginAServerEchoes() throws Exception {
        try (EchoingImapServer server = new EchoingImapServer(true)) {
            ImapMailboxAccess access = new ImapMailboxAccess(settings(server.port()), new Secret(PASSWORD),
                    ConnectionRole.TARGET);

            assertThatThrownBy(() -> access.openTarget(new MailboxAccess.Login("anna", null, null)))
                    .isInstanceOfSatisfying(MailboxException.class, e -> {
                        assertThat(e.getMessage()).startsWith("Target IMAP server");
                        assertNoPassword(e.getMessage());
                        java.io.StringWriter trace = new java.io.StringWriter();
                        e.printStackTrace(new java.io.PrintWriter(trace));
                        assertNoPassword(trace.toString()); // what a log line with the exception would show
                        assertThat(ImapFailures.classify(e.getCause())).isEqualTo(ConnectionFailure.AUTHENTICATION);
                    });
        }
    }

    @Test
    void scrubShouldRemoveThePasswordInEveryFormALoginSendsIt() {
        String plainBlob = Base64.getEncoder().encodeToString(("\0anna\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String text = "a NO raw " + PASSWORD + " quoted \"Echo\\\"Me\\\\Not-7Kq\" blob " + plainBlob
                + " alone " + Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))
                + " cut " + plainBlob.substring(0, plainBlob.length() - 4);

        String scrubbed = ImapFailures.scrub(text, PASSWORD);

        assertNoPassword(scrubbed);
        assertThat(scrubbed).doesNotContain(plainBlob.substring(0, 12))
                .isEqualTo("a NO raw *** quoted \"***\" blob *** alone *** cut ***");
        assertThat(ImapFailures.scrub("[AUTHENTICATIONFAILED] Authentication failed.", PASSWORD))
                .as("ordinary words stay").isEqualTo("[AUTHENTICATIONFAILED] Authentication failed.");
    }

    private static void assertNoPassword(String text) {
        // pieces of the password as typed (Echo"Me\Not-7Kq) and as LOGIN escapes it (Echo\"Me\\Not-7Kq)
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("Me\\").doesNotContain("Echo\\").doesNotContain("7Kq");
        for (String form : PasswordForms.base64(PASSWORD)) {
            assertThat(text).as("base64 form of the password").doesNotContain(form);
        }
    }

    private static ImapSettings settings(int port) {
        return new ImapSettings("127.0.0.1", port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, "anna", null, null);
    }
}
