package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.testing.SelfSignedCertificate;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of one kind share a jakarta.mail session (making one reads the providers' files of the class path); the
 * session depends on what the connection's properties depend on, and on nothing of who logs in.
 */
class ImapMailSessionsTest {
    @Test
    void connectionsOfOneKindShouldShareASessionAndOtherKindsGetTheirOwn() throws NoSuchProviderException {
        Session plain = config("mail.example.com", ImapSecurity.NONE, false).session(1_000);

        // another host and user, the same properties: the same session
        assertThat(config("other.example.com", ImapSecurity.NONE, false).session(1_000)).isSameAs(plain);
        // what the properties depend on: each its own
        assertThat(config("mail.example.com", ImapSecurity.NONE, false).session(2_000)).isNotSameAs(plain);
        assertThat(config("mail.example.com", ImapSecurity.TLS, false).session(1_000)).isNotSameAs(plain);
        assertThat(config("mail.example.com", ImapSecurity.STARTTLS, false).session(1_000)).isNotSameAs(plain);
        assertThat(config("mail.example.com", ImapSecurity.NONE, true).session(1_000)).isNotSameAs(plain);
        // the connector's stores are registered in it, Gmail's too
        assertThat(plain.getProvider("mfimap").getClassName()).isEqualTo(MailferryImapStore.class.getName());
        assertThat(plain.getProvider("gmimaps").getClassName()).isEqualTo(MailferryImapStore.class.getName());
    }

    @Test
    void aTrustedCertificateShouldHaveSessionsOfItsOwn(@TempDir Path dir) throws Exception {
        String pem = SelfSignedCertificate.pem(dir, "own-ca");
        Session jdkRoots = config("mail.example.com", ImapSecurity.TLS, false).session(1_000);
        Session trusting = withCertificate("mail.example.com", pem).session(1_000);

        assertThat(trusting).isNotSameAs(jdkRoots);
        assertThat(withCertificate("other.example.com", pem).session(1_000)).isSameAs(trusting);
        assertThat(withCertificate("mail.example.com", SelfSignedCertificate.pem(dir, "another-ca")).session(1_000))
                .isNotSameAs(trusting);
    }

    /** Logins of two users through one session: each its own (jakarta.mail keeps no password in a shared session). */
    @Test
    void twoUsersThroughOneSessionShouldEachReachTheirOwnMailbox() throws MailboxException {
        GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        try {
            greenMail.setUser("anna@example.com", "anna", "pw-anna").deliver(GreenMailUtil.createTextEmail(
                    "anna@example.com", "x@example.com", "for anna", "hello", ServerSetupTest.IMAP));
            greenMail.setUser("bob@example.com", "bob", "pw-bob");
            ImapConnectionConfig config = config("127.0.0.1", ImapSecurity.NONE, false, greenMail.getImap().getPort());
            ImapSession anna = ImapSession.open(config, "anna", "pw-anna");
            ImapSession bob = ImapSession.open(config, "bob", "pw-bob");
            try {
                assertThat(inboxCount(anna)).isEqualTo(1);
                assertThat(inboxCount(bob)).isZero();
            } finally {
                anna.close();
                bob.close();
            }
        } finally {
            greenMail.stop();
        }
    }

    private static int inboxCount(ImapSession session) throws MailboxException {
        return session.run("examining INBOX", MailboxException.Kind.FATAL, p -> p.examine("INBOX").total);
    }

    private static ImapConnectionConfig withCertificate(String host, String pem) {
        return new ImapConnectionConfig(new ImapSettings(host, 993, ImapSecurity.TLS, ImapAuthMode.PASSWORD, "someone",
                null, pem), ConnectionRole.TARGET);
    }

    private static ImapConnectionConfig config(String host, ImapSecurity security, boolean xoauth2) {
        return config(host, security, xoauth2, 143);
    }

    private static ImapConnectionConfig config(String host, ImapSecurity security, boolean xoauth2, int port) {
        return new ImapConnectionConfig(new ImapSettings(host, port, security, ImapAuthMode.PASSWORD, "someone", null,
                null), ConnectionRole.SOURCE, xoauth2, false);
    }
}
