package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.jobs.JobRow;
import io.mailferry.admin.jobs.PairRow;
import io.mailferry.admin.matching.MatchRow;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * The panel's wizards and tabs driven by clicks and typing, headless, against an in-memory service: fast checks of
 * the views' wiring (the end-to-end run against the real service is {@link PanelWithServiceIT}).
 */
class PanelUiIT extends PanelOnFakeService {

    private final PanelDriver ui = new PanelDriver();

    @Test
    void connectionWizardShouldShowTheServicesWordsAndSaveOnlyAfterAPassingTest() {
        client.nextTest = FakeServiceClient.failed("Source IMAP server 127.0.0.1:3143 rejected the password of anna.");
        ui.fillImapConnection("sourceCardAdd", "Old IMAP", "127.0.0.1", 3143, "anna", "wrong");
        assertThat(ui.testConnection()).isEqualTo("Source IMAP server 127.0.0.1:3143 rejected the password of anna.");
        assertThat(ui.finishDisabled()).isTrue();

        client.nextTest = ConnectionTestResult.success("Logged in.", null, Instant.now(), 5);
        ui.retypePassword("right");
        assertThat(ui.finishDisabled()).as("a new password needs a new test").isTrue();
        assertThat(ui.testConnection()).isEqualTo("Logged in.");
        ui.finish("connectionWizard");

        Connection saved = client.connections.values().iterator().next();
        assertThat(saved.name()).isEqualTo("Old IMAP");
        assertThat(saved.imap().port()).isEqualTo(3143);
        assertThat(client.testedRequests.get(1).secret().value()).isEqualTo("right");
        assertThat(PanelDriver.listTexts("sourceCardList")).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("Old IMAP");
    }

    @Test
    void enterAfterAPassingTestShouldSaveTheConnectionNotCloseTheWizard() {
        ui.fillImapConnection("sourceCardAdd", "Old IMAP", "127.0.0.1", 3143, "anna", "pw");
        assertThat(ui.testConnection()).startsWith("Logged in");
        Fx.waitFor(Duration.ofSeconds(10), () -> "wizardFinish".equals(PanelDriver.focusedId()),
                "Finish to take the focus from the test (it was on " + PanelDriver.focusedId() + ")");

        ui.robot().type(KeyCode.ENTER);

        Fx.waitFor(Duration.ofSeconds(15), () -> Fx.find("connectionWizard").isEmpty(), "the wizard to close");
        assertThat(client.connections.values()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("Old IMAP"));
    }

    @Test
    void escapeShouldAskBeforeDroppingWhatWasTypedWithKeepingItAsTheDefault() {
        openJobWizard();
        ui.type("jobName", "Wave 1");

        ui.robot().type(KeyCode.ESCAPE);
        Fx.waitFor(Duration.ofSeconds(10), PanelDriver::confirmationShowing, "the question before discarding");
        ui.robot().type(KeyCode.ENTER); // the default answer keeps the wizard
        Fx.waitFor(Duration.ofSeconds(10), () -> !PanelDriver.confirmationShowing(), "the question to close");
        assertThat(Fx.find("jobWizard")).isPresent();
        assertThat(Fx.call(() -> ((TextField) Fx.node("jobName")).getText())).isEqualTo("Wave 1");

        ui.robot().type(KeyCode.ESCAPE);
        ui.confirm();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("jobWizard").isEmpty(), "the wizard to close");
        assertThat(client.createdJobs).isEmpty();
    }

    @Test
    void aWizardWithoutInputShouldCloseOnEscapeWithoutAsking() {
        ui.click("sourceCardAdd");
        Fx.node("connectionWizard");

        ui.robot().type(KeyCode.ESCAPE);

        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("connectionWizard").isEmpty(), "the wizard to close");
        assertThat(PanelDriver.confirmationShowing()).isFalse();
    }

    @Test
    void eachWizardPageShouldPutTheKeyboardInItsFirstFieldAndEnterOnAChoiceShouldGoForward() {
        ui.click("sourceCardAdd");
        Fx.node("connectionWizard");
        Fx.waitFor(Duration.ofSeconds(10), () -> "connName".equals(PanelDriver.focusedId()), "the name field");
        ui.type("connName", "Old IMAP"); // a click too: the headless windowing gives a new window no key focus
        ui.robot().type(KeyCode.ENTER);
        Fx.waitFor(Duration.ofSeconds(10), () -> "imapHost".equals(PanelDriver.focusedId()),
                "the host field (focus was on " + PanelDriver.focusedId() + ")");
        ui.robot().write("127.0.0.1");
        ui.robot().type(KeyCode.ENTER);
        Fx.waitFor(Duration.ofSeconds(10), () -> String.valueOf(PanelDriver.focusedId()).startsWith("imapSecurity"),
                "a security choice (focus was on " + PanelDriver.focusedId() + ")");
        assertThat(Fx.call(() -> Fx.node(PanelDriver.focusedId()).lookup(".radio").getEffect())).as("a visible ring")
                .isNotNull();
        ui.robot().type(KeyCode.ENTER);
        Fx.waitFor(Duration.ofSeconds(10), () -> "imapAuthPassword".equals(PanelDriver.focusedId()),
                "Enter on a choice to go forward to the credentials' first input, the chosen sign-in (focus was on "
                        + PanelDriver.focusedId() + ")");

        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.alt(KeyCode.M);
        assertThat(PanelDriver.focusedId()).as("a mnemonic of a page shown again").isEqualTo("connName");
    }

    @Test
    void shortcutDigitsShouldMoveTheKeyboardIntoTheTabTheyShow() {
        ui.robot().press(KeyCode.SHORTCUT, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.SHORTCUT);
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> shell.tabs().getSelectionModel().getSelectedIndex()) == 1,
                "the Jobs tab");
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> {
            javafx.scene.Node owner = shell.getScene().getFocusOwner();
            javafx.scene.Node content = shell.tabs().getTabs().get(1).getContent();
            for (javafx.scene.Node n = owner; n != null; n = n.getParent()) {
                if (n == content) {
                    return true;
                }
            }
            return false;
        }), "the focus inside the Jobs tab (it is on " + PanelDriver.focusedId() + ")");
        assertThat(Fx.call(() -> shell.getScene().getFocusOwner().getEffect())).as("a visible ring").isNotNull();
    }

    @Test
    void aSelectedMailboxsFailureReasonShouldBeReadableInFullUnderTheGrid() {
        String reason = "Target IMAP server mail.newco.example:993 refused the password of jonas.weber-hansen: "
                + "AUTHENTICATIONFAILED Authentication failed. Check the password, or whether the account is locked "
                + "after too many attempts, then run a delta pass for this mailbox.";
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.FAILED, 1, Progress.empty(),
                null, Instant.now(), Instant.now(), null), List.of(FakeServiceClient.pair("j1", "p1",
                "jonas@oldcorp.example", "jonas@newco.example", MailboxState.FAILED, progress(10, 0), reason, null)));
        TableView<PairRow> pairs = showFirstJob();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the mailbox");

        Fx.run(() -> pairs.getSelectionModel().select(0));

        javafx.scene.control.TextArea detail = Fx.node("pairDetail");
        assertThat(Fx.<String>call(() -> detail.getText())).isEqualTo("jonas@oldcorp.example → jonas@newco.example: Failed. " + reason);
        assertThat(Fx.<Boolean>call(() -> detail.isVisible())).isTrue();
        assertThat(Fx.<Double>call(() -> detail.getHeight())).as("at least two lines shown").isGreaterThan(30.0);
    }

    @Test
    void passwordShouldBeMaskedUntilRevealed() {
        ui.fillImapConnection("targetCardAdd", "New", "mail.example", 993, "bert", "s3cret");
        ui.click("wizardBack");
        TextField plain = Fx.node("imapPasswordPlain");
        assertThat(Fx.<Boolean>call(() -> plain.isVisible())).isFalse();
        ui.click("revealPassword");
        assertThat(Fx.<Boolean>call(() -> plain.isVisible())).isTrue();
        assertThat(Fx.<String>call(() -> plain.getText())).isEqualTo("s3cret");
    }

    @Test
    void jobWizardShouldCreateTheJobAndSelectItInTheGrid() {
        openJobWizard();
        ui.type("jobName", "Wave 1");
        ui.next();
        ui.type("sourceMailboxes", "anna@old.example");
        ui.next();
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).as("unmatched blocks Next").isTrue();
        ui.type("targetCandidates", "anna@new.example");
        ui.click("autoMatch");
        ui.next();
        ui.click("folderTypeJUNK");
        ui.next();
        ui.next();
        ui.click("scheduled");
        ui.type("scheduleWindows", "Mon-Fry 19-07");
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).as("a period that does not read").isTrue();
        ui.type("scheduleWindows", "Mon-Fri 19-07");
        ui.type("scheduleEvery", "24");
        ui.next();
        Label first = (Label) Fx.call(() -> ((javafx.scene.layout.VBox) Fx.node("jobSummary")).getChildren().get(0));
        assertThat(Fx.call(first::getText)).isEqualTo("Name: Wave 1");
        ui.finish("jobWizard");

        JobRequest created = client.createdJobs.get(0);
        assertThat(client.schedules.values()).singleElement().satisfies(s -> {
            assertThat(s.activityPeriods()).containsExactly("Mon-Fri 19-07");
            assertThat(s.deltaEveryHours()).isEqualTo(24);
        });
        TableView<JobRow> jobTable = Fx.node("jobTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> !Fx.call(() -> jobTable.getItems().get(0).nextRun().get()).isEmpty(),
                "the next run in the grid");
        assertThat(created.pairs()).singleElement().satisfies(p -> assertThat(p.targetMailbox()).isEqualTo("anna@new.example"));
        assertThat(created.options().folders().folderTypes()).hasSize(6);
        TableView<PairRow> pairs = Fx.node("pairTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the new job's pair");
        ui.click("startJob");
        assertThat(client.calls).anyMatch(c -> c.startsWith("start j"));
    }

    @Test
    void scheduleDialogShouldShowChangeAndRemoveTheScheduleOfAnExistingJob() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.NEW, 1, Progress.empty(),
                null, Instant.now(), null, null), List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.QUEUED, Progress.empty(), null, null)));
        client.schedules.put("j1", new io.mailferry.model.job.JobSchedule(null, List.of("Mon-Fri 19-07"), 24, null,
                java.time.ZoneId.systemDefault().getId()));
        showFirstJob();

        ui.click("jobSchedule");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.find("scheduleStatus").isPresent()
                && Fx.call(() -> ((Label) Fx.node("scheduleStatus")).getText()).startsWith("Next pass"),
                "the dialog with the saved schedule");
        assertThat(Fx.call(() -> ((javafx.scene.control.TextArea) Fx.node("scheduleWindows")).getText()))
                .isEqualTo("Mon-Fri 19-07");
        ui.type("scheduleEvery", "12");
        ui.click("scheduleSave");
        assertThat(client.schedules.get("j1").deltaEveryHours()).isEqualTo(12);

        // a change not saved yet: Close asks before dropping it
        ui.type("scheduleEvery", "6");
        ui.click("scheduleClose");
        assertThat(PanelDriver.confirmationShowing()).isTrue();
        ui.confirm();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("scheduleStatus").isEmpty(), "the dialog to close");
        assertThat(client.schedules.get("j1").deltaEveryHours()).isEqualTo(12);
        ui.click("jobSchedule");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.find("scheduleStatus").isPresent()
                && Fx.call(() -> ((Label) Fx.node("scheduleStatus")).getText()).startsWith("Next pass"),
                "the dialog again");

        ui.click("scheduleRemove");
        assertThat(client.schedules).isEmpty();
        assertThat(Fx.call(() -> ((Label) Fx.node("scheduleStatus")).getText()))
                .startsWith("No schedule");
    }

    @Test
    void aSortedMailboxGridShouldKeepItsOrderAndSelectionAcrossPolls() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 3, Progress.empty(),
                null, Instant.now(), Instant.now(), null), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.COMPLETED,
                        progress(6_317, 6_317), null, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.RUNNING,
                        progress(1_931, 849), null, null),
                FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.RUNNING,
                        progress(200, 50), null, null)));
        TableView<PairRow> pairs = showFirstJob();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 3, "the mailboxes");

        ui.robot().clickOn(header(pairs, "Items"));
        assertThat(sources(pairs)).as("by the numbers").containsExactly("carl@old", "bert@old", "anna@old");
        Fx.run(() -> pairs.getSelectionModel().select(1));
        waitForPolls(2);
        assertThat(sources(pairs)).as("a poll keeps the sort").containsExactly("carl@old", "bert@old", "anna@old");
        assertThat(Fx.call(() -> pairs.getSelectionModel().getSelectedItem().source().get())).isEqualTo("bert@old");

        client.pairs.get("j1").set(2, FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new",
                MailboxState.RUNNING, progress(9_000, 7_000), null, null));
        Fx.waitFor(Duration.ofSeconds(30), () -> sources(pairs).equals(List.of("bert@old", "anna@old", "carl@old")),
                "carl to move down when his count passes anna's");
        assertThat(Fx.call(() -> pairs.getSelectionModel().getSelectedItem().source().get())).isEqualTo("bert@old");
    }

    @Test
    void runningJobsCardShouldShowTheTimeLostToThrottlingAsTheServiceReportsIt() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 3,
                throttled(progress(200, 50), 65_000), null, Instant.now(), Instant.now(), null), List.of());
        client.throttling = new ThrottlingSummary(65_000, 1, 250_000, 3, Instant.parse("2025-05-01T00:00:00Z"));
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));

        Fx.waitFor(Duration.ofSeconds(30), () -> visible("throttledTotal"), "the throttled figure");
        assertThat(text("throttledTotal"))
                .isEqualTo("Throttled today: 4 min 10 s across 3 mailboxes · now 1 min 05 s in 1 mailbox");
        assertThat(labelsIn("runningJobs")).anyMatch(t -> t.endsWith(" · throttled 1 min 05 s"));

        client.throttling = new ThrottlingSummary(0, 0, 0, 0, Instant.parse("2025-05-02T00:00:00Z"));
        Fx.waitFor(Duration.ofSeconds(30), () -> !visible("throttledTotal"), "the figure to go with a new day");
    }

    @Test
    void alertMailDialogShouldSaveTheFormAndSayHowTheTestMailWent() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        ui.click("alertMailSettings");
        Fx.waitFor(Duration.ofSeconds(10), () -> visible("alertHost"), "the alert mail dialog");
        ui.type("alertHost", "smtp.example.com");
        ui.type("alertFrom", "mailferry@example.com");
        ui.type("alertRecipients", "admin@example.com");
        ui.type("alertPassword", "smtp-pw");

        ui.click("alertTest");

        Fx.waitFor(Duration.ofSeconds(10), () -> !text("alertOutcome").isEmpty(), "the test mail's outcome");
        assertThat(text("alertOutcome")).isEqualTo(
                "The SMTP server smtp.example.com:587 accepted the mail for admin@example.com.");
        assertThat(client.savedAlertSettings).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("smtp.example.com");
            assertThat(r.password().value()).isEqualTo("smtp-pw");
            assertThat(r.recipients()).containsExactly("admin@example.com");
        });
        assertThat(client.calls).contains("sendTestAlert");
    }

    @Test
    void reportsTabShouldOpenTheReportOfAllJobs() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(2));
        ui.click("allJobsReport");

        Fx.waitFor(Duration.ofSeconds(10), () -> text("reportTitle").equals("All jobs"), "the overall report");
        assertThat(text("reportVerdict")).isEqualTo("0 of 0 mailboxes done, 0 in progress, 0 failed.");
        assertThat(client.calls).contains("overallReport", "overallReportText HTML");
    }

    @Test
    void mailboxGridShouldShowEachMailboxsThrottledTimeLive() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 2, Progress.empty(),
                null, Instant.now(), Instant.now(), null), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.RUNNING,
                        throttled(progress(200, 50), 250_000), null, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.COMPLETED,
                        progress(10, 10), null, null)));
        TableView<PairRow> pairs = showFirstJob();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 2, "the mailboxes");

        Fx.waitFor(Duration.ofSeconds(30), () -> columnTexts(pairs, "pairColumnThrottled")
                .equals(List.of("4 min 10 s", "—")), "the throttled column");

        client.pairs.get("j1").set(0, FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.RUNNING, throttled(progress(200, 80), 310_000), null, null));
        Fx.waitFor(Duration.ofSeconds(30), () -> columnTexts(pairs, "pairColumnThrottled")
                .equals(List.of("5 min 10 s", "—")), "anna's throttled time to grow");
    }

    @Test
    void microsoft365WizardShouldOfferRequestsAtOnceAndKeepThemWhenEditing() {
        client.add(new Connection("c9", "Contoso 365", io.mailferry.model.connection.ConnectionRole.SOURCE,
                io.mailferry.model.connection.ConnectionKind.MICROSOFT_365, null,
                new io.mailferry.model.connection.GraphSettings("contoso.onmicrosoft.com",
                        "11111111-2222-3333-4444-555555555555", "global",
                        io.mailferry.model.connection.GraphCredential.CLIENT_SECRET, 6),
                null, true, Instant.now(), Instant.now(), null));
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        Fx.waitFor(Duration.ofSeconds(30), () -> PanelDriver.listTexts("sourceCardList").size() == 1, "the connection");
        ui.clickIn("sourceCardList", "editConnection");
        Fx.node("connectionWizard");
        ui.next();
        assertThat(Fx.<String>call(() -> Fx.<TextField>node("m365MaxRequests").getText())).isEqualTo("6");

        ui.type("m365MaxRequests", "20");
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).isTrue();
        assertThat(labelsIn("connectionWizard")).contains("Requests at once is a whole number from 1 to 16 "
                + "(leave it empty for 4).");
        ui.type("m365MaxRequests", "8");
        ui.next();
        ui.next();
        assertThat(ui.testConnection()).isNotEmpty();
        assertThat(client.testedRequests.get(0).graph().maxConcurrentRequests()).isEqualTo(8);
        ui.finish("connectionWizard");
        assertThat(client.connections.get("c9").graph().maxConcurrentRequests()).isEqualTo(8);
    }

    private static Progress throttled(Progress p, long millis) {
        return new Progress(p.itemsTotal(), p.itemsDone(), p.itemsCopied(), p.itemsSkipped(), p.itemsFailed(),
                p.bytesTotal(), p.bytesDone(), p.itemsPerSecond(), p.bytesPerSecond(), p.etaSeconds(),
                p.currentFolder(), millis);
    }

    /** The texts of the showing labels under the node {@code id}. */
    private static List<String> labelsIn(String id) {
        javafx.scene.Node parent = Fx.node(id);
        return Fx.call(() -> parent.lookupAll(".label").stream().filter(javafx.scene.Node::isVisible)
                .map(n -> ((Label) n).getText()).filter(t -> t != null && !t.isEmpty()).toList());
    }

    /** The texts one column's cells show, top to bottom. */
    private static List<String> columnTexts(TableView<PairRow> table, String columnId) {
        return Fx.call(() -> table.lookupAll(".table-row-cell").stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n)
                .filter(r -> r.getItem() != null)
                .sorted(java.util.Comparator.comparingInt(javafx.scene.control.TableRow::getIndex))
                .map(r -> r.lookupAll(".table-cell").stream()
                        .map(c -> (javafx.scene.control.TableCell<?, ?>) c)
                        .filter(c -> columnId.equals(c.getTableColumn().getId()))
                        .map(javafx.scene.control.Labeled::getText).findFirst().orElse(null))
                .toList());
    }

    @Test
    void matchingGridShouldSortAndKeepATypedTargetWhenTheEditEndsWithoutEnter() {
        openJobWizard();
        ui.type("jobName", "Wave 1");
        ui.next();
        ui.type("sourceMailboxes", "carl@old.example, anna@old.example, bert@old.example");
        ui.next();
        TableView<MatchRow> table = Fx.node("matchTable");
        ui.robot().clickOn(header(table, "Source mailbox"));
        assertThat(matchSources(table)).containsExactly("anna@old.example", "bert@old.example", "carl@old.example");

        // Keyboard only: F2 on the focused row edits its target; moving the focus elsewhere keeps what was typed.
        Fx.run(() -> {
            table.requestFocus();
            table.getSelectionModel().clearAndSelect(0);
            table.getFocusModel().focus(0);
        });
        ui.robot().type(KeyCode.F2);
        ui.robot().write("a.smith@new.example");
        ui.robot().clickOn(Fx.<javafx.scene.Node>node("matchFilter"));
        Fx.waitFor(Duration.ofSeconds(10), () -> target(table, 0).equals("a.smith@new.example"), "anna's target");

        // Mouse: double-click a target, type, click another row.
        ui.robot().doubleClickOn(cell(table, 1, "matchTargetColumn"));
        ui.robot().write("robert@new.example");
        ui.robot().clickOn(cell(table, 2, "matchSourceColumn"));
        Fx.waitFor(Duration.ofSeconds(10), () -> target(table, 1).equals("robert@new.example"), "bert's target");
        assertThat(Fx.<String>call(() -> ((Label) Fx.node("matchSummary")).getText()))
                .isEqualTo("3 mailboxes, 2 matched, 1 unmatched");
    }

    @Test
    void microsoft365TargetWizardShouldSayWhatImapNeedsAndShowTheConsentLinkToCopy() {
        ui.click("targetCardAdd");
        Fx.node("connectionWizard");
        assertThat(Fx.call(() -> Fx.node("kindEXCHANGE").isDisabled())).as("Exchange is offered").isFalse();
        assertThat(Fx.<String>call(() -> Fx.<Label>node("kindNoteEXCHANGE").getText()))
                .contains("reached through the Microsoft 365 connection, not EWS");
        assertThat(Fx.<String>call(() -> Fx.<Label>node("kindNoteMICROSOFT_365").getText()))
                .contains("IMAP.AccessAsApp");
        ui.type("connName", "Contoso 365");
        ui.click("kindMICROSOFT_365");
        ui.next();
        ui.type("m365Tenant", "contoso.onmicrosoft.com");
        ui.type("m365ClientId", "11111111-2222-3333-4444-555555555555");
        ui.next();
        ui.type("m365ClientSecret", "s3cret");
        ui.next();
        assertThat(Fx.<String>call(() -> Fx.<Label>node("testRoleNote").getText())).contains("FullAccess");
        String link = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent?client_id="
                + "11111111-2222-3333-4444-555555555555&scope=https://graph.microsoft.com/.default";
        client.nextTest = FakeServiceClient.failed("Target Microsoft 365 tenant contoso.onmicrosoft.com: application "
                + "11111111-2222-3333-4444-555555555555 signed in but lacks the application permission "
                + "IMAP.AccessAsApp on Office 365 Exchange Online (to append messages over IMAP). Add it under the app "
                + "registration's API permissions (Application permissions) and grant admin consent, there or at "
                + "this link: " + link);
        assertThat(ui.testConnection()).contains("lacks the application permission IMAP.AccessAsApp");
        javafx.scene.control.TextArea message = Fx.node("testMessage");
        assertThat(Fx.call(message::isEditable)).as("selectable, not editable").isFalse();
        assertThat(Fx.<String>call(() -> Fx.<TextField>node("consentLink").getText())).isEqualTo(link);
        ui.click("copyConsentLink");
        assertThat(Fx.<String>call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()))
                .isEqualTo(link);
        assertThat(client.testedRequests.get(0).graph().tenantId()).isEqualTo("contoso.onmicrosoft.com");

        // To IMAP and back: what was typed for Microsoft 365 is still there.
        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.click("wizardBack");
        ui.click("kindIMAP");
        ui.click("kindMICROSOFT_365");
        ui.next();
        assertThat(Fx.<String>call(() -> Fx.<TextField>node("m365Tenant").getText()))
                .isEqualTo("contoso.onmicrosoft.com");
    }

    @Test
    void matchingShouldLoadTheTargetDirectoryAndFlagATypedTargetNotInIt() {
        client.add(JobWizardTestData.source());
        client.add(new Connection("t365", "Contoso 365", io.mailferry.model.connection.ConnectionRole.TARGET,
                io.mailferry.model.connection.ConnectionKind.MICROSOFT_365, null,
                new io.mailferry.model.connection.GraphSettings("contoso.onmicrosoft.com", "app"), null, true,
                Instant.now(), Instant.now(), null));
        client.directories.put("t365", List.of(
                new io.mailferry.model.mailbox.DirectoryMailbox("anna@contoso.example", "Anna", "user"),
                new io.mailferry.model.mailbox.DirectoryMailbox("carl@contoso.example", "Carl", "user")));
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        ui.click("newJob");
        Fx.node("jobWizard");
        Fx.waitFor(Duration.ofSeconds(10), () -> !Fx.<String>call(() -> Fx.<Label>node("jobTargetNote").getText())
                .isEmpty(), "the note on the Microsoft 365 target");
        ui.type("jobName", "Wave 1");
        ui.next();
        ui.type("sourceMailboxes", "anna@old.example, bert@old.example");
        ui.next();
        ui.click("loadDirectory");
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.<String>call(() -> Fx.<javafx.scene.control.TextArea>node(
                "targetCandidates").getText()).equals("anna@contoso.example\ncarl@contoso.example"), "the directory");
        // the list typed over: loading again asks first, and the default answer keeps what was typed
        ui.type("targetCandidates", "carl@contoso.example");
        ui.click("loadDirectory");
        Fx.waitFor(Duration.ofSeconds(10), PanelDriver::confirmationShowing, "the question before replacing");
        ui.robot().type(KeyCode.ENTER);
        Fx.waitFor(Duration.ofSeconds(10), () -> !PanelDriver.confirmationShowing(), "the question to close");
        assertThat(Fx.<String>call(() -> Fx.<javafx.scene.control.TextArea>node("targetCandidates").getText()))
                .isEqualTo("carl@contoso.example");
        ui.click("loadDirectory");
        ui.confirm();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.<String>call(() -> Fx.<javafx.scene.control.TextArea>node(
                "targetCandidates").getText()).equals("anna@contoso.example\ncarl@contoso.example"), "replaced");
        ui.click("autoMatch");
        TableView<MatchRow> table = Fx.node("matchTable");
        Fx.waitFor(Duration.ofSeconds(10), () -> target(table, 0).equals("anna@contoso.example"), "anna matched");
        ui.robot().doubleClickOn(cell(table, 1, "matchTargetColumn"));
        ui.robot().write("bert@contoso.example");
        ui.robot().type(KeyCode.ENTER);
        Fx.waitFor(Duration.ofSeconds(10), () -> target(table, 1).equals("bert@contoso.example"), "bert's target");
        assertThat(Fx.<String>call(() -> Fx.<Label>node("matchSummary").getText()))
                .isEqualTo("2 mailboxes, 2 matched, 0 unmatched, 1 not in the directory");
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.<Boolean>call(() -> table.lookupAll(".table-row-cell").stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getIndex() == 1
                        && r.getStyleClass().contains("not-in-directory-row"))), "bert's row flagged");
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).as("the service would refuse it").isTrue();
    }

    private static List<String> matchSources(TableView<MatchRow> table) {
        return Fx.call(() -> table.getItems().stream().map(r -> r.source().get()).toList());
    }

    private static String target(TableView<MatchRow> table, int row) {
        return Fx.call(() -> table.getItems().get(row).target().get());
    }

    private static javafx.scene.Node cell(TableView<?> table, int row, String columnId) {
        return Fx.call(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getIndex() == row
                        && c.getTableColumn() != null && columnId.equals(c.getTableColumn().getId()))
                .findFirst().orElseThrow());
    }

    @Test
    void mailboxGridShouldGiveLongAddressesTheRoomAtTheDefaultWindowSize() {
        String source = "jonas.weber-hansen@oldcorp.example";
        String target = "jonas.weber-hansen@newco.example";
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 1, Progress.empty(),
                null, Instant.now(), Instant.now(), null), List.of(FakeServiceClient.pair("j1", "p1", source, target,
                MailboxState.RUNNING, progress(6_317, 849), null, null)));
        TableView<PairRow> pairs = showFirstJob();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the mailbox");
        assertThat(Fx.call(() -> pairs.getScene().getWidth())).isEqualTo(1280.0);
        for (String[] column : new String[][] {{"pairColumnSource", source}, {"pairColumnTarget", target}}) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) cell(pairs, 0, column[0]);
            double needed = Fx.call(() -> {
                javafx.scene.text.Text t = new javafx.scene.text.Text(column[1]);
                t.setFont(cell.getFont());
                return t.getLayoutBounds().getWidth() + cell.snappedLeftInset() + cell.snappedRightInset();
            });
            assertThat(Fx.call(cell::getWidth)).as(column[1] + " fits").isGreaterThanOrEqualTo(needed);
        }
    }

    private void openJobWizard() {
        client.add(JobWizardTestData.source());
        client.add(JobWizardTestData.target());
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        ui.click("newJob");
        Fx.node("jobWizard");
    }

    /** The Jobs tab with its only job selected; returns the mailbox grid. */
    private TableView<PairRow> showFirstJob() {
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<JobRow> jobs = Fx.node("jobTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> jobs.getItems().size()) == 1, "the job");
        Fx.run(() -> jobs.getSelectionModel().select(0));
        return Fx.node("pairTable");
    }

    private static Progress progress(long total, long done) {
        return new Progress(total, done, done, 0, 0, total * 1000, done * 1000, 1, 1000, 10, "INBOX");
    }

    private static List<String> sources(TableView<PairRow> table) {
        return Fx.call(() -> table.getItems().stream().map(r -> r.source().get()).toList());
    }

    private static javafx.scene.Node header(TableView<?> table, String title) {
        return Fx.call(() -> table.lookupAll(".column-header").stream()
                .filter(n -> n instanceof TableColumnHeader h && h.getTableColumn() != null
                        && title.equals(h.getTableColumn().getText()))
                .findFirst().orElseThrow());
    }

    private void waitForPolls(int n) {
        long before = client.calls.stream().filter(c -> c.startsWith("pairs ")).count();
        Fx.waitFor(Duration.ofSeconds(30), () -> client.calls.stream().filter(c -> c.startsWith("pairs ")).count()
                >= before + n, n + " polls");
    }

    @Test
    void connectionWizardMnemonicsShouldReachTheControlsAndBeUniquePerPage() {
        ui.click("sourceCardAdd");
        Fx.node("connectionWizard");
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.alt(KeyCode.K);
        assertThat(PanelDriver.focusedId()).isEqualTo("kindIMAP");
        ui.alt(KeyCode.M);
        assertThat(PanelDriver.focusedId()).isEqualTo("connName");
        ui.type("connName", "Old IMAP");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.type("imapHost", "127.0.0.1");
        ui.type("imapPort", "3143");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.click("imapSecurityNONE");
        ui.click("imapCertificate");
        ui.alt(KeyCode.E);
        assertThat(PanelDriver.focusedId()).as("the selected choice").isEqualTo("imapSecurityNONE");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.click("imapUser");
        ui.alt(KeyCode.W);
        assertThat(PanelDriver.focusedId()).isEqualTo("imapPassword");
        ui.alt(KeyCode.L);
        assertThat(PanelDriver.focusedId()).isEqualTo("imapAuthPassword");
        ui.click("revealPassword");
        ui.alt(KeyCode.W);
        assertThat(PanelDriver.focusedId()).as("the revealed field").isEqualTo("imapPasswordPlain");
    }

    @Test
    void jobWizardMnemonicsShouldReachTheControlsAndBeUniquePerPage() {
        openJobWizard();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.click("jobSource");
        ui.robot().type(KeyCode.ESCAPE);
        ui.alt(KeyCode.M);
        assertThat(PanelDriver.focusedId()).isEqualTo("jobName");
        ui.type("jobName", "Wave 1");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.type("sourceMailboxes", "anna@old.example");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.type("targetCandidates", "anna@new.example");
        ui.click("autoMatch");
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.alt(KeyCode.T);
        assertThat(PanelDriver.focusedId()).isEqualTo("folderType" + FolderType.values()[0].name());
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).doesNotHaveDuplicates();
        ui.next();
        assertThat(PanelDriver.visibleMnemonics()).as("the schedule page").doesNotHaveDuplicates();
    }

    /** Pasted mailbox pairs are not dropped by Cancel (or Escape) without a question; an empty dialog just closes. */
    @Test
    void cancellingAddMailboxesWithTypedPairsShouldAskFirst() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.NEW, 1, Progress.empty(), null,
                Instant.now(), null, null), List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.NEW, Progress.empty(), null, null)));
        showFirstJob();
        Fx.waitFor(Duration.ofSeconds(10), () -> !disabled("addPairs"), "Add mailboxes to be enabled");

        ui.click("addPairs");
        ui.type("pairLines", "bert@old, bert@new");
        ui.click("addPairsCancel");
        assertThat(PanelDriver.confirmationShowing()).as("a question before the pairs are dropped").isTrue();
        ui.confirm();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("addPairsView").isEmpty(), "the dialog to close");

        ui.click("addPairs");
        ui.click("addPairsCancel");
        assertThat(PanelDriver.confirmationShowing()).isFalse();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.find("addPairsView").isEmpty(), "the dialog to close");
    }

    @Test
    void whileTheServiceIsAwayTheTabsShouldBeDisabledAndMarkedLastKnownUntilItIsBack() {
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.NEW, 1, Progress.empty(), null,
                Instant.now(), null, null), List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.NEW, Progress.empty(), null, null)));
        client.throughput = List.of(new ThroughputSample(Instant.now(), 35.2, 2_000_000));
        Fx.waitFor(Duration.ofSeconds(30), () -> text("throughputHeader").equals("35.2 items/s now"), "the rate");
        assertThat(disabled("sourceCardAdd")).isFalse();
        TableView<PairRow> pairs = showFirstJob();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the mailbox");
        Fx.waitFor(Duration.ofSeconds(10), () -> !disabled("startJob"), "Start to be enabled");
        assertThat(disabled("addPairs")).isFalse();
        assertThat(visible("jobsLastKnown")).isFalse();

        client.down = new io.mailferry.admin.client.ServiceException(0, "service_not_running",
                "The Mailferry service is not running (no /tmp/x/service.url).");
        Fx.waitFor(Duration.ofSeconds(30), () -> disabled("startJob"), "Start to be disabled");
        assertThat(disabled("addPairs")).isTrue();
        assertThat(disabled("newJob")).isTrue();
        assertThat(visible("jobsLastKnown")).isTrue();
        assertThat(text("jobsLastKnown")).matches("Service not reachable since \\d\\d:\\d\\d — last figures received");
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        assertThat(disabled("sourceCardAdd")).isTrue();
        assertThat(disabled("targetCardAdd")).isTrue();
        assertThat(text("throughputHeader")).matches("Service not reachable since \\d\\d:\\d\\d — last figures received");
        assertThat(text("runningLastKnown")).matches("Service not reachable since \\d\\d:\\d\\d — last figures received");
        assertThat(text("licenseChip")).isEqualTo("last known");

        // What changed while the panel could not see it shows as soon as the service is back, without F5.
        client.pairs.get("j1").add(FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.NEW,
                Progress.empty(), null, null));
        client.throughput = List.of(new ThroughputSample(Instant.now(), 12.0, 1_000_000));
        client.down = null;
        Fx.waitFor(Duration.ofSeconds(30), () -> !disabled("sourceCardAdd"), "Add to be enabled");
        Fx.waitFor(Duration.ofSeconds(10), () -> text("throughputHeader").equals("12.0 items/s now"), "the new rate");
        assertThat(visible("runningLastKnown")).isFalse();
        assertThat(text("licenseChip")).isEqualTo("valid");
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        Fx.waitFor(Duration.ofSeconds(10), () -> !disabled("startJob"), "Start to be enabled again");
        assertThat(disabled("addPairs")).isFalse();
        assertThat(visible("jobsLastKnown")).isFalse();
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> pairs.getItems().size()) == 2, "bert, added meanwhile");
    }

    private static boolean disabled(String id) {
        javafx.scene.Node n = Fx.node(id);
        return Fx.call(n::isDisabled);
    }

    @Test
    void licenseCardShouldInstallAPastedKeyShowARefusalPlainlyAndRemoveTheKey() {
        client.validKeys.put("good.key", new LicenseState(false, "Contoso Ltd", 250, 3,
                Instant.parse("2027-01-31T12:00:00Z"), true, "Licensed to Contoso Ltd: 3 of 250 seats used, valid"
                        + " until 2027-01-31."));
        Fx.waitFor(Duration.ofSeconds(30), () -> text("licenseText").startsWith("Trial"), "the trial");
        assertThat(visible("licenseRemove")).as("no key to remove").isFalse();

        ui.click("licenseInstallKey");
        assertThat(visible("licenseEntry")).isTrue();
        ui.type("licenseKeyInput", "forged.key");
        ui.click("licenseInstall");
        Fx.waitFor(Duration.ofSeconds(10), () -> dashboardError().startsWith("The license key is not genuine"),
                "the refusal");
        assertThat(dashboardError()).doesNotContain("Exception").doesNotContain("422");
        assertThat(visible("licenseEntry")).as("kept open to correct the key").isTrue();

        ui.type("licenseKeyInput", "good.key");
        ui.click("licenseInstall");
        Fx.waitFor(Duration.ofSeconds(10), () -> text("licenseText").startsWith("Licensed to Contoso Ltd"), "the key");
        assertThat(text("licenseDetail"))
                .isEqualTo("Licensee Contoso Ltd · Expires 2027-01-31 · 3 of 250 seats used");
        assertThat(visible("licenseEntry")).isFalse();
        assertThat(visible("licenseRemove")).isTrue();

        javafx.scene.control.Button remove = Fx.node("licenseRemove");
        javafx.application.Platform.runLater(remove::fire);
        ui.confirm();
        Fx.waitFor(Duration.ofSeconds(10), () -> text("licenseText").startsWith("Trial"), "the trial again");
        assertThat(client.calls).contains("installLicense", "removeLicense");
    }

    /** The dashboard's own error banner (each tab has one). */
    private static String dashboardError() {
        javafx.scene.Node view = Fx.node("dashboardView");
        return Fx.call(() -> String.valueOf(((Label) view.lookup("#errorText")).getText()));
    }

    private static boolean visible(String id) {
        javafx.scene.Node n = Fx.node(id);
        return Fx.call(n::isVisible);
    }

    private static String text(String id) {
        Label l = Fx.node(id);
        return Fx.call(l::getText);
    }

    @Test
    void aStoppedServiceShouldBeSaidInTheStatusBarWithAStartButton() {
        client.down = new io.mailferry.admin.client.ServiceException(0, "service_not_running",
                "The Mailferry service is not running (no /tmp/x/service.url).");
        Fx.run(() -> Fx.node("shell"));
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> Fx.node("startService").isVisible()), "Start");
        org.controlsfx.control.StatusBar bar = Fx.node("statusBar");
        assertThat(Fx.call(bar::getText)).isEqualTo(
                "Service: not running — The Mailferry service is not running (no /tmp/x/service.url).");
        ui.click("startService"); // the fixture's starter brings the fake service back
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(bar::getText).startsWith("Service: connected to"), "connected");
        assertThat(client.calls).contains("start service");
    }
}
