package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch goes to the target before the answer to the batch before it is read (ADR 0034): the fake target stores a
 * batch when it is sent and hands its answer over later, at "answer", where these tests drop the link, throttle or
 * crash. Whatever happens there, each source message ends on the target exactly once and no PENDING row is left.
 * CREATE_DUPLICATE switches the duplicate check off, so only the ledger and its reconciliation stand between a lost
 * answer and a duplicate.
 */
class SentBeforeAnsweredTest {
    private final EngineFixture f = new EngineFixture();
    private final JobOptions options = EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE);
    private final List<String> expected = new ArrayList<>();

    /** Ten messages, one pair of them identical, in batches of 3: four batches. */
    private void tenMessages() {
        for (int i = 0; i < 8; i++) {
            expected.add(add(message("m" + i, i == 4 ? null : "<m" + i + "@x>")));
        }
        expected.add(add(message("twin", "<twin@x>")));
        expected.add(add(message("twin", "<twin@x>")));
    }

    private String add(String message) {
        f.source.add("INBOX", message);
        return message;
    }

    @Test
    void theNextBatchShouldBeSentBeforeTheAnswerToThePreviousOneIsRead() {
        tenMessages();
        List<String> events = new CopyOnWriteArrayList<>();
        f.target.hook((p, folder) -> {
            if (p.equals("appendBatch") || p.equals("answer")) {
                events.add(p);
            }
        });

        MailboxOutcome out = f.run(options);

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(events).containsExactly("appendBatch", "appendBatch", "answer", "appendBatch", "answer",
                "appendBatch", "answer", "answer");
        assertExactCopy();
    }

    @ParameterizedTest
    @EnumSource(value = MailboxException.Kind.class, names = {"CONNECTION", "THROTTLED"})
    void aFailureWhileAnAnswerIsUnreadShouldSettleEverySentBatchAndCopyEachMessageOnce(MailboxException.Kind kind) {
        tenMessages();
        AtomicInteger answers = new AtomicInteger();
        f.target.hook((p, folder) -> {
            // the second answer: the third batch is on the target too, its answer unread
            if (p.equals("answer") && answers.incrementAndGet() == 2) {
                throw new MailboxException(kind, "Target failed: " + kind);
            }
        });

        MailboxOutcome out = f.run(options);

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().itemsCopied()).isEqualTo(10);
        assertExactCopy();
        assertThat(f.run(options).report().itemsCopied()).isZero();
        assertExactCopy();
    }

    @Test
    void aReconnectForTheListingWhileABatchIsUnansweredShouldCheckThatBatchOnTheTargetAndCountOneDrop() {
        f.settings = f.settings.withBatches(4, 3); // pages of 4: the second page is listed while a batch is unanswered
        tenMessages();
        AtomicInteger lists = new AtomicInteger();
        List<String> events = new CopyOnWriteArrayList<>();
        f.source.hook((p, folder) -> {
            if (p.equals("list") && lists.incrementAndGet() == 2) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Source connection reset.");
            }
        });
        f.target.hook((p, folder) -> events.add(p));

        MailboxOutcome out = f.run(options);

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().reconnects()).isEqualTo(1);
        assertThat(events).as("the batch sent before the reconnect was looked for on the target").contains("listFrom");
        assertExactCopy();
    }

    @ParameterizedTest(name = "crash at answer #{0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aCrashWhileAnswersAreUnreadShouldLeaveNothingLostOrTwiceAfterTheNextPass(int occurrence) {
        tenMessages();
        AtomicInteger answers = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("answer") && answers.incrementAndGet() == occurrence) {
                throw new SimulatedCrash("before answer " + occurrence);
            }
        });
        assertThatThrownBy(() -> f.run(options)).isInstanceOf(SimulatedCrash.class);
        assertThat(f.ledger.counts("pair-1")).containsKey(LedgerState.PENDING);
        f.target.hook((p, folder) -> { });

        MailboxOutcome out = f.run(options);

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertExactCopy();
    }

    @Test
    void aStopWhileABatchIsUnansweredShouldReadItsAnswerBeforeThePassEnds() {
        tenMessages();
        StopSignal stop = new StopSignal();
        AtomicInteger batches = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("appendBatch") && batches.incrementAndGet() == 2) {
                stop.requestStop(); // the first batch is unanswered, the second on its way
            }
        });

        MailboxOutcome stopped = f.run(options, stop);

        assertThat(stopped.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(f.target.messages("INBOX")).hasSize(6);
        assertThat(f.ledger.counts("pair-1")).isEqualTo(Map.of(LedgerState.DONE, 6L));
        f.target.hook((p, folder) -> { });
        assertThat(f.run(options).report().itemsCopied()).isEqualTo(4);
        assertExactCopy();
    }

    private void assertExactCopy() {
        assertThat(f.target.messages("INBOX")).extracting(FakeMailServer.Stored::text)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(f.ledger.pending("pair-1")).isEmpty();
    }
}
