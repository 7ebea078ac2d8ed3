package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.Progress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
    private static final long MB = 1 << 20;

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        long millis;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final HandClock clock = new HandClock();
    private final List<Progress> snapshots = new ArrayList<>();
    private final ProgressTracker tracker = new ProgressTracker(new ProgressListener() {
        @Override
        public void progress(Progress progress) {
            snapshots.add(progress);
        }
    }, clock, 1000);

    private Progress last() {
        return snapshots.get(snapshots.size() - 1);
    }

    @Test
    void deltaWhoseItemsAreLedgerHitsShouldShowNoRateAndNoEta() {
        tracker.expect("INBOX", 3000, 3000 * MB);
        for (int i = 0; i < 3000; i++) {
            tracker.selected("INBOX", MB);
            clock.millis += 10; // the ledger answers fast: 3,000 items in 30 s
            tracker.done(MB, false);
        }
        tracker.alreadyThere("Archive", 500, 500 * MB);

        Progress p = last();
        assertThat(p.itemsDone()).isEqualTo(3000);
        assertThat(p.bytesPerSecond()).isZero();
        assertThat(p.itemsPerSecond()).isZero();
        assertThat(p.etaSeconds()).isEqualTo(-1);
    }

    @Test
    void slowCopyShouldShowItsTrueRateAmongLedgerHits() {
        tracker.expect("INBOX", 100, -1);
        for (int i = 0; i < 90; i++) {
            tracker.selected("INBOX", MB);
            tracker.done(MB, false); // already on the target, found in no time
        }
        for (int i = 0; i < 5; i++) {
            tracker.selected("INBOX", 2 * MB);
            clock.millis += 4000; // one 2 MB item copied every 4 s: 0.5 MB/s
            tracker.done(2 * MB, true);
        }

        Progress p = last();
        assertThat(p.bytesPerSecond()).isEqualTo(0.5 * MB);
        assertThat(p.itemsPerSecond()).isEqualTo(0.25);
        assertThat(p.itemsCopied()).isEqualTo(5);
    }

    @Test
    void etaShouldDivideTheWorkLeftByTheCopyRate() {
        tracker.expect("INBOX", 40, -1);
        tracker.expect("Sent", 60, -1);
        for (int i = 0; i < 10; i++) {
            tracker.selected("INBOX", 100);
            clock.millis += 2000; // one item every 2 s
            tracker.done(100, true);
        }

        Progress p = last();
        assertThat(p.itemsTotal()).isEqualTo(100);
        assertThat(p.itemsPerSecond()).isEqualTo(0.5);
        assertThat(p.etaSeconds()).isEqualTo(180); // 90 items left at 0.5 items/s
    }

    @Test
    void totalsShouldStartAtEveryFolderCountAndShrinkToWhatTheListingSelected() {
        tracker.expect("INBOX", 300, 3000);
        tracker.expect("Sent", 250, 2500);
        tracker.selected("INBOX", 10);
        assertThat(last().itemsTotal()).isEqualTo(550);
        assertThat(last().bytesTotal()).isEqualTo(5500);

        clock.millis += 1000;
        tracker.settle("INBOX"); // the filters selected 1 of the folder's 300 items

        assertThat(last().itemsTotal()).isEqualTo(251);
        assertThat(last().bytesTotal()).isEqualTo(2510);
    }

    @Test
    void folderWithoutByteCountShouldGrowTheByteTotalAsItIsListed() {
        tracker.expect("INBOX", 2, -1);
        tracker.selected("INBOX", 700);
        clock.millis += 1000;
        tracker.selected("INBOX", 300);

        assertThat(last().itemsTotal()).isEqualTo(2);
        assertThat(last().bytesTotal()).isEqualTo(1000);
    }

    @Test
    void itemsBeyondTheCountReadShouldGrowTheTotal() {
        tracker.expect("INBOX", 1, 100);
        tracker.selected("INBOX", 100);
        clock.millis += 1000;
        tracker.selected("INBOX", 50); // arrived after the count was read

        assertThat(last().itemsTotal()).isEqualTo(2);
        assertThat(last().bytesTotal()).isEqualTo(150);
    }
}
