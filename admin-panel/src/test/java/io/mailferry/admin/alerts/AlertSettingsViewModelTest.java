package io.mailferry.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertSettingsViewModelTest {
    private final FakeServiceClient client = new FakeServiceClient();
    private final AlertSettingsViewModel vm = new AlertSettingsViewModel(client, new DirectRunner());

    @Test
    void loadShouldShowTheSettingsWithThePasswordOnlyAsStored() {
        client.alertSettings = new AlertSettings("smtp.example.com", 465, SmtpSecurity.TLS, "alerts", true, null,
                "mailferry@example.com", List.of("admin@example.com", "oncall@example.com"), 30, 15, 2048, 10);

        vm.load();

        assertThat(vm.host().get()).isEqualTo("smtp.example.com");
        assertThat(vm.port().get()).isEqualTo("465");
        assertThat(vm.security().get()).isEqualTo(SmtpSecurity.TLS);
        assertThat(vm.passwordStored().get()).isTrue();
        assertThat(vm.password().get()).isEmpty();
        assertThat(vm.recipients().get()).isEqualTo("admin@example.com, oncall@example.com");
        assertThat(vm.period().get()).isEqualTo("30");
        assertThat(vm.diskFree().get()).isEqualTo("2048");
    }

    @Test
    void saveShouldSendTheFormKeepingAnUntypedPasswordAndSplittingRecipients() {
        client.alertSettings = new AlertSettings("smtp.example.com", 587, SmtpSecurity.STARTTLS, "alerts", true,
                null, "mailferry@example.com", List.of("admin@example.com"), 60, 30, 1024, 7);
        vm.load();
        assertThat(vm.edited()).as("the loaded settings are nothing to lose").isFalse();
        vm.recipients().set("admin@example.com; oncall@example.com\nboss@example.com");
        vm.stalledAfter().set(" 10 ");
        assertThat(vm.edited()).as("typed: Close asks first").isTrue();

        boolean[] saved = {false};
        vm.save(() -> saved[0] = true);
        assertThat(vm.edited()).as("saved").isFalse();

        AlertSettingsRequest sent = client.savedAlertSettings.get(0);
        assertThat(sent.password()).isNull();
        assertThat(sent.recipients()).containsExactly("admin@example.com", "oncall@example.com", "boss@example.com");
        assertThat(sent.stalledAfterMinutes()).isEqualTo(10);
        assertThat(saved[0]).isTrue();
        assertThat(vm.outcome().get()).isEqualTo("Saved: alerts are mailed to admin@example.com, oncall@example.com, "
                + "boss@example.com.");
        assertThat(vm.passwordStored().get()).isTrue();

        vm.password().set("new-secret");
        vm.save(() -> { });
        assertThat(client.savedAlertSettings.get(1).password()).isEqualTo(new Secret("new-secret"));
        assertThat(vm.password().get()).isEmpty();
        vm.removePassword().set(true);
        vm.save(() -> { });
        assertThat(client.savedAlertSettings.get(2).password().isBlank()).isTrue();
        assertThat(vm.passwordStored().get()).isFalse();
    }

    /** A form the service's settings could not be read into is never saved over them. */
    @Test
    void settingsThatCouldNotBeReadShouldNotBeSavedOver() {
        client.down = new io.mailferry.admin.client.ServiceException(0, "not_running", "The service does not answer.");
        vm.load();
        client.down = null;
        vm.host().set("smtp.example.com");

        vm.save(() -> { });
        vm.saveAndTest();

        assertThat(client.calls).doesNotContain("saveAlertSettings", "sendTestAlert");
        assertThat(vm.outcome().get()).startsWith("The settings could not be read from the service");
        vm.load();
        vm.save(() -> { });
        assertThat(client.calls).as("read again: saved").contains("saveAlertSettings");
    }

    @Test
    void aNumberThatIsNoneShouldBeSaidBeforeAnythingIsSent() {
        vm.port().set("58 7");

        vm.save(() -> { });

        assertThat(vm.outcome().get()).isEqualTo("The port must be a whole number, not \"58 7\".");
        assertThat(vm.outcomeOk().get()).isFalse();
        assertThat(client.calls).doesNotContain("saveAlertSettings");
    }

    @Test
    void theServicesRefusalShouldShowAsTheError() {
        vm.host().set("smtp.example.com");
        vm.from().set("nobody");

        vm.save(() -> { });

        assertThat(vm.activity().error().get()).contains("The sender must be an email address, not \"nobody\".");
        assertThat(client.savedAlertSettings).isEmpty();
    }

    @Test
    void testMailShouldSaveFirstAndNameTheFailurePlainly() {
        vm.host().set("smtp.example.com");
        vm.from().set("mailferry@example.com");
        vm.recipients().set("admin@example.com");
        client.nextTestMail = ConnectionTestResult.failed(ConnectionFailure.AUTHENTICATION,
                "The SMTP server smtp.example.com:587 refused the user name or password of alerts.",
                Instant.parse("2025-05-01T10:00:00Z"), 30);

        vm.saveAndTest();

        assertThat(client.calls).containsSubsequence("saveAlertSettings", "sendTestAlert");
        assertThat(vm.outcome().get()).isEqualTo("Test mail failed: The SMTP server smtp.example.com:587 refused "
                + "the user name or password of alerts.");
        assertThat(vm.outcomeOk().get()).isFalse();

        client.nextTestMail = ConnectionTestResult.success("The SMTP server smtp.example.com:587 accepted the mail "
                + "for admin@example.com.", "", Instant.parse("2025-05-01T10:00:00Z"), 30);
        vm.saveAndTest();
        assertThat(vm.outcomeOk().get()).isTrue();
        assertThat(vm.outcome().get()).startsWith("The SMTP server smtp.example.com:587 accepted the mail");
    }
}
