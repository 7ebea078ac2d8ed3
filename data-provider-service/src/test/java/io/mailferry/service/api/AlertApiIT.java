package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert settings, test mail and alerts through the real service and client, mail going to GreenMail. */
class AlertApiIT {
    private static final String PASSWORD = "Smtp-Pa55word-That-Must-Not-Leak";

    @TempDir
    Path dataDir;
    RunningService service;
    ApiClient api;
    GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", PASSWORD));
        greenMail.start();
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, List.of(), false));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        service.close();
        greenMail.stop();
    }

    @Test
    void settingsShouldTakeThePasswordButNeverGiveItBack() {
        AlertSettings defaults = api.get("/api/v1/settings/alerts").as(AlertSettings.class);
        assertThat(defaults.mailConfigured()).isFalse();
        assertThat(api.send("POST", "/api/v1/settings/alerts/test", null).as(ApiProblem.class).code())
                .isEqualTo("alerts_not_configured");

        Answer saved = api.send("PUT", "/api/v1/settings/alerts", request(new Secret(PASSWORD)));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain(PASSWORD);
        assertThat(saved.as(AlertSettings.class).hasPassword()).isTrue();
        Answer read = api.get("/api/v1/settings/alerts");
        assertThat(read.body()).doesNotContain(PASSWORD).contains("\"hasPassword\":true");
        assertThat(read.as(AlertSettings.class).recipients()).containsExactly("admin@example.com");

        ConnectionTestResult test = api.send("POST", "/api/v1/settings/alerts/test", null)
                .as(ConnectionTestResult.class);
        assertThat(test.ok()).as(test.message()).isTrue();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);

        api.send("PUT", "/api/v1/settings/alerts", request(new Secret("not-it")));
        ConnectionTestResult wrong = api.send("POST", "/api/v1/settings/alerts/test", null)
                .as(ConnectionTestResult.class);
        assertThat(wrong.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(wrong.message()).contains("refused the user name or password of alerts").doesNotContain("not-it");
    }

    @Test
    void badSettingsShouldBeRefusedAndAlertsListed() {
        AlertSettingsRequest bad = new AlertSettingsRequest("127.0.0.1", 0, SmtpSecurity.NONE, null, null, null,
                "nobody", List.of(), 0, 0, 0, 0);

        Answer refused = api.send("PUT", "/api/v1/settings/alerts", bad);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.as(ApiProblem.class).code()).isEqualTo("validation_failed");
        assertThat(refused.body()).contains("The sender must be an email address", "at least one recipient");
        assertThat(api.send("POST", "/api/v1/alerts/check", null).as(Alert[].class)).isNotNull();
        assertThat(api.get("/api/v1/alerts").as(Alert[].class)).isNotNull();
        assertThat(api.get("/api/v1/alerts/history?limit=5").status()).isEqualTo(200);
    }

    private AlertSettingsRequest request(Secret password) {
        return new AlertSettingsRequest("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSecurity.NONE, "alerts",
                password, null, "mailferry@example.com", List.of("admin@example.com"), 0, 0, 0, 0);
    }
}
