package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxException;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {
    private final EngineFixture f = new EngineFixture();

    private void tenMessages() {
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
    }

    @Test
    void throttlingShouldBackOffExponentiallyAndBeReported() {
        tenMessages();
        AtomicInteger appends = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("append") && appends.incrementAndGet() <= 4) {
                throw new MailboxException(MailboxException.Kind.THROTTLED, "Target asks to slow down: NO [LIMIT]");
            }
        });

        MailboxOutcome out = f.run();

        assertThat(f.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(out.throttledMillis()).isEqualTo(15_000);
        assertThat(out.report().throttledMillis()).isEqualTo(15_000);
        assertThat(f.progress.get(f.progress.size() - 1).throttledMillis()).isEqualTo(15_000);
        assertThat(out.report().verdict())
                .isEqualTo("All 10 source items are on the target. Servers throttled the copy for 15 s.");
        assertThat(f.target.messages("INBOX")).hasSize(10);
    }

    @Test
    void retryAfterHintShouldBeHonoured() {
        tenMessages();
        AtomicInteger appends = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("append") && appends.incrementAndGet() == 2) {
                throw new MailboxException(MailboxException.Kind.THROTTLED, "429", null, Duration.ofSeconds(42));
            }
        });

        f.run();

        assertThat(f.waits).containsExactly(Duration.ofSeconds(42));
        assertThat(f.target.messages("INBOX")).hasSize(10);
    }

    @Test
    void aBatchThrottledAgainAndAgainWhileItMovesShouldNotFail() {
        for (int i = 0; i < 30; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.settings = f.settings.withBatches(30, 30); // one batch, one call: an upload budget full again and again
        AtomicInteger appends = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("append") && appends.incrementAndGet() % 2 == 0) {
                throw new MailboxException(MailboxException.Kind.THROTTLED, "429", null, Duration.ofSeconds(1));
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.waits.size()).as("more throttles than the old limit of 12 in a row").isGreaterThan(12);
        assertThat(f.target.messages("INBOX")).hasSize(30);
    }

    @Test
    void endlessThrottlingShouldStopThePassAfterItsBudgetNamingWhoAndWhatWasNotCopied() {
        tenMessages();
        f.settings = new EngineSettings(7, 3, 8L << 20, 3, Duration.ofMinutes(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ZERO, 100, f.waits::add, java.time.Clock.systemUTC(), 1);
        f.target.hook((p, folder) -> {
            if (p.equals("append")) {
                throw MailboxException.throttled("Target Microsoft 365 mailbox alice@new", "Target Microsoft 365 "
                        + "mailbox alice@new asks to slow down (HTTP 429, retry after 90 s).", null,
                        Duration.ofSeconds(90));
            }
        });

        MailboxOutcome out = f.run();

        String sentence = "Target Microsoft 365 mailbox alice@new kept throttling for 30 min 00 s without letting an "
                + "item through; the pass stopped here — run it again later; nothing was lost.";
        assertThat(out.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(out.report().error()).isEqualTo(sentence);
        assertThat(out.report().verdict()).isEqualTo(sentence + " 0 items copied in this pass, 10 not copied yet.");
        assertThat(f.waits).hasSize(20).containsOnly(Duration.ofSeconds(90));
        assertThat(out.report().throttledMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(out.progress().throttledMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        // live snapshots showed the time while it grew, before the pass ended
        assertThat(f.progress.subList(0, f.progress.size() - 1)).extracting(Progress::throttledMillis)
                .contains(90_000L, 900_000L).isSorted();
        assertThat(f.target.messages("INBOX")).isEmpty();
    }

    @Test
    void throttlingThatStillLetsItemsThroughShouldNeverStopThePass() {
        for (int i = 0; i < 20; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.settings = f.settings.withBatches(50, 20); // one batch: every throttle is a retry of the same call
        AtomicInteger appends = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("append") && appends.incrementAndGet() % 2 == 1) { // each message once, 10 min each
                throw new MailboxException(MailboxException.Kind.THROTTLED, "Target asks to slow down.", null,
                        Duration.ofMinutes(10));
            }
        });

        MailboxOutcome out = f.run(EngineFixture.options(io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(20);
        assertThat(f.waits).hasSize(20);
        assertThat(out.throttledMillis()).isEqualTo(Duration.ofMinutes(200).toMillis()); // far past the 30 min budget
        assertThat(out.report().verdict()).endsWith("Servers throttled the copy for 3 h 20 min.");
    }

    @Test
    void aThrottleWithoutAWaitShouldStillBackOffSoTheBudgetEnds() {
        tenMessages();
        f.settings = f.settings.withThrottleBudget(Duration.ofMinutes(2));
        f.target.hook((p, folder) -> {
            if (p.equals("append")) {
                throw new MailboxException(MailboxException.Kind.THROTTLED, "Target: retry now.", null, Duration.ZERO);
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(out.report().error()).startsWith("The servers kept throttling for 2 min 03 s without letting");
        assertThat(f.waits).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void droppedConnectionMidBatchShouldReconnectAndNotDuplicate() {
        tenMessages();
        AtomicInteger appended = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("appended") && (appended.incrementAndGet() == 2 || appended.get() == 6)) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target closed the connection.");
            }
        });
        long opensBefore = f.target.opens();

        MailboxOutcome out = f.run(EngineFixture.options(io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(10);
        assertThat(f.target.opens() - opensBefore).isEqualTo(3);
        assertThat(out.report().itemsCopied()).isEqualTo(10);
    }

    @Test
    void aLinkThatKeepsDroppingWhileItemsGetThroughShouldNeverFailThePassAndTheReportShouldCountIt() {
        for (int i = 0; i < 20; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.settings = f.settings.withBatches(50, 20); // one batch: every drop interrupts the same call
        AtomicInteger appended = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("appended") && appended.incrementAndGet() % 2 == 0) { // ten drops, items arrive in between
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target closed the connection.");
            }
        });

        MailboxOutcome out = f.run(EngineFixture.options(io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(20);
        assertThat(out.report().reconnects()).isEqualTo(10);
        assertThat(out.report().verdict()).endsWith("Connections were lost 10 times; Mailferry reconnected and went on.");
    }

    /**
     * A link that drops every write of more than a few items (an atomic batch that never gets through whole) gets the
     * rest of the batch in halves after each drop, down to pieces it can carry, and the pass completes; sending the
     * whole rest again each time would fail the pass after the retrier's drops in a row.
     */
    @Test
    void aBatchThatALinkCannotCarryShouldGoInSmallerPiecesAfterEachDrop() {
        for (int i = 0; i < 20; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        f.settings = f.settings.withBatches(50, 20);
        f.target.dropWritesAbove(3);

        MailboxOutcome out = f.run(EngineFixture.options(io.mailferry.model.job.DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(20);
        assertThat(out.report().itemsCopied()).isEqualTo(20);
        assertThat(out.report().reconnects()).as("20 -> 10 -> 5 -> 2: three drops").isEqualTo(3);
    }

    @Test
    void droppedConnectionWhileListingShouldReconnect() {
        tenMessages();
        AtomicInteger lists = new AtomicInteger();
        f.source.hook((p, folder) -> {
            if (p.equals("list") && lists.incrementAndGet() == 2) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Source connection reset.");
            }
        });

        assertThat(f.run().state()).isEqualTo(MailboxState.COMPLETED);
    }

    /**
     * The duplicate check lists the whole target folder before anything is copied, page by page in one call: a link
     * that drops after every page read still moves (each page read starts the drops in a row afresh, as an item
     * copied does), so ten drops in that one listing do not fail the pass; a link that drops before any page arrives
     * still does (connectionThatNeverComesBackShouldFailAfterAFewAttempts).
     */
    @Test
    void aTargetListingThatDropsAfterEveryPageShouldGoOnAndNotFailThePass() {
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
            f.target.add("INBOX", message("there " + i, "<there" + i + "@x>"));
        }
        f.settings = f.settings.withBatches(1, 3); // the target's listing of ten: ten pages and the empty end
        AtomicInteger lists = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("list") && lists.incrementAndGet() % 2 == 0) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target connection reset.");
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).as(out.report().verdict()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(20);
        assertThat(out.report().reconnects()).isGreaterThan(f.settings.connectionRetries());
    }

    @Test
    void refusedLoginShouldFailTheMailboxWithAPlainMessage() {
        tenMessages();
        f.target.refuseLogin("AUTHENTICATIONFAILED Invalid credentials");

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.FAILED);
        assertThat(out.report().error()).isEqualTo("Target refused the login: AUTHENTICATIONFAILED Invalid credentials");
        assertThat(out.report().verdict()).startsWith("Failed: Target refused the login");
        assertThat(f.target.messages("INBOX")).isEmpty();
    }

    @Test
    void connectionThatNeverComesBackShouldFailAfterAFewAttempts() {
        tenMessages();
        f.source.hook((p, folder) -> {
            if (p.equals("fetch")) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Source server imap.old:993 is unreachable.");
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.FAILED);
        assertThat(out.report().error()).isEqualTo("Source server imap.old:993 is unreachable.");
        assertThat(out.report().verdict()).endsWith(" Mailferry had tried to reconnect 3 times in this pass.");
        assertThat(out.report().reconnects()).isEqualTo(3);
        assertThat(f.target.messages("INBOX")).isEmpty();
    }

    @Test
    void aFolderTheTargetRefusesShouldFailThatFolderOnlyWithTheTargetsWords() {
        tenMessages();
        f.source.addFolder("Projects");
        f.source.add("Projects", message("p1", "<p1@x>"));
        f.source.add("Projects", message("p2", "<p2@x>"));
        f.target.hook((p, folder) -> {
            if (p.equals("ensureFolder") && "Projects".equals(folder)) {
                throw new MailboxException(MailboxException.Kind.ITEM,
                        "Target refused creating folder \"Projects\": Folder name is reserved.");
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED_WITH_ISSUES);
        assertThat(f.target.messages("INBOX")).hasSize(10);
        assertThat(out.report().verdict()).isEqualTo("All 10 source items are on the target. 1 source folder was not"
                + " copied: the target refused to create \"Projects\" (see the report).");
        assertThat(out.report().issues()).anySatisfy(i -> {
            assertThat(i.folder()).isEqualTo("Projects");
            assertThat(i.reason()).isEqualTo(MigrationEngine.FOLDER_REFUSED
                    + "Target refused creating folder \"Projects\": Folder name is reserved.");
        });
    }

    @Test
    void theVerdictShouldNameAtMostThreeRefusedFoldersAndCountTheRest() {
        tenMessages();
        List<String> refused = List.of("Alpha", "Beta", "Gamma", "Delta", "Epsilon");
        refused.forEach(name -> {
            f.source.addFolder(name);
            f.source.add(name, message(name, "<" + name + "@x>"));
        });
        f.target.hook((p, folder) -> {
            if (p.equals("ensureFolder") && refused.contains(folder)) {
                throw new MailboxException(MailboxException.Kind.ITEM,
                        "Target refused creating folder \"" + folder + "\": Folder name is reserved.");
            }
        });

        String verdict = f.run().report().verdict();

        assertThat(verdict).contains(" 5 source folders were not copied: the target refused to create \"")
                .endsWith(" and 2 more (see the report).");
        assertThat(refused.stream().filter(name -> verdict.contains("\"" + name + "\""))).hasSize(3);
    }
}
