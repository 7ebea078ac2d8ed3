package io.mailferry.service.connector.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP connector against GreenMail's SMTP (plain) and SMTPS (its own self-signed certificate). */
class SmtpMailerTest {
    GreenMail greenMail;
    final SmtpMailer mailer = new SmtpMailer(5_000);

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
                ServerSetupTest.SMTPS.dynamicPort()})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "right"));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void mailShouldReachEveryRecipientWithSubjectAndBody() throws Exception {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.NONE, port(), "alerts"), new Secret("right"),
                "Mailferry alert: Mailbox anna stalled", "Mailbox anna@old has made no progress for 30 min.\n");

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("The SMTP server 127.0.0.1:" + port()
                + " accepted the mail for admin@example.com, boss@example.com.");
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("Mailferry alert: Mailbox anna stalled");
        assertThat(GreenMailUtil.getBody(received[0])).contains("no progress for 30 min");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("mailferry@example.com");
    }

    @Test
    void wrongPasswordShouldBeSaidPlainlyWithoutThePassword() {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.NONE, port(), "alerts"),
                new Secret("wrong-pw-123"), "s", "b");

        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).startsWith("The SMTP server 127.0.0.1:" + port()
                + " refused the user name or password of alerts: the password is wrong")
                .doesNotContain("wrong-pw-123");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void unreachableHostShouldBeSaidPlainly() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.NONE, closed, null), null, "s", "b");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.REFUSED);
        assertThat(r.message()).isEqualTo("The SMTP server 127.0.0.1:" + closed + " cannot be reached: nothing "
                + "answers on that port or the network is unreachable (check the host, the port and the firewall).");
    }

    @Test
    void serverWithoutStartTlsShouldBeRefusedRatherThanUsedInPlainText() {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.STARTTLS, port(), "alerts"), new Secret("right"),
                "s", "b");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_HANDSHAKE);
        assertThat(r.message()).contains("does not offer STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void untrustedCertificateShouldBeRefused() {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.TLS, greenMail.getSmtps().getPort(), "alerts"),
                new Secret("right"), "s", "b");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
        assertThat(r.message()).contains("presented a TLS certificate that is not trusted");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void invalidTrustedCertificateShouldBeAConfigurationProblem() {
        AlertSettings s = settings(SmtpSecurity.TLS, greenMail.getSmtps().getPort(), null);
        AlertSettings withBadPem = new AlertSettings(s.host(), s.port(), s.security(), null, false,
                "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----", s.from(), s.recipients(), 0, 0, 0, 0);

        ConnectionTestResult r = mailer.send(withBadPem, null, "s", "b");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.CONFIGURATION);
        assertThat(r.message()).startsWith("The alert mail settings are invalid: The trusted certificate");
    }

    @Test
    void implicitTlsOnAPlainPortShouldBeSaidWithoutTheLibrarysText() {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.TLS, port(), "alerts"), new Secret("right"),
                "s", "b");

        assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TLS_HANDSHAKE);
        assertThat(r.message()).isEqualTo("The SMTP server 127.0.0.1:" + port() + " refused the TLS handshake:"
                + " the port may not match the security mode (implicit TLS is usually port 465, STARTTLS port 587),"
                + " or the server offers no TLS version this service accepts.");
        assertPlain(r.message());
    }

    @Test
    void wrongPasswordShouldBeAFixedSentenceWithoutTheServersReply() {
        ConnectionTestResult r = mailer.send(settings(SmtpSecurity.NONE, port(), "alerts"), new Secret("nope"),
                "s", "b");

        assertThat(r.message()).isEqualTo("The SMTP server 127.0.0.1:" + port() + " refused the user name or"
                + " password of alerts: the password is wrong or the account may not send mail.");
        assertPlain(r.message());
    }

    @Test
    void aServerThatNeverGreetsShouldBeSaidWithTheConfiguredTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts connections (backlog), never says a word
            ConnectionTestResult r = new SmtpMailer(2_000).send(settings(SmtpSecurity.NONE, silent.getLocalPort(),
                    null), null, "s", "b");

            assertThat(r.failure()).as(r.message()).isEqualTo(ConnectionFailure.TIMEOUT);
            assertThat(r.message()).isEqualTo("The SMTP server 127.0.0.1:" + silent.getLocalPort() + " did not"
                    + " answer within 2 seconds (the configured timeout).");
            assertPlain(r.message());
        }
    }

    /**
     * No class name, no library or JSSE text, no SMTP reply code (as a word of its own: the server's port, which the
     * message names, may end in 535).
     */
    private static void assertPlain(String message) {
        assertThat(message).doesNotContain("Exception", "SSL message", "Unsupported or unrecognized",
                "credentials", "Read timed out", "jakarta", "javax");
        assertThat(message).doesNotContainPattern("\\b535\\b");
    }

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    static AlertSettings settings(SmtpSecurity security, int port, String user) {
        return new AlertSettings("127.0.0.1", port, security, user, user != null, null, "mailferry@example.com",
                List.of("admin@example.com", "boss@example.com"), 0, 0, 0, 0);
    }
}
