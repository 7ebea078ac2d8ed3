package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.testing.DovecotServer;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImapConnectionProbeIT {
    private static final DovecotServer DOVECOT = DovecotServer.shared();
    private final ImapConnectionProbe probe = new ImapConnectionProbe();

    private static ConnectionRequest request(String host, int port, ImapSecurity security, String pem, String user,
                                             String password) {
        ImapSettings s = new ImapSettings(host, port, security, ImapAuthMode.PASSWORD, user, null, pem);
        return new ConnectionRequest("test", ConnectionRole.SOURCE, ConnectionKind.IMAP, s, null, null,
                Secret.of(password));
    }

    @Test
    void testShouldLogInWithGoodCredentialsAndListCapabilities() {
        String user = DOVECOT.newUser();
        ConnectionTestResult r = probe.test(request(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.NONE, null, user,
                DOVECOT.password(user)));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("Logged in to source IMAP server 127.0.0.1:" + DOVECOT.imapPort()
                + " as " + user + ".");
        assertThat(r.details()).contains("IMAP4rev1", "UIDPLUS", "SPECIAL-USE");
    }

    @Test
    void testShouldReportWrongPasswordWithTheServersWords() {
        String user = DOVECOT.newUser();
        ConnectionTestResult r = probe.test(request(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.NONE, null, user,
                "wrong-password"));
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).startsWith("Source IMAP server").contains("[AUTHENTICATIONFAILED]", user)
                .doesNotContain("wrong-password");
    }

    @Test
    void testShouldReportRefusedOnAClosedPort() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ConnectionTestResult r = probe.test(request("127.0.0.1", closed, ImapSecurity.NONE, null, "u", "p"));
        assertThat(r.failure()).isEqualTo(ConnectionFailure.REFUSED);
        assertThat(r.message()).contains("refused the connection");
    }

    @Test
    void testShouldReportDnsForAnUnknownHost() {
        ConnectionTestResult r = probe.test(request("nonexistent.invalid", 993, ImapSecurity.TLS, null, "u", "p"));
        assertThat(r.failure()).isEqualTo(ConnectionFailure.DNS);
        assertThat(r.message()).contains("nonexistent.invalid", "does not resolve");
    }

    @Test
    void testShouldRejectAnUntrustedCertificateAndAcceptItOnceTrusted() {
        String user = DOVECOT.newUser();
        ConnectionTestResult untrusted = probe.test(request(DOVECOT.host(), DOVECOT.imapsPort(), ImapSecurity.TLS,
                null, user, DOVECOT.password(user)));
        assertThat(untrusted.failure()).as(untrusted.message()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
        assertThat(untrusted.message()).contains("not trusted", "import it");

        ConnectionTestResult trusted = probe.test(request(DOVECOT.host(), DOVECOT.imapsPort(), ImapSecurity.TLS,
                DOVECOT.certificatePem(), user, DOVECOT.password(user)));
        assertThat(trusted.ok()).as(trusted.message()).isTrue();
    }

    @Test
    void testShouldUpgradeWithStartTlsWhenTheCertificateIsTrusted() {
        String user = DOVECOT.newUser();
        ConnectionTestResult r = probe.test(request(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.STARTTLS,
                DOVECOT.certificatePem(), user, DOVECOT.password(user)));
        assertThat(r.ok()).as(r.message()).isTrue();
        ConnectionTestResult untrusted = probe.test(request(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.STARTTLS,
                null, user, DOVECOT.password(user)));
        assertThat(untrusted.failure()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
    }

    @Test
    void testShouldReportTlsHandshakeWhenTheTlsPortSpeaksPlainText() {
        ConnectionTestResult r = probe.test(request(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.TLS,
                DOVECOT.certificatePem(), "u", "p"));
        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_HANDSHAKE);
    }

    @Test
    void masterUserShouldOpenAnotherUsersMailbox() throws Exception {
        String user = DOVECOT.newUser();
        ImapServerFixture fx = DovecotFixtures.fixture();
        fx.seed(ImapServerFixture.login(user, DOVECOT.password(user)), List.of("INBOX"),
                TestMessages.simple("for master", "<master@example.com>"), ItemState.NONE, null);
        ImapSettings master = new ImapSettings(DOVECOT.host(), DOVECOT.imapsPort(), ImapSecurity.TLS,
                ImapAuthMode.MASTER_USER, DovecotServer.MASTER_USER, "*", DOVECOT.certificatePem());
        ImapMailboxAccess access = new ImapMailboxAccess(master, new Secret(DovecotServer.MASTER_PASSWORD),
                ConnectionRole.SOURCE);
        try (SourceMailbox source = access.openSource(new Login(user, null, null))) {
            MailFolder inbox = source.folders().get(0);
            assertThat(source.list(inbox, null, 10).items()).extracting(i -> i.messageId())
                    .containsExactly("<master@example.com>");
        }
        assertThat(access.describe()).isEqualTo("source IMAP server 127.0.0.1:" + DOVECOT.imapsPort());
    }

    @Test
    void masterUserTestShouldPassWithTheRightAdminPasswordAndNameTheWrongOne() {
        ImapSettings master = new ImapSettings(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.NONE,
                ImapAuthMode.MASTER_USER, DovecotServer.MASTER_USER, "*", null);

        ConnectionTestResult good = probe.test(new ConnectionRequest("master", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, master, null, null, new Secret(DovecotServer.MASTER_PASSWORD)));
        ConnectionTestResult bad = probe.test(new ConnectionRequest("master", ConnectionRole.SOURCE,
                ConnectionKind.IMAP, master, null, null, new Secret("not-the-master-password")));

        assertThat(good.ok()).as(good.message()).isTrue();
        assertThat(good.message()).contains("accepted the password of master user " + DovecotServer.MASTER_USER);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.failure()).as(bad.message()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(bad.message()).contains("AUTHENTICATIONFAILED").doesNotContain("not-the-master-password");
    }

    @Test
    void aMigrationsMasterUserTestShouldLogInForItsFirstMailboxAndLeaveTheSessionToThatPass() {
        String user = DOVECOT.newUser();
        ImapSettings master = new ImapSettings(DOVECOT.host(), DOVECOT.imapPort(), ImapSecurity.NONE,
                ImapAuthMode.MASTER_USER, DovecotServer.MASTER_USER, "*", null);
        ConnectionRequest request = new ConnectionRequest("master", ConnectionRole.SOURCE, ConnectionKind.IMAP, master,
                null, null, new Secret(DovecotServer.MASTER_PASSWORD));
        String login = user + "*" + DovecotServer.MASTER_USER;

        String nobody = "nobody-" + System.nanoTime();
        ConnectionTestResult first = ImapConnectionProbe.handingOver().test(request, new Login(user, null, null));
        ConnectionTestResult missing = ImapConnectionProbe.handingOver().test(request, new Login(nobody, null, null));
        ConnectionTestResult wrongAdmin = ImapConnectionProbe.handingOver().test(new ConnectionRequest("master",
                ConnectionRole.SOURCE, ConnectionKind.IMAP, master, null, null, new Secret("not-the-master-password")),
                new Login(user, null, null));
        ConnectionTestResult panel = probe.test(request, new Login(user, null, null));

        assertThat(first.ok()).as(first.message()).isTrue();
        assertThat(first.message()).endsWith(" as " + login + ".");
        try (ImapSession parked = ImapSessionShelf.shared().take(new ImapConnectionConfig(master,
                ConnectionRole.SOURCE), login, DovecotServer.MASTER_PASSWORD)) {
            assertThat(parked).as("left for the pass, under the login the pass uses").isNotNull();
        }
        assertThat(missing.ok()).as("a first mailbox the server refuses is its pair's failure, not the connection's: "
                + "tested again for the made-up mailbox, " + missing.message()).isTrue();
        assertThat(missing.message()).contains("accepted the password of master user " + DovecotServer.MASTER_USER);
        assertThat(ImapSessionShelf.shared().take(new ImapConnectionConfig(master, ConnectionRole.SOURCE),
                nobody + "*" + DovecotServer.MASTER_USER, DovecotServer.MASTER_PASSWORD)).isNull();
        assertThat(wrongAdmin.failure()).as(wrongAdmin.message()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(wrongAdmin.message()).contains("AUTHENTICATIONFAILED").doesNotContain("not-the-master-password");
        assertThat(panel.message()).as("the panel's test names no mailbox: the made-up one, as before")
                .contains("accepted the password of master user " + DovecotServer.MASTER_USER);
    }
}
