package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionTestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * Renders every tab and every wizard step of the real panel headless, fed by a realistic in-memory service, and
 * writes PNGs for the docs. {@code -Dscreenshots.dir=docs/screenshots} writes them where the README links them;
 * by default they go to target/screenshots.
 */
class ScreenshotTourIT {

    private static Stage stage;
    private static FakeServiceClient client;
    private static ShellView shell;
    private static final Path OUT = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    @BeforeAll
    static void open() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        client = DemoData.client();
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(client, new DirectRunner(), () -> { }))));
        shell = ref.get();
        Fx.waitFor(java.time.Duration.ofSeconds(30), () -> Fx.find("sourceCardList").isPresent(), "dashboard");
    }

    @AfterAll
    static void close() throws Exception {
        Fx.closeAllWindows();
    }

    private static void shot(Scene scene, String name) {
        Fx.run(() -> { });
        Path file = OUT.resolve(name + ".png");
        Fx.snapshot(scene, file);
        assertThat(file).exists();
    }

    @Test
    void tour() throws Exception {
        shot(stage.getScene(), "dashboard");
        Fx.run(() -> Fx.<javafx.scene.control.ToggleButton>node("darkToggle").fire());
        shot(stage.getScene(), "dashboard-dark");
        Fx.run(() -> Fx.<javafx.scene.control.ToggleButton>node("darkToggle").fire());

        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<?> jobs = Fx.node("jobTable");
        Fx.run(() -> jobs.getSelectionModel().select(0));
        TableView<?> pairs = Fx.node("pairTable");
        Fx.waitFor(java.time.Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 8, "pairs");
        Fx.run(() -> pairs.getSelectionModel().select(3));
        shot(stage.getScene(), "jobs");

        Fx.run(() -> Fx.<Button>node("addPairs").fire());
        Scene addPairs = Fx.node("addPairsView").getScene();
        Fx.run(() -> Fx.<TextArea>node("pairLines").setText(
                "pia.lund@oldcorp.example, pia.lund@newco.example\nquinn.ray@oldcorp.example\tquinn.ray@newco.example"));
        shot(addPairs, "add-mailboxes");
        Fx.run(() -> Fx.<Button>node("addPairsCancel").fire());

        Fx.run(() -> Fx.<Button>node("jobReport").fire());
        Thread.sleep(1500); // WebView lays out the HTML asynchronously
        shot(stage.getScene(), "reports");

        connectionWizard();
        jobWizard();

        client.down = new io.mailferry.admin.client.ServiceException(0, "service_not_running",
                "The Mailferry service is not running (no /home/admin/.local/share/mailferry/service.url).");
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        Fx.run(() -> Fx.<Button>node("startService"));
        Fx.waitFor(java.time.Duration.ofSeconds(30), () -> Fx.call(() -> Fx.node("startService").isVisible()),
                "not-running state");
        shot(stage.getScene(), "service-not-running");
        client.down = null;
        assertThat(Files.list(OUT).count()).isGreaterThanOrEqualTo(15);
    }

    private void connectionWizard() {
        Fx.run(() -> Fx.<Button>node("sourceCardAdd").fire());
        Scene wizard = Fx.node("connectionWizard").getScene();
        Fx.run(() -> Fx.<TextField>node("connName").setText("Old Dovecot"));
        shot(wizard, "connection-wizard-1-kind");
        next();
        Fx.run(() -> {
            Fx.<TextField>node("imapHost").setText("imap.oldcorp.example");
        });
        shot(wizard, "connection-wizard-2-server");
        next();
        shot(wizard, "connection-wizard-3-security");
        next();
        Fx.run(() -> {
            Fx.<ButtonBase>node("imapAuthMaster").fire();
            Fx.<TextField>node("imapUser").setText("admin");
            Fx.<TextField>node("imapPassword").setText("correct horse battery");
        });
        shot(wizard, "connection-wizard-4-credentials");
        next();
        client.nextTest = FakeServiceClient.failed(
                "Source IMAP server imap.oldcorp.example:993 rejected the password of admin.");
        Fx.run(() -> Fx.<Button>node("testButton").fire());
        shot(wizard, "connection-wizard-5-test-failed");
        client.nextTest = ConnectionTestResult.success(
                "Logged in to imap.oldcorp.example:993 as admin (master user).",
                "Dovecot ready. IMAP4rev1 SASL-IR LITERAL+ SPECIAL-USE IDLE MOVE", Instant.now(), 184);
        Fx.run(() -> Fx.<Button>node("testButton").fire());
        shot(wizard, "connection-wizard-5-test-passed");
        closeWizard();
    }

    private void jobWizard() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        Fx.run(() -> Fx.<Button>node("newJob").fire());
        Scene wizard = Fx.node("jobWizard").getScene();
        Fx.run(() -> Fx.<TextField>node("jobName").setText("Marketing — wave 2"));
        Fx.run(() -> {
            javafx.scene.control.ComboBox<?> s = Fx.node("jobSource");
            s.getSelectionModel().select(0);
            javafx.scene.control.ComboBox<?> t = Fx.node("jobTarget");
            t.getSelectionModel().select(0);
        });
        shot(wizard, "job-wizard-1-general");
        next();
        Fx.run(() -> Fx.<TextArea>node("sourceMailboxes").setText(String.join("\n",
                "ines.kraft@oldcorp.example", "jonas.weber@oldcorp.example", "karin.ek@oldcorp.example",
                "lars.berg@oldcorp.example", "maria.costa@oldcorp.example", "nils.ahl@oldcorp.example",
                "olga.petrov@oldcorp.example")));
        shot(wizard, "job-wizard-2-sources");
        next();
        Fx.run(() -> Fx.<TextArea>node("targetCandidates").setText(String.join("\n",
                "ines.kraft@newco.example", "jonas.weber@newco.example", "karin.ek@newco.example",
                "lars.berg@newco.example", "maria.costa@newco.example", "olga.petrov@newco.example")));
        Fx.run(() -> Fx.<Button>node("autoMatch").fire());
        shot(wizard, "job-wizard-3-matching");
        TableView<io.mailferry.admin.matching.MatchRow> table = Fx.node("matchTable");
        Fx.run(() -> table.getItems().stream().filter(r -> r.isUnmatched()).findFirst()
                .ifPresent(r -> r.target().set("nils.ahlberg@newco.example")));
        next();
        shot(wizard, "job-wizard-4-folders");
        next();
        shot(wizard, "job-wizard-5-options");
        next();
        Fx.run(() -> {
            Fx.<javafx.scene.control.CheckBox>node("scheduled").setSelected(true);
            Fx.<javafx.scene.control.TextArea>node("scheduleWindows").setText("Mon-Fri 19-07\nSat-Sun 0-24");
            Fx.<javafx.scene.control.TextField>node("scheduleEvery").setText("24");
        });
        shot(wizard, "job-wizard-5b-schedule");
        next();
        shot(wizard, "job-wizard-6-summary");
        closeWizard();
    }

    /** Closes the wizard's window as the finished tour leaves it (Cancel would ask about the input first). */
    private static void closeWizard() {
        Fx.run(() -> Fx.<Button>node("wizardCancel").getScene().getWindow().hide());
    }

    private static void next() {
        Button next = Fx.node("wizardNext");
        assertThat(Fx.call(next::isDisabled)).as("Next enabled").isFalse();
        Fx.run(next::fire);
    }
}
