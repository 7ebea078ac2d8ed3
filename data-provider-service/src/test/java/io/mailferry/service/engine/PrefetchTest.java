package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SpoolDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.LedgerState;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.CallMeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inside one folder the source fetch of the next batch overlaps the target append of the batch before it
 * ({@link Prefetcher}); what is fetched ahead and then not copied (stop, failure) leaves no temp file and no ledger row.
 * Overlap is observed by the fakes ({@link CallMeter}), never by timing, and made certain by holding a fetch ahead until
 * an append starts.
 */
class PrefetchTest {
    /** Bodies above 1 MB spool to a temp file, so each live buffer of these messages is a file we can count. */
    private static final String LARGE_BODY = "x".repeat(1_100_000);

    private final EngineFixture f = new EngineFixture();
    /** In every Message-ID of this test's messages, so its spooled bodies can be told from other tests'. */
    private final String marker = UUID.randomUUID().toString();

    @Test
    void fetchOfTheNextBatchShouldOverlapTheAppendOfTheBatchBeforeInOneFolder() {
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 5);
        for (int i = 0; i < 40; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        CallMeter meter = new CallMeter();
        // the second fetch is the first one that can be ahead: it stays in progress until an append starts, which
        // only an engine that appends the first batch while fetching the second ever does
        meter.holdNth(2, "Source fetch", Duration.ofSeconds(20), "Target appendBatch", "Target append");
        f.source.latency(5).meter(meter);
        f.target.latency(5).meter(meter);

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("INBOX")).hasSize(40).doesNotHaveDuplicates();
        assertThat(meter.holdTimedOut()).as("no append started while the batch after it was fetched").isFalse();
        assertThat(meter.overlapped("Source fetch", "Target appendBatch")
                || meter.overlapped("Source fetch", "Target append")).isTrue();
        // each session is used by one thread at a time, and only one batch is fetched ahead
        assertThat(meter.overlaps()).noneMatch(p -> p.matches("Source \\w+ \\+ Source \\w+"));
        assertThat(meter.overlaps()).noneMatch(p -> p.matches("Target \\w+ \\+ Target \\w+"));
        assertThat(meter.peak()).isEqualTo(2);
    }

    @Test
    void atMostTwoBatchesShouldBeBufferedAndNoneLeftAfterThePass() {
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 2);
        addLarge(10);
        AtomicLong most = new AtomicLong();
        f.source.hook((p, folder) -> most.accumulateAndGet(spooled(), Math::max));
        f.target.hook((p, folder) -> most.accumulateAndGet(spooled(), Math::max));

        MailboxOutcome out = f.run();

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(10);
        assertThat(most.get()).isBetween(2L, 4L); // batches of 2: the one appended and the one fetched ahead
        assertThat(spooled()).isZero();
    }

    @Test
    void stopWhileABatchIsFetchedAheadShouldDropItWithoutLedgerRowOrTempFile() {
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 1);
        addLarge(6);
        StopSignal stop = new StopSignal();
        AtomicInteger fetches = countFetches();
        f.target.hook((p, folder) -> {
            if (p.equals("appended")) {
                stop.requestStop(); // while the first batch is appended, the second is fetched ahead
            }
        });

        MailboxOutcome stopped = f.run(EngineFixture.options(), stop);

        assertThat(stopped.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(fetches).hasValue(2);
        assertThat(f.target.messages("INBOX")).hasSize(1);
        assertThat(f.ledger.counts("pair-1")).isEqualTo(Map.of(LedgerState.DONE, 1L));
        assertThat(spooled()).isZero();
        f.target.hook((p, folder) -> { });
        assertThat(f.run().report().itemsCopied()).isEqualTo(5);
        assertThat(f.target.messages("INBOX")).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(value = MailboxException.Kind.class, names = {"CONNECTION", "THROTTLED", "FATAL"})
    void targetFailureWhileABatchIsFetchedAheadShouldLeaveNoRowForItAndNoTempFile(MailboxException.Kind kind) {
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 1);
        addLarge(6);
        AtomicInteger appends = new AtomicInteger();
        f.target.hook((p, folder) -> {
            if (p.equals("append") && appends.incrementAndGet() >= 2) { // the second batch, for good
                throw new MailboxException(kind, "Target failed: " + kind);
            }
        });

        MailboxOutcome failed = f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE));

        if (kind == MailboxException.Kind.THROTTLED) { // endless throttling stops the pass instead of failing it
            assertThat(failed.state()).isEqualTo(MailboxState.STOPPED);
            assertThat(failed.report().error()).startsWith("The servers kept throttling for 30 min");
        } else {
            assertThat(failed.state()).isEqualTo(MailboxState.FAILED);
            assertThat(failed.report().error()).isEqualTo("Target failed: " + kind);
        }
        // the first batch is DONE, the second PENDING (its append was tried); the third, fetched ahead, has no row
        assertThat(f.ledger.counts("pair-1")).isEqualTo(Map.of(LedgerState.DONE, 1L, LedgerState.PENDING, 1L));
        assertThat(spooled()).isZero();
        f.target.hook((p, folder) -> { });
        assertThat(f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE)).state())
                .isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("INBOX")).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(value = MailboxException.Kind.class, names = {"CONNECTION", "THROTTLED"})
    void failedFetchAheadShouldBeRetriedLikeAnyFetch(MailboxException.Kind kind) {
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 2);
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        AtomicInteger fetches = new AtomicInteger();
        f.source.hook((p, folder) -> {
            if (p.equals("fetch") && fetches.incrementAndGet() == 2) { // fetched ahead while the first is appended
                throw new MailboxException(kind, "Source failed: " + kind);
            }
        });

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.targetSubjects("INBOX")).hasSize(10).doesNotHaveDuplicates();
        if (kind == MailboxException.Kind.THROTTLED) {
            assertThat(f.waits).containsExactly(Duration.ofSeconds(1));
            assertThat(f.source.opens()).isEqualTo(1);
        } else {
            assertThat(f.source.opens()).isEqualTo(2); // one reconnect: the next fetch ahead's stale failure is redone
        }
    }

    private void addLarge(int count) {
        for (int i = 0; i < count; i++) {
            f.source.add("INBOX", message("big" + i, "<" + marker + "-" + i + "@x>", LARGE_BODY));
        }
    }

    private AtomicInteger countFetches() {
        AtomicInteger fetches = new AtomicInteger();
        f.source.hook((p, folder) -> {
            if (p.equals("fetch")) {
                fetches.incrementAndGet();
            }
        });
        return fetches;
    }

    /** Temp files holding a spooled body of this test's messages, now. */
    private long spooled() {
        try (Stream<Path> files = Files.list(SpoolDirectory.directory())) {
            return files.filter(p -> p.getFileName().toString().startsWith("mailferry-msg-")).filter(this::ours).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ours(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(200), StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            return false; // another process's file, deleted meanwhile
        }
    }
}
