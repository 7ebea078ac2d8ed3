package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import io.mailferry.admin.client.HttpServiceClient;
import io.mailferry.admin.client.ReportFormat;
import io.mailferry.admin.client.ServiceLocator;
import io.mailferry.admin.jobs.JobRow;
import io.mailferry.admin.jobs.PairRow;
import io.mailferry.admin.ui.FxBackgroundRunner;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The pictures in docs/, taken from the real panel driving the real service through a real migration — never from
 * staged data. Two GreenMail IMAP servers play the old and the new mail system: five mailboxes of 130 items each
 * (some with attachments) in four folders; eva's pair carries a wrong source password, so her mailbox fails. The
 * panel starts before the service (the "not running" picture), the connections are made in the connection wizard
 * (a wrong password first), the job wizard is walked with the service's own matching, the job itself is imported
 * with each mailbox's logins (as an admin imports a pairs CSV), started from the Jobs tab, and a delta pass copies
 * the mail that arrived after the first pass. Opt-in, not part of {@code mvn verify}:
 *
 * <pre>mvn -B -ntp -o -pl admin-panel -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=RealMigrationScreenshotsIT -Dfailsafe.failIfNoSpecifiedTests=false -Dscreenshots.real=true</pre>
 *
 * writes docs/screenshots/*.png ({@code -Dscreenshots.dir} to write elsewhere).
 */
@EnabledIfSystemProperty(named = "screenshots.real", matches = "true")
class RealMigrationScreenshotsIT {

    private static final String[] PEOPLE = {"anna.berg", "bert.hansen", "carla.diaz", "dirk.vogel", "eva.lind"};
    private static final String[][] FOLDERS = {{"INBOX", "60"}, {"Sent", "30"}, {"Projects", "25"},
        {"Projects.2025", "15"}};
    private static final Path OUT = Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"));

    @TempDir
    static Path tmp;
    private static GreenMail source;
    private static GreenMail target;
    private static ServiceProcess service;
    private static FxBackgroundRunner runner;
    private final PanelDriver ui = new PanelDriver();
    private Stage stage;
    private ShellView shell;

    @AfterAll
    static void stopEverything() throws Exception {
        Fx.closeAllWindows();
        if (runner != null) {
            runner.close();
        }
        if (service != null) {
            service.close();
        }
        for (GreenMail g : new GreenMail[] {source, target}) {
            if (g != null) {
                g.stop();
            }
        }
    }

    @Test
    void tour() throws Exception {
        source = TestMail.imapServer();
        target = TestMail.imapServer();
        source.setUser("migrator@oldcorp.example", "migrator@oldcorp.example", "old-migrator");
        target.setUser("migrator@newco.example", "migrator@newco.example", "new-migrator");
        for (String p : PEOPLE) {
            seed(source, source.setUser(p + "@oldcorp.example", p + "@oldcorp.example", "old-" + p));
            target.setUser(p + "@newco.example", p + "@newco.example", "new-" + p);
        }
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        String key = trustTestIssuer(dataDir);

        stage = FxToolkit.registerPrimaryStage();
        runner = new FxBackgroundRunner();
        HttpServiceClient client = new HttpServiceClient(new ServiceLocator(dataDir));
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(client, runner, () -> { }))));
        shell = ref.get();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> Fx.node("startService").isVisible()), "not running");
        shot(stage.getScene(), "service-not-running");

        service = ServiceProcess.start(dataDir);
        client.installLicense(key);
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> !Fx.node("startService").isVisible()), "connected");

        connection("sourceCardAdd", "Old mail server", source, "migrator@oldcorp.example", "old-migrator", true);
        connection("targetCardAdd", "New mail platform", target, "migrator@newco.example", "new-migrator", false);
        jobWizard();

        Job job = client.createJob(new JobRequest("Sales — wave 1", id(client, "Old mail server"),
                id(client, "New mail platform"), JobOptions.defaults(), pairs()));
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<JobRow> jobs = Fx.node("jobTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> jobs.getItems().size()) == 1, "the job");
        Fx.run(() -> jobs.getSelectionModel().select(0));
        TableView<PairRow> grid = Fx.node("pairTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> grid.getItems().size()) == PEOPLE.length, "pairs");
        ui.click("startJob");
        awaitPassEnd(grid);

        for (int i = 1; i <= 8; i++) {
            append(source, "anna.berg", "INBOX", "Arrived after the first pass " + i, i % 4 == 0);
        }
        for (int i = 1; i <= 4; i++) {
            append(source, "carla.diaz", "Sent", "Sent after the first pass " + i, false);
        }
        Fx.run(() -> jobs.getSelectionModel().select(0));
        ui.click("deltaJob");
        Fx.waitFor(Duration.ofSeconds(60), () -> Fx.call(() -> grid.getItems().stream()
                .anyMatch(r -> r.state().get().equals("RUNNING") || r.state().get().equals("QUEUED"))), "the delta");
        awaitPassEnd(grid);

        Fx.run(() -> grid.getSelectionModel().clearAndSelect(Fx.call(() -> grid.getItems().stream()
                .filter(r -> r.source().get().startsWith("eva")).findFirst().map(grid.getItems()::indexOf)
                .orElseThrow())));
        assertThat(Fx.call(() -> ((TextArea) Fx.node("pairDetail")).getText())).contains("Failed");
        shot(stage.getScene(), "jobs");

        ui.click("addPairs");
        Fx.run(() -> Fx.<TextArea>node("pairLines").setText(
                "frank.moor@oldcorp.example, frank.moor@newco.example\ngreta.olsen@oldcorp.example\t"
                        + "greta.olsen@newco.example"));
        shot(Fx.node("addPairsView").getScene(), "add-mailboxes");
        Fx.run(() -> Fx.<TextArea>node("pairLines").setText("")); // nothing typed: Cancel closes without asking
        ui.click("addPairsCancel");

        Fx.run(() -> jobs.getSelectionModel().select(0));
        ui.click("jobReport");
        awaitHtml(Fx.node("reportHtml"));
        shot(stage.getScene(), "reports");
        reportHtml(client.jobReportText(job.id(), ReportFormat.HTML));

        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        javafx.scene.chart.LineChart<Number, Number> chart = Fx.node("throughputChart");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> chart.getData().stream()
                .flatMap(s -> s.getData().stream()).anyMatch(d -> d.getYValue().doubleValue() > 0)), "the chart");
        Fx.waitFor(Duration.ofSeconds(30), () -> !PanelDriver.listTexts("badNews").isEmpty(), "the bad news");
        shot(stage.getScene(), "dashboard");
        Fx.run(() -> Fx.<ToggleButton>node("darkToggle").fire());
        shot(stage.getScene(), "dashboard-dark");
        Fx.run(() -> Fx.<ToggleButton>node("darkToggle").fire());
    }

    /** The connection wizard step by step: a wrong password first (the server's refusal), then the right one. */
    private void connection(String add, String name, GreenMail server, String user, String password, boolean shots) {
        ui.click(add);
        Scene wizard = Fx.node("connectionWizard").getScene();
        ui.type("connName", name);
        shotIf(shots, wizard, "connection-wizard-1-kind");
        ui.next();
        ui.type("imapHost", "127.0.0.1");
        ui.type("imapPort", String.valueOf(server.getImap().getPort()));
        shotIf(shots, wizard, "connection-wizard-2-server");
        ui.next();
        ui.click("imapSecurityNONE");
        shotIf(shots, wizard, "connection-wizard-3-security");
        ui.next();
        ui.type("imapUser", user);
        ui.type("imapPassword", "wrong-" + password);
        shotIf(shots, wizard, "connection-wizard-4-credentials");
        ui.next();
        assertThat(ui.testConnection()).contains(user);
        shotIf(shots, wizard, "connection-wizard-5-test-failed");
        ui.retypePassword(password);
        ui.testConnection();
        assertThat(ui.finishDisabled()).isFalse();
        shotIf(shots, wizard, "connection-wizard-5-test-passed");
        ui.finish("connectionWizard");
    }

    /** The job wizard with the service's own matching; closed at the summary (the job comes with its logins). */
    private void jobWizard() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        ui.click("newJob");
        Scene wizard = Fx.node("jobWizard").getScene();
        ui.type("jobName", "Sales — wave 1");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> !Fx.node("wizardNext").isDisabled()), "connections");
        shot(wizard, "job-wizard-1-general");
        ui.next();
        ui.type("sourceMailboxes", String.join("\n", addresses("@oldcorp.example")));
        shot(wizard, "job-wizard-2-sources");
        ui.next();
        ui.type("targetCandidates", String.join("\n", addresses("@newco.example")));
        ui.click("autoMatch");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> !Fx.node("wizardNext").isDisabled()), "the match");
        shot(wizard, "job-wizard-3-matching");
        ui.next();
        shot(wizard, "job-wizard-4-folders");
        ui.next();
        shot(wizard, "job-wizard-5-options");
        ui.next();
        shot(wizard, "job-wizard-5b-schedule");
        ui.next();
        shot(wizard, "job-wizard-6-summary");
        Fx.run(() -> Fx.<Button>node("wizardCancel").getScene().getWindow().hide());
    }

    private static List<String> addresses(String domain) {
        return java.util.Arrays.stream(PEOPLE).map(p -> p + domain).toList();
    }

    /** Every mailbox with its own logins, as a pairs CSV brings them; eva's source password is wrong. */
    private static List<MailboxPairRequest> pairs() {
        List<MailboxPairRequest> pairs = new ArrayList<>();
        for (String p : PEOPLE) {
            String sourcePassword = p.startsWith("eva") ? "expired-" + p : "old-" + p;
            pairs.add(new MailboxPairRequest(p + "@oldcorp.example", p + "@newco.example", p + "@oldcorp.example",
                    new Secret(sourcePassword), p + "@newco.example", new Secret("new-" + p), null));
        }
        return pairs;
    }

    private static String id(HttpServiceClient client, String name) {
        return client.connections().stream().filter(c -> c.name().equals(name)).map(Connection::id).findFirst()
                .orElseThrow();
    }

    private static void awaitPassEnd(TableView<PairRow> grid) {
        Fx.waitFor(Duration.ofMinutes(5), () -> Fx.call(() -> grid.getItems().stream().map(r -> r.state().get())
                .allMatch(s -> s.startsWith("COMPLETED") || s.equals("FAILED"))), "the pass to end");
    }

    private static void awaitHtml(WebView web) {
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> web.getEngine().getLoadWorker().getState()
                == javafx.concurrent.Worker.State.SUCCEEDED), "the report's HTML");
    }

    /** The service's HTML report as a browser shows it (report-html.png). */
    private static void reportHtml(String html) throws Exception {
        AtomicReference<Stage> window = new AtomicReference<>();
        Fx.run(() -> {
            WebView web = new WebView();
            web.setId("reportWindow");
            Stage s = new Stage();
            s.setScene(new Scene(web, 1100, 860));
            s.show();
            web.getEngine().loadContent(html);
            window.set(s);
        });
        awaitHtml(Fx.node("reportWindow"));
        shot(window.get().getScene(), "report-html");
        Fx.run(() -> window.get().hide());
    }

    private static void shotIf(boolean take, Scene scene, String name) {
        if (take) {
            shot(scene, name);
        }
    }

    private static void shot(Scene scene, String name) {
        Fx.run(() -> scene.getRoot().layout());
        Fx.snapshot(scene, OUT.resolve(name + ".png"));
    }

    /** 130 items in four folders; every tenth with a scanned attachment of 180 KB. */
    private static void seed(GreenMail server, GreenMailUser user) throws Exception {
        ImapHostManager manager = server.getManagers().getImapHostManager();
        int n = 0;
        for (String[] folder : FOLDERS) {
            MailFolder f = folder[0].equals("INBOX") ? manager.getInbox(user) : manager.createMailbox(user, folder[0]);
            for (int i = 1; i <= Integer.parseInt(folder[1]); i++) {
                n++;
                f.appendMessage(message(user.getEmail(), folder[0] + " note " + i, n % 10 == 0),
                        i % 3 == 0 ? new Flags(Flags.Flag.SEEN) : new Flags(), new Date());
            }
        }
    }

    private static void append(GreenMail server, String person, String folder, String subject, boolean attachment)
            throws Exception {
        GreenMailUser user = server.getUserManager().getUser(person + "@oldcorp.example");
        ImapHostManager manager = server.getManagers().getImapHostManager();
        MailFolder f = folder.equals("INBOX") ? manager.getInbox(user) : manager.getFolder(user, folder);
        f.appendMessage(message(user.getEmail(), subject, attachment), new Flags(), new Date());
    }

    private static MimeMessage message(String to, String subject, boolean attachment) throws Exception {
        byte[] scan = null;
        if (attachment) {
            scan = new byte[180 * 1024];
            new Random(subject.hashCode()).nextBytes(scan);
        }
        return TestMail.message("colleague@oldcorp.example", to, subject, scan, "scan.pdf");
    }

    /**
     * Makes the service trust a throwaway issuer (its public key in the data directory's license-issuers/, as an
     * administrator places a service provider's key) and returns a key it signed: 100 seats for a year, so the
     * mailboxes migrate whole instead of the trial's 10 items per folder. Nothing of the vendor's key is used.
     */
    private static String trustTestIssuer(Path dataDir) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path issuers = Files.createDirectories(dataDir.resolve("license-issuers"));
        Files.writeString(issuers.resolve("screenshots.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        String json = "{\"v\":2,\"product\":\"mailferry\",\"licensee\":\"Oldcorp Ltd\",\"seats\":100,\"expires\":\""
                + Instant.now().plus(Duration.ofDays(365)) + "\"}";
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(payload.getBytes(StandardCharsets.US_ASCII));
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }
}
