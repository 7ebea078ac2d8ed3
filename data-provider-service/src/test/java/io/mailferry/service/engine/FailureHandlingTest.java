package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxException;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import java.time.Duration;
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
        assertThat(f.waits.size()).as("more throttles than the budget of throttles in a row").isGreaterThan(
                f.settings.throttleRetries());
        assertThat(f.target.messages("INBOX")).hasSize(30);
    }

    @Test
    void endlessThrottlingShouldFailTheMailboxWithTheServersWords() {
        tenMessages();
        f.target.hook((p, folder) -> {
            if (p.equals("append")) {
                throw new MailboxException(MailboxException.Kind.THROTTLED, "Target asks to slow down: NO [LIMIT]");
            }
        });

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.FAILED);
        assertThat(out.report().error()).isEqualTo("Target asks to slow down: NO [LIMIT]");
        assertThat(f.waits).hasSize(f.settings.throttleRetries());
        assertThat(f.waits.get(f.waits.size() - 1)).isEqualTo(Duration.ofSeconds(60));
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
        assertThat(f.target.messages("INBOX")).isEmpty();
    }
}
