package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailferry alerts ...} against the running service, its mail going to GreenMail. */
class AlertsCommandIT {
    @TempDir
    Path dir;
    RunningService service;
    GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "pw-1"));
        greenMail.start();
        service = ServiceMain.start(new ServiceConfig(dir.resolve("data"), 0, List.of(), false));
    }

    @AfterEach
    void stop() {
        service.close();
        greenMail.stop();
    }

    @Test
    void smtpShouldBeSetUpTestedAndNamedPlainlyWhenThePasswordIsWrong() throws Exception {
        Path password = Files.writeString(dir.resolve("smtp-password"), "pw-1\n");
        CliRun smtp = cli("alerts", "smtp", "--host", "127.0.0.1", "--port",
                String.valueOf(greenMail.getSmtp().getPort()), "--security", "none", "--user", "alerts",
                "--password-file", password.toString(), "--from", "mailferry@example.com", "--to",
                "admin@example.com,boss@example.com", "--period", "30");

        assertThat(smtp.exitCode()).as(smtp.toString()).isZero();
        assertThat(smtp.out()).contains("Alerts are mailed to admin@example.com, boss@example.com.",
                "login:         alerts (password stored)", "every 30 min").doesNotContain("pw-1");

        CliRun test = cli("alerts", "test");
        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).contains("accepted the mail");
        assertThat(greenMail.getReceivedMessages()).hasSize(2);

        Files.writeString(password, "wrong\n");
        assertThat(cli("alerts", "smtp", "--password-file", password.toString()).exitCode()).isZero();
        CliRun wrong = cli("alerts", "test");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("Test mail failed: The SMTP server 127.0.0.1:"
                + greenMail.getSmtp().getPort() + " refused the user name or password of alerts");

        CliRun rules = cli("alerts", "rules", "--stalled-after", "5", "--disk-free-mb", "1");
        assertThat(rules.out()).contains("stalled after: 5 min", "disk free:     alert below 1 MB",
                "Alerts are mailed to");
        assertThat(cli("alerts", "show").out()).contains("server:        127.0.0.1:" + greenMail.getSmtp().getPort()
                + " (none)");
        assertThat(cli("alerts", "smtp", "--off").out()).contains("Alerts are not mailed");
        assertThat(cli("alerts", "check").exitCode()).isZero();
        assertThat(cli("alerts", "list", "--all").exitCode()).isZero();
    }

    @Test
    void badSettingsShouldBeRefusedWithTheServicesSentence() {
        CliRun bad = cli("alerts", "smtp", "--host", "127.0.0.1", "--from", "nobody", "--to", "admin@example.com");

        assertThat(bad.exitCode()).as("a request the service refuses as invalid").isEqualTo(2);
        assertThat(bad.err()).contains("The sender must be an email address, not \"nobody\".");
        assertThat(cli("alerts", "smtp", "--security", "ssl").err()).contains("'ssl' is no security mode");
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.resolve("data").toString());
        return CliRun.of(all.toArray(String[]::new));
    }
}
