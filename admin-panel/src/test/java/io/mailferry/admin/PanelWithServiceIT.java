package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import io.mailferry.admin.client.HttpServiceClient;
import io.mailferry.admin.client.ServiceLocator;
import io.mailferry.admin.jobs.PairRow;
import io.mailferry.admin.ui.FxBackgroundRunner;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The panel end to end, headless: GreenMail in-process as both IMAP servers, the real service as a separate process,
 * and the real panel driven by TestFX through its wizards and tabs. Skipped while the service's CLI is not built.
 * (The pictures in docs/ come from {@link RealMigrationScreenshotsIT}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelWithServiceIT {

    private static final String SOURCE_USER = "anna@old.example";
    private static final String TARGET_USER = "anna@new.example";
    private static final String SOURCE_PASSWORD = "anna-old-pw";
    private static final String TARGET_PASSWORD = "anna-new-pw";

    @TempDir
    static Path tmp;
    private static GreenMail source;
    private static GreenMail target;
    private static ServiceProcess service;
    private static Stage stage;
    private static ShellView shell;
    private static FxBackgroundRunner runner;
    private final PanelDriver ui = new PanelDriver();

    @BeforeAll
    static void startEverything() throws Exception {
        assertThat(ServiceProcess.available()).as("the service's CLI on the test class path").isTrue();
        source = TestMail.imapServer();
        target = TestMail.imapServer();
        GreenMailUser anna = source.setUser(SOURCE_USER, SOURCE_USER, SOURCE_PASSWORD);
        target.setUser(TARGET_USER, TARGET_USER, TARGET_PASSWORD);
        seed(source, anna);
        service = ServiceProcess.start(tmp.resolve("data"));

        stage = FxToolkit.registerPrimaryStage();
        runner = new FxBackgroundRunner();
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(
                new HttpServiceClient(new ServiceLocator(service.dataDir())), runner, () -> { }))));
        shell = ref.get();
        Fx.waitFor(Duration.ofSeconds(20), () -> Fx.call(() -> Fx.<Label>find("notRunningText")
                .map(n -> !n.getParent().isVisible()).orElse(false)), "the panel to connect to the service");
    }

    /**
     * Nine messages in INBOX (seven with a 1.2 MB attachment: the pass lasts a few seconds, long enough for the
     * service's 5-second throughput samples to see it; with the delta's new message INBOX holds ten, the trial's cap
     * per folder, which the service enforces), two in Projects, one in Projects/2024: 12 items.
     */
    private static void seed(GreenMail server, GreenMailUser user) throws Exception {
        ImapHostManager manager = server.getManagers().getImapHostManager();
        MailFolder inbox = manager.getInbox(user);
        MailFolder projects = manager.createMailbox(user, "Projects");
        MailFolder y2024 = manager.createMailbox(user, "Projects.2024");
        for (int i = 1; i <= 2; i++) {
            inbox.appendMessage(message("Inbox note " + i), new Flags(), new Date());
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 1; i <= 7; i++) {
            byte[] scan = new byte[1200 * 1024];
            random.nextBytes(scan);
            inbox.appendMessage(TestMail.message("bert@old.example", SOURCE_USER, "Scanned contract " + i, scan,
                    "contract-" + i + ".pdf"), new Flags(), new Date());
        }
        for (int i = 1; i <= 2; i++) {
            projects.appendMessage(message("Project plan " + i), new Flags(Flags.Flag.SEEN), new Date());
        }
        y2024.appendMessage(message("Budget 2024"), new Flags(Flags.Flag.FLAGGED), new Date());
    }

    private static MimeMessage message(String subject) throws Exception {
        return TestMail.message("bert@old.example", SOURCE_USER, subject, null, null);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stage != null) {
            Fx.closeAllWindows();
        }
        if (runner != null) {
            runner.close();
        }
        if (service != null) {
            service.close();
        }
        if (source != null) {
            source.stop();
        }
        if (target != null) {
            target.stop();
        }
    }

    @Test
    @Order(1)
    void connectionWizardsShouldShowTheServicesWordsOnFailureAndSaveAfterAPassingTest() throws Exception {
        ConnectionTestResult probe = serviceTest("probe", ConnectionRole.SOURCE, source.getImap().getPort(),
                SOURCE_USER, SOURCE_PASSWORD);
        assertThat(probe.ok()).as("the right password: " + probe.message()).isTrue();
        createConnection("sourceCardAdd", "Old IMAP", source.getImap().getPort(), SOURCE_USER, SOURCE_PASSWORD,
                ConnectionRole.SOURCE);
        createConnection("targetCardAdd", "New IMAP", target.getImap().getPort(), TARGET_USER, TARGET_PASSWORD,
                ConnectionRole.TARGET);
        Fx.waitFor(Duration.ofSeconds(30), () -> PanelDriver.listTexts("targetCardList").size() == 1, "both cards");
        assertThat(PanelDriver.listTexts("sourceCardList")).singleElement(STRING).contains("Old IMAP").contains("ok=true");
        assertThat(PanelDriver.listTexts("targetCardList")).singleElement(STRING).contains("New IMAP").contains("ok=true");
    }

    private void createConnection(String addButton, String name, int port, String user, String password,
            ConnectionRole role) {
        ui.fillImapConnection(addButton, name, "127.0.0.1", port, user, "wrong-" + password);
        String shown = ui.testConnection();
        ConnectionTestResult direct = serviceTest(name, role, port, user, "wrong-" + password);
        assertThat(direct.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(shown).as("the service's own sentence").isEqualTo(direct.message());
        assertThat(ui.finishDisabled()).isTrue();

        ui.retypePassword(password);
        String passed = ui.testConnection();
        assertThat(ui.finishDisabled()).as("Finish after the test said: " + passed).isFalse();
        ui.finish("connectionWizard");
    }

    /** The same test asked of the service directly, to compare the panel's words with the service's. */
    private static ConnectionTestResult serviceTest(String name, ConnectionRole role, int port, String user,
            String password) {
        return new HttpServiceClient(new ServiceLocator(service.dataDir())).testConnection(new ConnectionRequest(
                name, role, ConnectionKind.IMAP, new ImapSettings("127.0.0.1", port, ImapSecurity.NONE,
                        ImapAuthMode.PASSWORD, user, "*", null), null, null, new Secret(password)));
    }

    @Test
    @Order(2)
    void jobWizardShouldCreateAJobThatRunsToCompletionInTheGrid() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        ui.click("newJob");
        Fx.node("jobWizard");
        ui.type("jobName", "Anna to the new server");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> !Fx.node("wizardNext").isDisabled()),
                "both connections preselected");
        ui.next();
        ui.type("sourceMailboxes", SOURCE_USER);
        ui.next();
        ui.type("targetCandidates", TARGET_USER);
        ui.click("autoMatch");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> !Fx.node("wizardNext").isDisabled()), "a match");
        ui.next();
        ui.next();
        ui.next(); // schedule: none, the test starts it
        ui.next();
        ui.finish("jobWizard");

        TableView<PairRow> pairs = Fx.node("pairTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the new job's pair");

        // More mailboxes through the dialog are refused with the service's words: both connections log in as anna
        // (password mode without per-pair logins), so every added pair would open anna's mailbox again.
        ui.click("addPairs");
        ui.type("pairLines", "bert@old.example, bert@new.example\ncarl@old.example, carl@new.example");
        ui.click("addPairsOk");
        Label refusal = Fx.call(() -> (Label) Fx.node("addPairsView").lookup("#errorText"));
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> refusal.getText() != null
                && !refusal.getText().isEmpty()), "the refusal");
        assertThat(Fx.call(refusal::getText)).contains("would all open that one mailbox");
        ui.click("addPairsCancel");
        ui.confirm(); // the typed pairs were not added: Cancel asks before dropping them
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("addPairsView").isEmpty(), "the dialog to close");
        assertThat(Fx.call(() -> pairs.getItems().size())).isEqualTo(1);

        Fx.run(() -> pairs.getSelectionModel().clearAndSelect(0));
        ui.click("startPairs");
        Fx.waitFor(Duration.ofSeconds(120), () -> Fx.call(() -> {
            String s = pairs.getItems().get(0).state().get();
            return s.startsWith("COMPLETED") || s.equals("FAILED");
        }), "anna's pass to end");
        assertThat(Fx.call(() -> pairs.getItems().stream().map(r -> r.source().get() + " " + r.state().get() + " "
                + r.note().get()).toList())).satisfiesExactly(
                        anna -> assertThat(anna).startsWith(SOURCE_USER + " COMPLETED "));
        assertThat(Fx.call(() -> pairs.getItems().get(0).items().get().text())).isEqualTo("12 / 12");

        ui.click("jobReport");
        Label verdict = Fx.node("reportVerdict");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> verdict.getText().contains("12")), "the report");
        assertThat(Fx.call(verdict::getText)).isEqualTo("All 12 source items of 1 mailbox are on the target.");
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        javafx.scene.chart.LineChart<Number, Number> chart = Fx.node("throughputChart");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> chart.getData().stream()
                .flatMap(series -> series.getData().stream()).anyMatch(d -> d.getYValue().doubleValue() > 0)),
                "the finished pass in the throughput chart");
    }

    @Test
    @Order(3)
    void editWizardShouldTestChangedSettingsWithTheStoredPasswordWithoutSaving() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        ui.clickIn("sourceCardList", "editConnection");
        Fx.node("connectionWizard");
        ui.next();
        ui.type("imapPort", String.valueOf(target.getImap().getPort()));
        ui.next();
        ui.next();
        ui.next();
        String wrongServer = ui.testConnection();
        assertThat(wrongServer).as("anna has no account on the target server").contains("anna@old.example");
        assertThat(ui.finishDisabled()).isTrue();
        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.type("imapPort", String.valueOf(source.getImap().getPort()));
        ui.next();
        ui.next();
        ui.next();
        assertThat(ui.testConnection()).as("the stored password was used").doesNotContain("rejected");
        assertThat(ui.finishDisabled()).isFalse();
        ui.click("wizardCancel");
        ui.confirm(); // a changed port: Cancel asks before dropping it
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.find("connectionWizard").isEmpty(), "the wizard to close");
        Connection stored = client().connections().stream().filter(c -> c.name().equals("Old IMAP")).findFirst()
                .orElseThrow();
        assertThat(stored.imap().port()).as("nothing was saved").isEqualTo(source.getImap().getPort());
        assertThat(stored.lastTest().ok()).as("the failed trial was not stored").isTrue();
    }

    @Test
    @Order(4)
    void deletingAConnectionAJobUsesShouldShowTheServicesSentence() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        ui.clickIn("sourceCardList", "deleteConnection");
        ui.confirm();
        Label error = Fx.call(() -> (Label) Fx.node("dashboardView").lookup("#errorText"));
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> error.getText() != null && !error.getText().isEmpty()),
                "the refusal");
        assertThat(Fx.call(error::getText)).isEqualTo("Connection 'Old IMAP' is used by a job; delete the job first.");
        assertThat(PanelDriver.listTexts("sourceCardList")).hasSize(1);
    }

    @Test
    @Order(5)
    void jobDeltaFromTheToolbarShouldCopyExactlyTheNewMessage() throws Exception {
        GreenMailUser anna = source.getUserManager().getUser(SOURCE_USER);
        source.getManagers().getImapHostManager().getInbox(anna)
                .appendMessage(message("Arrived after the first pass"), new Flags(), new Date());
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<io.mailferry.admin.jobs.JobRow> jobs = Fx.node("jobTable");
        Fx.run(() -> jobs.getSelectionModel().clearAndSelect(0));
        TableView<PairRow> pairs = Fx.node("pairTable");

        ui.click("deltaJob");

        Fx.waitFor(Duration.ofSeconds(120), () -> Fx.call(() -> {
            PairRow row = pairs.getItems().get(0);
            return row.state().get().startsWith("COMPLETED") && row.items().get().text().equals("13 / 13");
        }), "the job's delta to copy the new message");
        assertThat(client().jobReport(Fx.call(() -> jobs.getItems().get(0).id())).mailboxes().get(0).itemsCopied())
                .as("copied by the delta: only the new message").isEqualTo(1);
    }

    private static HttpServiceClient client() {
        return new HttpServiceClient(new ServiceLocator(service.dataDir()));
    }
}
