package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.connector.imap.GmailAccessProvider;
import io.mailferry.service.connector.imap.GmailFixture;
import io.mailferry.service.connector.imap.ImapAccessProvider;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.GmailImapProxy;
import io.mailferry.service.testing.ImapMailboxes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google's daily IMAP download limit as a scheduled continuation, through the runner, the SQLite store and the Gmail
 * connector: Gmail is played by {@link GmailFixture} (a real Dovecot behind {@link GmailImapProxy}, which answers one
 * account's body fetches with Gmail's "[ALERT] Account exceeded command or bandwidth limits" after a few: "Gmail
 * bandwidth limits", support.google.com/a/answer/1071518), the target is a Dovecot. The other mailbox of the job
 * finishes; the limited one pauses with the time it resumes; moving the test's clock to that time resumes it, and the
 * target ends with every message once.
 */
class GmailDailyLimitIT {
    private static final int MESSAGES = 12;

    @TempDir
    Path dir;

    @Test
    void theLimitedMailboxShouldPauseAloneAndResumeADayLaterWithNothingLostOrTwice() throws Exception {
        GmailFixture gmail = GmailFixture.shared();
        DovecotServer target = DovecotServer.shared();
        Login anna = gmail.newMailbox();
        Login bob = gmail.newMailbox();
        for (Login who : List.of(anna, bob)) {
            for (int i = 0; i < MESSAGES; i++) {
                gmail.seed(who, TestMessages.simple(who.user() + " " + i, "<" + who.user() + i + "@gmail.example>"),
                        ItemState.NONE, null, List.of("\\Inbox"));
            }
        }
        String annaTarget = target.newUser();
        String bobTarget = target.newUser();
        try (RunnerFixture f = new RunnerFixture(dir, new GmailAccessProvider(), new ImapAccessProvider())) {
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            f.connections.insert(new Connection("gmail", "Gmail", ConnectionRole.SOURCE, ConnectionKind.GMAIL,
                    gmail.imapSettings(), null, null, false, t, t, null, new GmailSettings(
                            GmailAuthMode.APP_PASSWORD, null, GmailLabelStrategy.FOLDER_PER_LABEL, false, false, 2)),
                    null);
            f.connections.insert(new Connection("dovecot", "Dovecot", ConnectionRole.TARGET, ConnectionKind.IMAP,
                    new ImapSettings(target.host(), target.imapPort(), ImapSecurity.NONE, ImapAuthMode.PASSWORD,
                            null, null, null), null, null, false, t, t, null), null);
            // CREATE_DUPLICATE: only the ledger stands between a resumed pass and a second copy
            JobOptions options = new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null,
                    2, null, null);
            Job job = f.jobs.create(new JobRequest("Gmail", "gmail", "dovecot", options, List.of(
                    pair(anna, annaTarget, target), pair(bob, bobTarget, target))));
            ClockTriggerDriver triggers = new ClockTriggerDriver(f.clock);
            try (PausedPairs paused = new PausedPairs(f.pairStore, f.runner, triggers, f.clock, (id, pairs) -> true).start()) {
                gmail.proxy().limitAfter(bob.user(), 2); // bob's account passes its limit mid-pass
                Instant start = f.clock.instant();

                f.runner.start(job.id(), RunKind.FULL, List.of());
                f.awaitIdle(job.id());

                assertThat(state(f, job, anna)).as("the other mailbox goes on").isEqualTo(MailboxState.COMPLETED);
                MailboxPair limited = pair(f, job, bob);
                assertThat(limited.state()).isEqualTo(MailboxState.STOPPED);
                assertThat(limited.pause()).isNotNull();
                assertThat(limited.pause().resumeAt()).isEqualTo(start.plus(Duration.ofHours(24)));
                assertThat(limited.pause().words(ZoneOffset.UTC, f.clock.instant()))
                        .isEqualTo("Paused by Google's daily limit — resumes tomorrow at 10:00");
                assertThat(limited.error()).contains("Google's daily IMAP download limit").doesNotContain("Exception");
                int before = hashes(target, bobTarget).size();
                assertThat(before).as("copied before the limit").isBetween(1, MESSAGES - 1);

                gmail.proxy().liftLimit(bob.user());
                triggers.advanceTo(start.plus(Duration.ofHours(23)));
                assertThat(f.runner.isRunning(job.id())).as("nothing resumes before its time").isFalse();
                triggers.advanceTo(start.plus(Duration.ofHours(24)));
                f.awaitIdle(job.id());

                MailboxPair resumed = pair(f, job, bob);
                assertThat(resumed.state()).as(resumed.verdict()).isEqualTo(MailboxState.COMPLETED);
                assertThat(resumed.pause()).isNull();
                for (Map.Entry<Login, String> e : Map.of(anna, annaTarget, bob, bobTarget).entrySet()) {
                    List<String> got = hashes(target, e.getValue());
                    assertThat(got).as("zero lost, zero duplicated for " + e.getKey().user()).hasSize(MESSAGES)
                            .doesNotHaveDuplicates();
                }
            }
        }
    }

    private static MailboxPairRequest pair(Login source, String targetUser, DovecotServer target) {
        return new MailboxPairRequest(source.mailbox(), targetUser, source.user(), source.password(), targetUser,
                new Secret(target.password(targetUser)), null);
    }

    private static MailboxPair pair(RunnerFixture f, Job job, Login source) {
        return f.pairStore.list(job.id()).stream().filter(p -> p.sourceMailbox().equals(source.mailbox()))
                .findFirst().orElseThrow();
    }

    private static MailboxState state(RunnerFixture f, Job job, Login source) {
        return pair(f, job, source).state();
    }

    /** The SHA-256 of every message in the target mailbox's INBOX, duplicates kept. */
    private static List<String> hashes(DovecotServer target, String user) throws Exception {
        List<String> out = new ArrayList<>();
        for (ImapMailboxes.Stored s : new ImapMailboxes(target.host(), target.imapPort())
                .snapshot(user, target.password(user)).getOrDefault("INBOX", List.of())) {
            out.add(s.sha256());
        }
        return out;
    }
}
