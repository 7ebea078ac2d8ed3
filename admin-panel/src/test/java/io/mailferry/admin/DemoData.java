package io.mailferry.admin;

import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A realistic service state for the screenshot tour: a migration in full swing, with some trouble. */
final class DemoData {

    private DemoData() {
    }

    static FakeServiceClient client() {
        FakeServiceClient c = new FakeServiceClient();
        Instant now = Instant.now();
        c.license = new io.mailferry.model.license.LicenseState(true, null, 0, 11, now.plus(Duration.ofDays(23)), true,
                "Trial: 23 days left, 10 items per folder.");
        ConnectionTestResult ok = ConnectionTestResult.success("Logged in.", "IMAP4rev1", now.minusSeconds(3600), 120);
        c.add(new Connection("s1", "Old Dovecot", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.oldcorp.example", 993, ImapSecurity.TLS, ImapAuthMode.MASTER_USER, "admin", "*",
                        null), null, null, true, now, now, ok));
        c.add(new Connection("s2", "Branch office Zimbra", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("zimbra.branch.example", 143, ImapSecurity.STARTTLS, ImapAuthMode.PASSWORD, "", "*",
                        null), null, null, true, now, now, null));
        c.add(new Connection("t1", "New mail platform", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("mail.newco.example", 993, ImapSecurity.TLS, ImapAuthMode.MASTER_USER, "migrator",
                        "*", null), null, null, true, now, now, ok));
        c.add(new Connection("t2", "Archive server", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("archive.newco.example", 993, ImapSecurity.TLS, ImapAuthMode.PASSWORD, "archive", "*",
                        null), null, null, true, now, now,
                FakeServiceClient.failed("Target IMAP server archive.newco.example:993 rejected the password of archive.")));

        List<MailboxPair> wave1 = new ArrayList<>();
        String[][] people = {{"anna.berg", "COMPLETED"}, {"bert.hansen", "RUNNING"}, {"carla.diaz", "RUNNING"},
            {"dirk.vogel", "COMPLETED_WITH_ISSUES"}, {"eva.lind", "FAILED"}, {"frank.moor", "QUEUED"},
            {"greta.olsen", "QUEUED"}, {"hugo.roth", "COMPLETED"}};
        int i = 0;
        for (String[] p : people) {
            MailboxState state = MailboxState.valueOf(p[1]);
            long total = 1200 + i * 731L;
            long done = switch (state) {
                case COMPLETED -> total;
                case RUNNING -> total * (35 + i * 9) / 100;
                case COMPLETED_WITH_ISSUES -> total - 3;
                default -> 0;
            };
            long bytesTotal = total * 48_000;
            Progress pr = new Progress(state == MailboxState.QUEUED ? 0 : total, done, done,
                    state == MailboxState.COMPLETED_WITH_ISSUES ? 1 : 0,
                    state == MailboxState.COMPLETED_WITH_ISSUES ? 2 : 0, state == MailboxState.QUEUED ? 0 : bytesTotal,
                    done * 48_000, state == MailboxState.RUNNING ? 14.5 : 0,
                    state == MailboxState.RUNNING ? 1_450_000 + i * 120_000 : 0,
                    state == MailboxState.RUNNING ? (total - done) / 14 : -1,
                    state == MailboxState.RUNNING ? "INBOX/Projects" : null);
            String error = state == MailboxState.FAILED
                    ? "Source IMAP server imap.oldcorp.example:993 refused the login of eva.lind*admin." : null;
            String verdict = switch (state) {
                case COMPLETED -> "All " + String.format("%,d", total) + " source items are on the target.";
                case COMPLETED_WITH_ISSUES -> "2 of " + String.format("%,d", total) + " source items are not on the target.";
                default -> null;
            };
            wave1.add(new MailboxPair("p" + i, "j1", p[0] + "@oldcorp.example", p[0] + "@newco.example", null, null,
                    false, false, state, pr, error, verdict, now.minusSeconds(600), null));
            i++;
        }
        c.add(new Job("j1", "Sales — wave 1", "s1", "t1", JobOptions.defaults(), JobState.RUNNING, wave1.size(),
                new Progress(24_000, 11_430, 11_300, 4, 2, 1_150_000_000L, 548_000_000L, 42, 3_900_000, 2_740, null),
                null, now.minusSeconds(86_400), now.minusSeconds(600), null), wave1);
        c.add(new Job("j2", "Finance", "s1", "t1", JobOptions.defaults(), JobState.COMPLETED, 3,
                new Progress(8_210, 8_210, 8_210, 0, 0, 390_000_000L, 390_000_000L, 0, 0, -1, null),
                "All 8,210 source items are on the target.", now.minusSeconds(3 * 86_400), now.minusSeconds(2 * 86_400),
                now.minusSeconds(2 * 86_000)), List.of(
                FakeServiceClient.pair("j2", "f1", "cfo@oldcorp.example", "cfo@newco.example", MailboxState.COMPLETED,
                        new Progress(4_100, 4_100, 4_100, 0, 0, 190_000_000L, 190_000_000L, 0, 0, -1, null), null,
                        "All 4,100 source items are on the target.")));
        c.add(new Job("j3", "Branch office", "s2", "t1", JobOptions.defaults(), JobState.NEW, 12, Progress.empty(),
                null, now.minusSeconds(3_600), null, null), List.of());

        for (int s = 120; s >= 0; s--) {
            double wave = 3.2 + Math.sin(s / 9.0) * 0.9 + (s % 7) * 0.08;
            c.throughput.add(new ThroughputSample(now.minus(Duration.ofSeconds(5L * s)), wave * 11,
                    wave * 1024 * 1024));
        }
        c.alerts.add(new Alert("MAILBOX_STALLED", "p2",
                "Mailbox carla.diaz@oldcorp.example (Sales — wave 1) has not moved for 7 minutes.", now));

        List<ItemIssue> issues = List.of(
                new ItemIssue("dirk.vogel@oldcorp.example", "INBOX", 4411, now.minusSeconds(90 * 86_400),
                        "Q3 forecast (final).xlsx", "<a1@oldcorp.example>", 61_000_000, ItemOutcome.SKIPPED,
                        "Larger than the 50 MB limit of this job."),
                new ItemIssue("dirk.vogel@oldcorp.example", "Sent", 912, now.minusSeconds(400 * 86_400),
                        "Re: contract draft", "<b7@oldcorp.example>", 84_200, ItemOutcome.FAILED,
                        "The target refused the message: [OVERQUOTA] Mailbox is full."),
                new ItemIssue("dirk.vogel@oldcorp.example", "Projects/Alpha", 77, now.minusSeconds(800 * 86_400),
                        "kick-off notes", null, 3_100, ItemOutcome.FAILED,
                        "The source could not read the message: BAD message structure."));
        MailboxReport dirk = new MailboxReport("p3", "dirk.vogel@oldcorp.example", "dirk.vogel@newco.example",
                MailboxState.COMPLETED_WITH_ISSUES, now.minusSeconds(3_000), now.minusSeconds(900), 2_100_000, 1.6,
                78_000, false, "2 of 3,393 source items are not on the target.", null,
                List.of(new FolderReport("INBOX", "INBOX", 2_100, 2_099, 0, 1, 0, 95_000_000L, 61_000_000L, 0, 0)),
                issues);
        c.reports.put("j1", new JobReport("j1", "Sales — wave 1", JobState.RUNNING, now.minusSeconds(600), null, 600_000,
                false, "3 of 8 mailboxes verified; 2 items not on the target; 1 mailbox failed.", List.of(dirk)));
        c.reportHtml.put("j1", """
                <html><head><style>
                body{font-family:sans-serif;margin:18px;color:#24292f} h1{font-size:20px;margin:0 0 6px}
                .v{padding:8px 12px;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px}
                table{border-collapse:collapse;margin-top:12px;width:100%} td,th{border-bottom:1px solid #d0d7de;
                padding:5px 8px;text-align:left;font-size:13px} th{background:#f6f8fa}
                </style></head><body>
                <h1>Sales — wave 1</h1>
                <p class="v">3 of 8 mailboxes verified; 2 items not on the target; 1 mailbox failed.</p>
                <table><tr><th>Mailbox</th><th>State</th><th>Items</th><th>Copied</th><th>Verdict</th></tr>
                <tr><td>anna.berg@oldcorp.example</td><td>Completed</td><td>1,200</td><td>57.6 MB</td><td>All 1,200 source items are on the target.</td></tr>
                <tr><td>dirk.vogel@oldcorp.example</td><td>With issues</td><td>3,393</td><td>95.0 MB</td><td>2 of 3,393 source items are not on the target.</td></tr>
                <tr><td>eva.lind@oldcorp.example</td><td>Failed</td><td>0</td><td>0 B</td><td>Source refused the login.</td></tr>
                </table></body></html>
                """);
        return c;
    }
}
