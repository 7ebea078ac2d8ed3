package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.api.Alert;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.app.alert.AlertMailer;
import io.mailferry.service.app.alert.AlertService;
import io.mailferry.service.connector.smtp.SmtpMailer;
import io.mailferry.service.store.AlertStore;
import io.mailferry.service.store.LicenseStore;
import io.mailferry.service.store.SecretCipher;
import io.mailferry.service.store.SettingStore;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules over a real store and runner with fake mail servers, a hand-moved clock and a recording mailer. */
class AlertServiceTest {
    static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;
    RunnerFixture f;
    AlertService alerts;
    final AtomicLong freeBytes = new AtomicLong(100 * GB);
    final RecordingMailer mailer = new RecordingMailer();

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
        alerts = alertsMailingThrough(mailer);
    }

    private AlertService alertsMailingThrough(AlertMailer through) {
        LicenseService license = new LicenseService(new SettingStore(f.db), new LicenseStore(f.db),
                TestLicenses.ofThisRun().verifier(), f.clock);
        license.remove(); // these tests watch the trial run out
        return new AlertService(new AlertStore(f.db, SecretCipher.fromKeyFile(dir.resolve("secret.key"))),
                f.runner, f.connections, license, freeBytes::get, "/var/lib/mailferry", through, f.clock);
    }

    @AfterEach
    void close() {
        alerts.close();
        f.close();
    }

    @Test
    void alertShouldBeMailedOncePerPeriodWhileItLasts() {
        configureMail(60);
        freeBytes.set(200L * 1024 * 1024);

        alerts.check();
        f.clock.advance(Duration.ofMinutes(30));
        alerts.check();
        f.clock.advance(Duration.ofMinutes(29));
        alerts.check();

        assertThat(mailer.sent).hasSize(1);
        assertThat(mailer.sent.get(0).subject()).startsWith("Mailferry alert: The disk of the data directory");
        assertThat(mailer.sent.get(0).body()).contains("200.0 MB free", "DISK_LOW");
        assertThat(mailer.sent.get(0).password()).isEqualTo(new Secret("smtp-pw"));

        f.clock.advance(Duration.ofMinutes(1));
        alerts.check();

        assertThat(mailer.sent).hasSize(2);
    }

    @Test
    void alertShouldReachGreenMailOncePerPeriodThroughTheSmtpConnector() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "pw"));
        greenMail.start();
        try (AlertService smtp = alertsMailingThrough(new SmtpMailer()::send)) {
            smtp.saveSettings(new AlertSettingsRequest("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSecurity.NONE,
                    "alerts", new Secret("pw"), null, "mailferry@example.com", List.of("admin@example.com"), 15, 0,
                    0, 0));
            freeBytes.set(10L * 1024 * 1024);

            smtp.check();
            f.clock.advance(Duration.ofMinutes(14));
            smtp.check();
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            assertThat(greenMail.getReceivedMessages()[0].getSubject())
                    .startsWith("Mailferry alert: The disk of the data directory /var/lib/mailferry has only 10.0 MB");

            f.clock.advance(Duration.ofMinutes(1));
            smtp.check();
            assertThat(greenMail.getReceivedMessages()).hasSize(2);
            assertThat(smtp.sendTest().ok()).isTrue();
            assertThat(greenMail.getReceivedMessages()[2].getSubject()).isEqualTo("Mailferry test mail");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void alertShouldClearWhenItsConditionEndsAndNotBeMailedAgainWithinThePeriod() {
        configureMail(60);
        freeBytes.set(10L * 1024 * 1024);
        alerts.check();
        f.clock.advance(Duration.ofMinutes(5));
        freeBytes.set(100 * GB);

        assertThat(alerts.check()).isEmpty();
        assertThat(alerts.recent(10)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("DISK_LOW");
            assertThat(a.clearedAt()).isEqualTo(f.clock.instant());
            assertThat(a.firstSeen()).isEqualTo(f.clock.instant().minus(Duration.ofMinutes(5)));
        });

        f.clock.advance(Duration.ofMinutes(5));
        freeBytes.set(10L * 1024 * 1024);
        assertThat(alerts.check()).extracting(Alert::kind).containsExactly("DISK_LOW");

        assertThat(mailer.sent).hasSize(1);
        assertThat(alerts.recent(10)).hasSize(2);
    }

    @Test
    void severalAlertsDueTogetherShouldGoInOneMail() {
        configureMail(60);
        freeBytes.set(10L * 1024 * 1024);
        f.clock.advance(Duration.ofDays(25));

        alerts.check();

        assertThat(mailer.sent).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Mailferry: 2 alerts");
            assertThat(m.body()).contains("DISK_LOW", "LICENSE_ENDING", "The trial runs out on 2025-05-31");
        });
    }

    @Test
    void failedMailShouldBeTriedAgainAtTheNextCheck() {
        configureMail(60);
        freeBytes.set(10L * 1024 * 1024);
        mailer.refuse = true;
        alerts.check();
        mailer.refuse = false;

        f.clock.advance(Duration.ofMinutes(1));
        alerts.check();

        assertThat(mailer.attempts).isEqualTo(2);
        assertThat(mailer.sent).hasSize(1);
    }

    @Test
    void withoutMailSettingsAlertsShouldOnlyBeShown() {
        freeBytes.set(10L * 1024 * 1024);

        assertThat(alerts.check()).extracting(Alert::kind, Alert::subject)
                .containsExactly(tuple("DISK_LOW", "/var/lib/mailferry"));
        assertThat(alerts.merged(List.of(new Alert("MAILBOX_FAILED", "p1", "Mailbox x failed", f.clock.instant()),
                new Alert("DISK_LOW", "/var/lib/mailferry", "older words", f.clock.instant()))))
                .extracting(Alert::kind).containsExactly("DISK_LOW", "MAILBOX_FAILED");
        assertThat(mailer.attempts).isZero();
    }

    @Test
    void licenseShouldBeAlertedBeforeAndAfterItRunsOut() {
        assertThat(alerts.check()).isEmpty();
        f.clock.advance(Duration.ofDays(24));
        assertThat(alerts.check()).extracting(Alert::kind, Alert::subject)
                .containsExactly(tuple("LICENSE_ENDING", AlertService.LICENSE));
        f.clock.advance(Duration.ofDays(7));
        assertThat(alerts.check()).singleElement().satisfies(a ->
                assertThat(a.message()).startsWith("The license has run out: The 30-day trial ended on 2025-05-31"));
    }

    @Test
    void stalledMailboxShouldBeRaisedAfterTheConfiguredTimeAndClearedWhenItEnds() throws Exception {
        alerts.saveSettings(request(null, null, 0, 10));
        CountDownLatch release = new CountDownLatch(1);
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        f.server("anna@old").hook((point, folder) -> {
            if (point.equals("folders")) {
                await(release);
            }
        });
        f.runner.start(job.id(), RunKind.FULL, List.of());
        try {
            awaitRunning(job.id());
            f.clock.advance(Duration.ofMinutes(9));
            assertThat(alerts.check()).isEmpty();
            f.clock.advance(Duration.ofMinutes(1));
            assertThat(alerts.check()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo("MAILBOX_STALLED");
                assertThat(a.subject()).isEqualTo(f.jobs.pairs(job.id()).get(0).id());
                assertThat(a.message()).isEqualTo("Mailbox anna@old has made no progress for 10 min 00 s.");
            });
        } finally {
            release.countDown();
        }
        f.awaitIdle(job.id());
        assertThat(alerts.check()).isEmpty();
    }

    @Test
    void connectionFailingRepeatedlyShouldBeRaisedAgainstTheSideItsErrorsName() throws Exception {
        for (String name : List.of("anna", "bob", "carl")) {
            f.server(name + "@new").refuseLogin("Authentication failed.");
        }
        Job job = f.job(JobOptions.defaults(), 1, "anna", "bob");
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        assertThat(f.jobs.pairs(job.id())).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(MailboxState.FAILED);
            assertThat(p.error()).startsWithIgnoringCase("target");
        });
        assertThat(alerts.check()).isEmpty();

        Job more = f.job(JobOptions.defaults(), 1, "carl");
        f.runner.start(more.id(), RunKind.FULL, List.of());
        f.awaitIdle(more.id());

        assertThat(alerts.check()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("CONNECTION_FAILING");
            assertThat(a.subject()).isEqualTo("tgt");
            assertThat(a.message()).startsWith("Connection 'tgt' failed 3 mailboxes in the last 1 h");
        });
        f.clock.advance(AlertService.FAILURE_WINDOW.plusMinutes(1));
        assertThat(alerts.check()).isEmpty();
    }

    @Test
    void targetRefusingItemsShouldBeRaisedUntilADeltaCopiesThem() throws Exception {
        Job job = f.job(JobOptions.defaults(), 3, "anna");
        f.server("anna@new").reject(text -> text.contains("anna 1"));
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThat(alerts.check()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("TARGET_REFUSING");
            assertThat(a.subject()).isEqualTo("tgt");
            assertThat(a.message()).startsWith("Target 'tgt' refused 1 item of 1 mailbox, e.g. Target refused the");
        });

        f.server("anna@new").reject(text -> false);
        f.runner.start(job.id(), RunKind.DELTA, List.of());
        f.awaitIdle(job.id());
        assertThat(alerts.check()).isEmpty();
    }

    @Test
    void settingsShouldKeepThePasswordSealedAndNeverReturnIt() throws Exception {
        AlertSettings saved = alerts.saveSettings(request("smtp.example.com", new Secret("s3cret-smtp"), 60, 0));

        assertThat(saved.hasPassword()).isTrue();
        assertThat(saved.port()).isEqualTo(587);
        assertThat(saved.stalledAfterMinutes()).isEqualTo(AlertSettings.DEFAULT_STALLED_AFTER_MINUTES);
        assertThat(saved.toString()).doesNotContain("s3cret");
        f.db.close();
        assertThat(new String(Files.readAllBytes(dir.resolve("mailferry.db")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("s3cret-smtp");
        f = new RunnerFixture(dir);
        AlertStore reopened = new AlertStore(f.db, SecretCipher.fromKeyFile(dir.resolve("secret.key")));
        assertThat(reopened.password()).contains(new Secret("s3cret-smtp"));

        reopened.saveSettings(reopened.settings(), null);
        assertThat(reopened.password()).contains(new Secret("s3cret-smtp"));
        reopened.saveSettings(reopened.settings(), new Secret(""));
        assertThat(reopened.settings().hasPassword()).isFalse();
    }

    @Test
    void settingsShouldBeRefusedWithOneSentencePerProblem() {
        AlertSettingsRequest bad = new AlertSettingsRequest("smtp.example.com", 70000, SmtpSecurity.TLS, null, null,
                "garbage", "not-an-address", List.of("ok@example.com", "nope"), -5, 0, 0, 0);

        assertThatThrownBy(() -> alerts.saveSettings(bad)).isInstanceOfSatisfying(AppException.class, e ->
                assertThat(e.problems()).containsExactly("The SMTP port must be from 1 to 65535, not 70000.",
                        "The sender must be an email address, not \"not-an-address\".",
                        "The recipient \"nope\" is not an email address.",
                        "The SMTP server's trusted certificate is not a PEM X.509 certificate.",
                        "The mail period must be from 1 to 10080 minutes, not -5."));
    }

    @Test
    void testMailShouldNeedSettingsAndReportTheMailersSentence() {
        assertThatThrownBy(() -> alerts.sendTest()).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("alerts_not_configured"));
        configureMail(60);
        mailer.refuse = true;

        ConnectionTestResult result = alerts.sendTest();

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("The SMTP server refused the user name or password.");
        assertThat(mailer.sent).isEmpty();
    }

    private void configureMail(int periodMinutes) {
        alerts.saveSettings(request("smtp.example.com", new Secret("smtp-pw"), periodMinutes, 0));
    }

    static AlertSettingsRequest request(String host, Secret password, int periodMinutes, int stalledMinutes) {
        return new AlertSettingsRequest(host, 0, SmtpSecurity.STARTTLS, host == null ? null : "alerts", password,
                null, host == null ? null : "mailferry@example.com", host == null ? null : List.of("admin@example.com"),
                periodMinutes, stalledMinutes, 0, 0);
    }

    private void awaitRunning(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (f.runner.livePairs().stream().anyMatch(p -> p.jobId().equals(jobId)
                    && p.state() == MailboxState.RUNNING)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pair of " + jobId + " started running");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Mail(String subject, String body, Secret password) {
    }

    /** Records what would be sent; refuses like a server rejecting the login while {@code refuse} is set. */
    static final class RecordingMailer implements AlertMailer {
        final List<Mail> sent = new ArrayList<>();
        volatile boolean refuse;
        int attempts;

        @Override
        public synchronized ConnectionTestResult send(AlertSettings settings, Secret password, String subject,
                String body) {
            attempts++;
            if (refuse) {
                return ConnectionTestResult.failed(ConnectionFailure.AUTHENTICATION,
                        "The SMTP server refused the user name or password.", java.time.Instant.EPOCH, 0);
            }
            sent.add(new Mail(subject, body, password));
            return ConnectionTestResult.success("sent", "", java.time.Instant.EPOCH, 0);
        }
    }
}
