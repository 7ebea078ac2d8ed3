package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pass's totals are the whole mailbox's from the first snapshot on, and its rates count only what moved. */
class ProgressTotalsTest {
    private final EngineFixture f = new EngineFixture();
    private long bytes;

    private void add(String folder, String subject, Instant date) {
        byte[] m = message(subject, "<" + subject + "@x>").getBytes(StandardCharsets.UTF_8);
        bytes += m.length;
        f.source.add(folder, m, date);
    }

    @Test
    void firstSnapshotShouldCarryTheWholeMailboxTotalBeforeAnythingIsCopied() {
        f.settings = f.settings.withProgressInterval(Duration.ZERO);
        f.source.addFolder("Sent").addFolder("Archive");
        Instant date = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            add("INBOX", "in" + i, date);
        }
        for (int i = 0; i < 3; i++) {
            add("Sent", "s" + i, date);
        }
        add("Archive", "a0", date);
        add("Archive", "a1", date);

        MailboxOutcome out = f.run(EngineFixture.workers(2));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        Progress first = f.progress.get(0);
        assertThat(first.itemsDone()).isZero();
        assertThat(first.itemsCopied()).isZero();
        assertThat(first.itemsTotal()).isEqualTo(9);
        assertThat(first.bytesTotal()).isEqualTo(bytes);
        assertThat(f.progress).allSatisfy(p -> {
            assertThat(p.itemsTotal()).isEqualTo(9);
            assertThat(p.bytesTotal()).isEqualTo(bytes);
        });
        assertThat(out.progress().itemsCopied()).isEqualTo(9);
        assertThat(out.progress().fraction()).isEqualTo(1.0);
    }

    @Test
    void copyShouldReuseTheStatesReadForTheTotals() {
        f.source.addFolder("Sent").addFolder("Archive");
        add("INBOX", "i", Instant.parse("2024-01-01T00:00:00Z"));
        add("Sent", "s", Instant.parse("2024-01-01T00:00:00Z"));
        f.run(EngineFixture.workers(2));
        AtomicInteger states = new AtomicInteger();
        f.source.hook((point, folder) -> {
            if (point.equals("state")) {
                states.incrementAndGet();
            }
        });

        f.run(EngineFixture.workers(2));

        // each of the 3 folders once before copying; INBOX and Sent again to verify (the empty Archive: the copy
        // step's state, by which it copied nothing, stands)
        assertThat(states.get()).isEqualTo(5);
    }

    @Test
    void folderWhoseTurnComesLongAfterTheCountShouldReadItsStateAgain() {
        ProgressTrackerTest.HandClock clock = new ProgressTrackerTest.HandClock();
        f.settings = new EngineSettings(7, 3, 8L << 20, 3, Duration.ofMinutes(30), Duration.ZERO,
                Duration.ofSeconds(60), Duration.ZERO, 100, f.waits::add, clock, 1);
        f.source.addFolder("Sent").addFolder("Archive");
        Instant date = Instant.parse("2024-01-01T00:00:00Z");
        add("INBOX", "i", date);
        add("Sent", "s", date);
        add("Archive", "a", date);
        AtomicInteger states = new AtomicInteger();
        f.source.hook((point, folder) -> {
            if (point.equals("state")) {
                states.incrementAndGet();
            }
            if (point.equals("list") && clock.millis == 0) {
                clock.millis = MigrationEngine.STATE_REUSE_MILLIS + 1; // the first folder took long
                add("Archive", "late", date); // and a message arrived meanwhile
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        // 3 counts before copying, 2 again for the folders copied after the first, 3 to verify
        assertThat(states.get()).isEqualTo(8);
        assertThat(out.progress().itemsTotal()).isEqualTo(4);
        assertThat(out.progress().itemsCopied()).isEqualTo(4);
        assertThat(f.progress).allSatisfy(p -> assertThat(p.itemsTotal()).isBetween(3L, 4L));
    }

    @Test
    void totalShouldShrinkToTheItemsTheFiltersSelect() {
        f.settings = f.settings.withProgressInterval(Duration.ZERO);
        Instant old = Instant.parse("2019-01-01T00:00:00Z");
        Instant recent = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            add("INBOX", "old" + i, old);
        }
        add("INBOX", "new0", recent);
        add("INBOX", "new1", recent);

        MailboxOutcome out = f.run(EngineFixture.options(Instant.parse("2023-01-01T00:00:00Z"), null, null, null));

        assertThat(f.progress.get(0).itemsTotal()).isEqualTo(7);
        assertThat(out.progress().itemsTotal()).isEqualTo(2);
        assertThat(out.progress().itemsCopied()).isEqualTo(2);
        assertThat(out.progress().fraction()).isEqualTo(1.0);
    }

    @Test
    void deltaWithNothingNewShouldShowNoRateAndNoEta() {
        for (int i = 0; i < 6; i++) {
            add("INBOX", "m" + i, Instant.parse("2024-01-01T00:00:00Z"));
        }
        f.run();
        f.progress.clear();

        MailboxOutcome delta = f.run();

        assertThat(delta.progress().itemsDone()).isEqualTo(6);
        assertThat(delta.progress().itemsCopied()).isZero();
        assertThat(f.progress).allSatisfy(p -> {
            assertThat(p.bytesPerSecond()).isZero();
            assertThat(p.itemsPerSecond()).isZero();
        });
        assertThat(f.progress.subList(0, f.progress.size() - 1))
                .allSatisfy(p -> assertThat(p.etaSeconds()).isEqualTo(-1));
    }
}
