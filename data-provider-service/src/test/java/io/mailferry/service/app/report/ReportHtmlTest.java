package io.mailferry.service.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.report.JobReport;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
    private final ReportHtml html = new ReportHtml(ZoneId.of("UTC"));

    @Test
    void deletionSyncCountsShouldBeAFactAndMailboxColumns() {
        String page = html.job(ReportFixtures.synced());

        assertThat(page).contains("<dt>Gone from the source</dt><dd>3 deleted on the target, 1 kept there</dd>")
                .contains("<th class=\"n\">Deleted on target</th>", "<th class=\"n\">Kept on target</th>")
                .contains("<td class=\"n\">3</td><td class=\"n\">1</td>");
        assertThat(html.mailbox(ReportFixtures.bobSynced()))
                .contains("<dt>Gone from the source</dt><dd>3 deleted on the target, 1 kept there</dd>");
    }

    @Test
    void jobShouldEscapeEveryValueFromTheReport() {
        String page = html.job(ReportFixtures.job());

        assertThat(page).doesNotContain("<script>").doesNotContain("Contoso <pilot>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;")
                .contains("Job report: Contoso &lt;pilot&gt;")
                .doesNotContain("m1@old.example"); // the Message-ID is in the CSV only
    }

    @Test
    void jobShouldShowVerdictDurationThroughputAndTables() {
        String page = html.job(ReportFixtures.job());

        assertThat(page).startsWith("<!DOCTYPE html>")
                .contains("<p class=\"verdict bad\">12,355 of 12,357 source items are on the target; 2 are not.</p>")
                .contains("<dt>Duration</dt><dd>2 min 05 s</dd>")
                .contains("<dt>Copied</dt><dd>12,355 items, 32.2 MB</dd>")
                .contains("<dt>Throughput</dt><dd>98.8 items/s, 263.5 KB/s</dd>")
                .contains("<dt>Throttled</dt><dd>4 min 10 s in 1 mailbox</dd>")
                .contains("<th class=\"n\">Throttled</th>")
                .contains("<td class=\"n\">2 min 05 s</td><td class=\"n\">4 min 10 s</td>")
                .contains("<h2>Mailboxes</h2>", "<h2>Folders</h2>", "<h2>Items not copied</h2>")
                .contains("<td>bob@old.example</td><td>bob@new.example</td><td>Completed</td>")
                .contains("<td>anna@old.example</td><td>anna@new.example</td><td>Completed with issues</td>")
                .doesNotContain("COMPLETED_WITH_ISSUES")
                .contains("<td class=\"n\">31.2 MB</td>")
                .contains("<td class=\"n\">11,999</td>")
                .contains("<td>2024-12-24 08:30:00</td>")
                .contains("<td>Target refused it: message too large</td>")
                .doesNotContain("<script", "src=", "href=", "<link")
                .endsWith("</html>\n");
    }

    @Test
    void mailboxShouldShowItsOwnThroughputAndNoMailboxTable() {
        String page = html.mailbox(ReportFixtures.bob());

        assertThat(page).contains("Mailbox report: bob@old.example → bob@new.example")
                .contains("<p class=\"verdict ok\">All 10 source items are on the target.</p>")
                .contains("<dt>Throughput</dt><dd>2.0 items/s, 1000 B/s</dd>")
                .contains("<dt>Throttled</dt><dd>no</dd>")
                .contains("None: no item was skipped, failed or found missing.")
                .doesNotContain("<h2>Mailboxes</h2>")
                .doesNotContain("<th>Mailbox</th>");
    }

    @Test
    void textStartingWithHashShouldStayText() {
        var anna = ReportFixtures.anna();
        var issue = anna.issues().get(0);
        var renamed = new io.mailferry.model.report.MailboxReport(anna.pairId(), anna.sourceMailbox(),
                anna.targetMailbox(), anna.state(), anna.startedAt(), anna.endedAt(), anna.durationMillis(),
                anna.itemsPerSecond(), anna.bytesPerSecond(), anna.verified(), anna.verdict(), anna.error(),
                anna.folders(), List.of(new io.mailferry.model.report.ItemIssue(issue.mailbox(), "#shared",
                        issue.sourceUid(), issue.date(), "#1 priority", null, 1, issue.outcome(), issue.reason())));

        assertThat(html.mailbox(renamed)).contains("<td>#shared</td>", "<td>#1 priority</td>");
    }

    @Test
    void emptyJobShouldSaySoInsteadOfEmptyTables() {
        String page = html.job(new JobReport("j", "empty", null, null, null, 0, false, null, List.of()));

        assertThat(page).contains("No mailboxes in this job.", "No folders were processed.",
                "No verdict: the pass has not been verified.", "<dd>–</dd>").doesNotContain("<table>");
    }
}
