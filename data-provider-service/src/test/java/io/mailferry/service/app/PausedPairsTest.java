package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.api.Alert;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mailbox a server's limit that lasts paused (Google's daily limit, as the Gmail connector reports it) resumes as a
 * scheduled continuation: the runner over the real store and engine with fake mail servers, {@link PausedPairs}'
 * triggers following the test's clock ({@link ClockTriggerDriver}), so a day passes in milliseconds. The fixture's
 * clock starts on 2025-05-01 10:00 UTC.
 */
class PausedPairsTest {
    private static final Duration DAY = Duration.ofHours(24);

    @TempDir
    Path dir;
    RunnerFixture f;
    ClockTriggerDriver triggers;
    PausedPairs paused;
    final AtomicBoolean limit = new AtomicBoolean();

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
        paused = newPausedPairs();
    }

    private PausedPairs newPausedPairs() {
        triggers = new ClockTriggerDriver(f.clock);
        return new PausedPairs(f.pairStore, f.runner, triggers, f.clock, (jobId, pairs) -> true).start();
    }

    @AfterEach
    void close() {
        paused.close();
        f.close();
    }

    /** One pair at a time would hide nothing; CREATE_DUPLICATE leaves only the ledger between a resume and a copy. */
    private static JobOptions ledgerOnly() {
        return new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null, 2, null, null);
    }

    /** Bob's source answers the limit from its third body fetch on while {@link #limit} is set. */
    private void limitBobAfterTwoFetches() {
        AtomicInteger fetches = new AtomicInteger();
        f.server("bob@old").hook((point, folder) -> {
            if (point.equals("fetch") && fetches.incrementAndGet() > 2 && limit.get()) {
                throw MailboxException.limitReached("Source Gmail mailbox bob@old", "Source Gmail mailbox bob@old "
                        + "reached Google's daily IMAP download limit.", null,
                        new MailboxException.Pause("Google's daily limit", DAY));
            }
        });
    }

    @Test
    void aLimitedMailboxShouldPauseAloneAndResumeWhenTheClockReachesItsTime() throws Exception {
        Job job = f.job(ledgerOnly(), 20, "anna", "bob");
        limitBobAfterTwoFetches();
        limit.set(true);
        Instant start = f.clock.instant();

        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        MailboxPair anna = pair(job, "anna@old");
        MailboxPair bob = pair(job, "bob@old");
        assertThat(anna.state()).as("the other mailbox goes on").isEqualTo(MailboxState.COMPLETED);
        assertThat(bob.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(bob.pause()).isEqualTo(new MailboxPause(start.plus(DAY), "Google's daily limit"));
        assertThat(bob.pause().words(ZoneOffset.UTC, f.clock.instant()))
                .isEqualTo("Paused by Google's daily limit — resumes tomorrow at 10:00");
        int before = f.server("bob@new").messages("INBOX").size();
        assertThat(before).as("copied before the limit").isBetween(1, 19);
        List<Alert> alerts = PausedAlerts.of(f.pairStore.paused(null, PausedAlerts.MAX), ZoneOffset.UTC,
                f.clock.instant());
        assertThat(alerts).extracting(Alert::kind, Alert::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("MAILBOX_PAUSED", bob.id()));
        assertThat(alerts.get(0).message())
                .isEqualTo("Mailbox bob@old: Paused by Google's daily limit — resumes tomorrow at 10:00.");

        limit.set(false); // a day later Google lets the account download again
        triggers.advanceTo(start.plus(DAY).minusSeconds(60));
        assertThat(f.runner.isRunning(job.id())).as("nothing resumes before its time").isFalse();
        triggers.advanceTo(start.plus(DAY));
        f.awaitIdle(job.id());

        MailboxPair resumed = pair(job, "bob@old");
        assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(resumed.pause()).isNull();
        assertThat(texts("bob@new")).as("zero lost, zero duplicated").hasSize(20)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(texts("bob@old"));
        assertThat(f.pairStore.paused(null, 10)).isEmpty();
    }

    @Test
    void aPauseWhoseTimePassedWhileTheServiceWasDownShouldResumeAtStart() throws Exception {
        Job job = f.job(ledgerOnly(), 10, "bob");
        limitBobAfterTwoFetches();
        limit.set(true);
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());
        assertThat(pair(job, "bob@old").pause()).isNotNull();

        paused.close(); // the service stops; it is down when the limit lifts
        limit.set(false);
        f.clock.advance(DAY.plusHours(3));
        paused = newPausedPairs();
        f.awaitIdle(job.id());

        assertThat(pair(job, "bob@old").state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(texts("bob@new")).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void aWholeJobStartShouldLeaveAPausedMailboxToItsTime() throws Exception {
        Job job = f.job(ledgerOnly(), 10, "bob");
        limitBobAfterTwoFetches();
        limit.set(true);
        f.runner.start(job.id(), RunKind.FULL, List.of());
        f.awaitIdle(job.id());

        assertThatThrownBy(() -> f.runner.start(job.id(), RunKind.DELTA, List.of()))
                .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Every mailbox of job 'Job' is paused by Google's daily limit; it resumes by itself "
                                + new MailboxPause(f.clock.instant().plus(DAY), "x").when(
                                        java.time.ZoneId.systemDefault(), f.clock.instant()) + "."));

        limit.set(false);
        f.runner.start(job.id(), RunKind.DELTA, List.of(pair(job, "bob@old").id())); // the admin's own start
        f.awaitIdle(job.id());
        assertThat(pair(job, "bob@old").pause()).as("a pass that starts ends the pause").isNull();
        assertThat(texts("bob@new")).hasSize(10).doesNotHaveDuplicates();
    }

    private MailboxPair pair(Job job, String source) {
        return f.pairStore.list(job.id()).stream().filter(p -> p.sourceMailbox().equals(source)).findFirst()
                .orElseThrow();
    }

    private List<String> texts(String mailbox) {
        return f.server(mailbox).messages("INBOX").stream().map(FakeMailServer.Stored::text).toList();
    }
}
