package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.jobs.JobRow;
import io.mailferry.admin.jobs.PairRow;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.PassRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxToolkit;

/**
 * The tabs at the sizes admins use — 1280×800 (the panel's default) and 1024×700 (a small laptop) — with long
 * addresses, "Completed with issues" badges, terabyte counts and day-long ETAs: no cell, badge or button shows its
 * text cut with an ellipsis, and every button lies inside the window.
 */
class ReadableLayoutIT {

    private FakeServiceClient client;
    private ShellView shell;
    private Stage stage;

    @BeforeEach
    void open() throws Exception {
        client = DemoData.client();
        addLongJob(client);
        shell = PanelFixture.open(client);
        stage = FxToolkit.registerPrimaryStage();
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.find("sourceCardList").isPresent(), "dashboard");
    }

    @AfterEach
    void close() throws Exception {
        // The primary stage outlives the test class: give it back at the panel's default size.
        Fx.run(() -> {
            stage.setWidth(AdminApp.WIDTH);
            stage.setHeight(AdminApp.HEIGHT);
        });
        Fx.closeAllWindows();
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1280, 800", "1024, 700"})
    void everyTabShouldShowItsFiguresBadgesAndButtonsWhole(int width, int height) {
        Fx.run(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> stage.getScene().getWidth()) <= width,
                "the window to take " + width + "×" + height);

        assertWhole("dashboardView", width);

        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<JobRow> jobs = Fx.node("jobTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> jobs.getItems().size()) == 4, "the jobs");
        Fx.run(() -> jobs.getSelectionModel().select(Fx.call(() -> jobs.getItems().stream()
                .filter(j -> j.id().equals("legal")).findFirst().orElseThrow())));
        TableView<PairRow> pairs = Fx.node("pairTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 6, "the mailboxes");
        Fx.run(() -> pairs.getSelectionModel().select(0));
        assertWhole("jobsView", width);
        assertThat(Fx.call(() -> ((javafx.scene.control.TextArea) Fx.node("pairDetail")).getText())).startsWith(
                "maximilian.schneider-wolff@oldcorp-holdings.example → maximilian.schneider-wolff@newco-group.example");
        assertThat(Fx.call(() -> cellTexts(pairs))).as("the grid shows the long figures").contains(
                "Completed with issues", "1.2 TB / 1.6 TB",
                "123,456 / 1,234,567", "2 d 07 h");

        Fx.run(() -> shell.tabs().getSelectionModel().select(2));
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        Fx.run(() -> jobs.getSelectionModel().select(Fx.call(() -> jobs.getItems().stream()
                .filter(j -> j.id().equals("j1")).findFirst().orElseThrow())));
        new PanelDriver().click("jobReport");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> ((TableView<?>) Fx.node("issueTable")).getItems()
                .size()) == 3, "the report's items");
        assertWhole("reportsView", width);
    }

    /** Every showing label, cell, badge and button under {@code rootId} shows its whole text, inside the window. */
    private static void assertWhole(String rootId, int width) {
        Node root = Fx.node(rootId);
        Fx.run(() -> root.getScene().getRoot().layout());
        // Kept for a look when a check fails: target/layout/<tab>-<width>.png
        Fx.snapshot(root.getScene(), java.nio.file.Path.of("target", "layout", rootId + "-" + width + ".png"));
        List<String> problems = Fx.call(() -> {
            List<String> found = new ArrayList<>();
            walk(root, n -> {
                if (!(n instanceof Labeled l) || !n.isVisible() || l.getText() == null || l.getText().isBlank()
                        || l.getWidth() <= 0 || isAddressCell(n)) {
                    return;
                }
                String shown = l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text)
                        .map(c -> ((Text) c).getText()).findFirst().orElse("");
                String expected = l.isMnemonicParsing() ? l.getText().replaceFirst("_", "") : l.getText();
                if (!shown.equals(expected)) {
                    found.add("cut: \"" + expected + "\" shows as \"" + shown + "\" (" + l.getClass().getSimpleName()
                            + " " + l.getId() + ", " + Math.round(l.getWidth()) + " px)");
                }
                if (n instanceof ButtonBase && n.localToScene(n.getLayoutBounds()).getMaxX() > width + 0.5) {
                    found.add("outside the window: button \"" + expected + "\"");
                }
            });
            return found;
        });
        assertThat(problems).as(rootId + " at width " + width).isEmpty();
    }

    /** Addresses may be cut in the grid: the detail pane under it shows them whole (checked separately). */
    private static boolean isAddressCell(Node n) {
        return n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                && String.valueOf(c.getTableColumn().getId()).matches("pairColumn(Source|Target)");
    }

    private static void walk(Node n, java.util.function.Consumer<Node> visit) {
        if (!n.isVisible()) {
            return;
        }
        visit.accept(n);
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> walk(c, visit));
        }
    }

    private static List<String> cellTexts(TableView<?> table) {
        List<String> texts = new ArrayList<>();
        walk(table, n -> {
            if (n instanceof Labeled l && l.getText() != null) {
                texts.add(l.getText());
            }
        });
        return texts;
    }

    /** A job of long addresses and big figures, in every state that makes a wide badge. */
    private static void addLongJob(FakeServiceClient c) {
        Instant now = Instant.now();
        String[][] rows = {
            {"maximilian.schneider-wolff", "RUNNING"}, {"anne-sophie.de-la-fontaine", "COMPLETED_WITH_ISSUES"},
            {"bartholomew.featherstonehaugh", "FAILED"}, {"christina.vandenberghe-mueller", "STOPPED"},
            {"dominik.oberhauser-klein", "QUEUED"}, {"eleonora.castellanos-rivera", "COMPLETED"}};
        List<MailboxPair> pairs = new ArrayList<>();
        int i = 0;
        for (String[] r : rows) {
            MailboxState state = MailboxState.valueOf(r[1]);
            boolean running = state == MailboxState.RUNNING;
            Progress p = new Progress(1_234_567, 123_456, 123_456, 0, 0, 1_759_218_604_441L, 1_319_413_953_331L, 14.5,
                    running ? 1_450_000 : 0, running ? 198_000 : -1, running ? "Archive/2019/Projects" : null,
                    running ? 4_250_000 : 0);
            String error = state == MailboxState.FAILED ? "Source IMAP server imap.oldcorp-holdings.example:993 "
                    + "refused the login of bartholomew.featherstonehaugh: the password was wrong or the account is "
                    + "locked." : null;
            String verdict = state == MailboxState.COMPLETED_WITH_ISSUES
                    ? "12 of 1,234,567 source items are not on the target (see the report)." : null;
            pairs.add(new MailboxPair("l" + i++, "legal", r[0] + "@oldcorp-holdings.example",
                    r[0] + "@newco-group.example", null, null, false, false, state, p, error, verdict,
                    now.minusSeconds(7200), null));
        }
        c.add(new Job("legal", "Legal and compliance — archive wave 3", "s1", "t1", JobOptions.defaults(),
                JobState.COMPLETED_WITH_ISSUES, pairs.size(), new Progress(7_407_402, 740_736, 740_736, 0, 0,
                        10_555_311_626_646L, 7_916_483_719_986L, 0, 0, -1, null), null, now.minusSeconds(86_400),
                now.minusSeconds(7200), null), pairs);
        c.passes.put("j1", List.of(new PassRecord(1, "j1", "p3", "dirk.vogel@oldcorp.example",
                "dirk.vogel@newco.example", RunKind.DELTA, MailboxState.COMPLETED_WITH_ISSUES, now.minusSeconds(4000),
                now.minusSeconds(900), 3_390, 1, 2, 95_000_000L, false,
                "2 of 3,393 source items are not on the target.")));
    }
}
