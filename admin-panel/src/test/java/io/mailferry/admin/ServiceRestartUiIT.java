package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.jobs.JobRow;
import io.mailferry.admin.jobs.PairRow;
import io.mailferry.model.api.Alert;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * The service goes away in the middle of a pass and comes back having marked the running mailbox interrupted (as the
 * real service does at start: STOPPED with {@link MailboxPair#INTERRUPTED}, and a JOBS_RESUMED alert). While it is
 * away every tab keeps its last figures and says since when; once back, every tab says "interrupted".
 */
class ServiceRestartUiIT extends PanelOnFakeService {

    private static final String AWAY = "Service not reachable since \\d\\d:\\d\\d — last figures received";


    @Test
    void whileAwayTheLastFiguresStayAndAfterTheRestartEveryTabSaysInterrupted() {
        Progress half = new Progress(6_317, 849, 849, 0, 0, 6_317_000, 849_000, 12, 1_200_000, 480, "INBOX");
        client.add(job(JobState.RUNNING, half), List.of(pair(MailboxState.RUNNING, half, null)));
        client.reports.put("j1", new JobReport("j1", "Wave 1", JobState.RUNNING, Instant.now(), null, 0, false, null,
                List.of()));
        Fx.waitFor(Duration.ofSeconds(30), () -> shown("runningJobs").contains("849 / 6,317 items"),
                "the running card");
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        TableView<JobRow> jobs = Fx.node("jobTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> jobs.getItems().size()) == 1, "the job");
        Fx.run(() -> jobs.getSelectionModel().select(0));
        TableView<PairRow> pairs = Fx.node("pairTable");
        Fx.waitFor(Duration.ofSeconds(30), () -> Fx.call(() -> pairs.getItems().size()) == 1, "the mailbox");
        new PanelDriver().click("jobReport");
        Fx.waitFor(Duration.ofSeconds(30), () -> text("reportVerdict").equals("Not verified yet."), "the report");

        client.down = new io.mailferry.admin.client.ServiceException(0, "service_not_running",
                "The Mailferry service is not running (no /tmp/x/service.url).");
        Fx.waitFor(Duration.ofSeconds(30), () -> text("reportsLastKnown").matches(AWAY), "the Reports tab's note");
        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        assertThat(text("jobsLastKnown")).matches(AWAY);
        assertThat(Fx.call(() -> pairs.getItems().get(0).items().get().text())).as("not zeros").isEqualTo("849 / 6,317");
        assertThat(Fx.call(() -> pairs.getItems().get(0).rate().get().text())).isEqualTo("1.1 MB/s");
        Fx.run(() -> shell.tabs().getSelectionModel().select(0));
        assertThat(text("runningLastKnown")).matches(AWAY);
        assertThat(shown("runningJobs")).as("the running card keeps its figures").contains("849 / 6,317 items");

        // The restart: the service found anna running, marked her interrupted and waits for the job's schedule.
        client.add(job(JobState.STOPPED, half), List.of(pair(MailboxState.STOPPED, half, MailboxPair.INTERRUPTED)));
        client.alerts = List.of(new Alert("JOBS_RESUMED", null, "The service started again; 1 job that was running "
                + "when it stopped waits for its activity periods.", Instant.now()));
        client.reports.put("j1", new JobReport("j1", "Wave 1", JobState.STOPPED, Instant.now(), null, 0, false, null,
                List.of(new MailboxReport("p1", "anna@old.example", "anna@new.example", MailboxState.STOPPED,
                        Instant.now(), null, 0, 0, 0, false, "Interrupted when the service stopped.",
                        MailboxPair.INTERRUPTED, List.of(), List.of()))));
        client.down = null;

        Fx.waitFor(Duration.ofSeconds(30), () -> shown("runningJobs").contains("Interrupted: 1 of 1 mailboxes"),
                "the running card to say interrupted (it said " + shown("runningJobs") + ")");
        assertThat(PanelDriver.listTexts("badNews")).anyMatch(n -> n.contains("anna@old.example interrupted"));
        assertThat(PanelDriver.listTexts("alerts")).contains(
                "The service started again; 1 job that was running when it stopped waits for its activity periods.",
                "Job 'Wave 1': 1 mailbox was interrupted when the service stopped and has not resumed; start or "
                        + "delta resumes it.");
        assertThat(Fx.call(() -> Fx.node("runningLastKnown").isVisible())).isFalse();

        Fx.run(() -> shell.tabs().getSelectionModel().select(1));
        Fx.waitFor(Duration.ofSeconds(30), () -> shown("pairTable").contains("Interrupted"), "the grid's badge");
        Fx.run(() -> pairs.getSelectionModel().select(0));
        assertThat(Fx.call(() -> ((javafx.scene.control.TextArea) Fx.node("pairDetail")).getText()))
                .isEqualTo("anna@old.example → anna@new.example: Interrupted. " + MailboxPair.INTERRUPTED);

        Fx.run(() -> shell.tabs().getSelectionModel().select(2));
        Fx.waitFor(Duration.ofSeconds(30), () -> text("reportVerdict").contains("1 mailbox was interrupted when the "
                + "service stopped"), "the report to say interrupted (it said " + text("reportVerdict") + ")");
        assertThat(Fx.call(() -> Fx.node("reportsLastKnown").isVisible())).isFalse();
    }

    private static Job job(JobState state, Progress progress) {
        return new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), state, 1, progress, null, Instant.now(),
                Instant.now(), null);
    }

    private static MailboxPair pair(MailboxState state, Progress progress, String error) {
        return FakeServiceClient.pair("j1", "p1", "anna@old.example", "anna@new.example", state, progress, error,
                null);
    }

    private static String text(String id) {
        Label l = Fx.node(id);
        return Fx.call(l::getText);
    }

    /** Every text the node {@code id} shows, joined: labels, cells, badges. */
    private static String shown(String id) {
        Node root = Fx.node(id);
        return Fx.call(() -> texts(root, new StringBuilder()).toString());
    }

    private static StringBuilder texts(Node n, StringBuilder out) {
        if (n.isVisible() && n instanceof Labeled l && l.getText() != null) {
            out.append(l.getText()).append(" | ");
        }
        if (n.isVisible() && n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> texts(c, out));
        }
        return out;
    }
}
