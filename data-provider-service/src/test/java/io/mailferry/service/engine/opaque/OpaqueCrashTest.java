package io.mailferry.service.engine.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.fake.SimulatedCrash;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process dies at a random instant — any call on either store, before or after an item is stored and before its
 * ledger row says so — and a new engine resumes on the same ledger, again and again: at the end every source item is
 * on the target exactly once (the identity stamps find what a crash left unrecorded), and the pass verifies.
 */
class OpaqueCrashTest {
    private static final Instant DATE = Instant.parse("2022-02-02T02:02:02Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void crashesAtRandomPointsShouldLoseNothingAndDuplicateNothing(long seed) {
        Random random = new Random(seed);
        OpaquePair pair = new OpaquePair(seed);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<String> folder = List.of(List.of("INBOX"), List.of("Sent"), List.of("Work", "2024")).get(i % 3);
            byte[] raw = i % 7 == 0 ? TestMessages.simple("twin", "<twin@x>") : TestMessages.simple("m" + i,
                    i % 5 == 0 ? null : "<m" + i + "@x>");
            pair.source.seed(OpaquePair.SOURCE, folder, raw, ItemState.NONE, DATE);
            if (folder.get(0).equals("INBOX")) {
                expected.add(i % 7 == 0 ? "twin" : "m" + i);
            }
        }
        expected.sort(null);
        AtomicLong calls = new AtomicLong();
        AtomicLong crashAt = new AtomicLong(1 + random.nextInt(60));
        OpaqueMailServer.Hook crash = point -> {
            if (calls.incrementAndGet() == crashAt.get()) {
                throw new SimulatedCrash("at " + point);
            }
        };
        pair.source.hook(crash);
        pair.target.hook(crash);
        int crashes = 0;
        MailboxOutcome outcome = null;
        for (int attempt = 0; attempt < 30 && outcome == null; attempt++) {
            try {
                outcome = pair.run(RunKind.FULL);
            } catch (SimulatedCrash e) {
                crashes++;
                calls.set(0);
                crashAt.set(1 + random.nextInt(80)); // the next life dies somewhere else, or not at all
            }
        }
        pair.source.hook(p -> { });
        pair.target.hook(p -> { });
        MailboxOutcome delta = pair.run(RunKind.DELTA);

        assertThat(crashes).isPositive();
        assertThat(delta.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(delta.report().verdict()).startsWith("All 40 source items are on the target");
        assertThat(pair.targetSubjects(List.of("INBOX"))).isEqualTo(expected);
        assertThat(pair.target.items(OpaquePair.TARGET, List.of("INBOX")).size()
                + pair.target.items(OpaquePair.TARGET, List.of("Sent")).size()
                + pair.target.items(OpaquePair.TARGET, List.of("Work", "2024")).size()).isEqualTo(40);
        assertThat(pair.ledger.all("pair-1")).extracting(e -> e.state()).containsOnly(LedgerState.DONE);
    }
}
