package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers copy different target folders in parallel, each with its own sessions. With 5 ms per server call the
 * elapsed time shows whether waits overlap; the numbers are logged for the record.
 */
class ConcurrencyTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyTest.class);

    private static EngineFixture fixture() {
        EngineFixture f = new EngineFixture();
        f.settings = EngineSettings.defaults().withSleeper(f.waits::add).withBatches(50, 10);
        for (int folder = 0; folder < 4; folder++) {
            f.source.addFolder("F" + folder);
            for (int i = 0; i < 40; i++) {
                f.source.add("F" + folder, message("f" + folder + "m" + i, "<f" + folder + "m" + i + "@x>"));
            }
        }
        f.source.latency(5);
        f.target.latency(5);
        return f;
    }

    private static long timed(EngineFixture f, int workers) {
        long start = System.nanoTime();
        MailboxOutcome out = f.run(EngineFixture.workers(workers));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        for (int folder = 0; folder < 4; folder++) {
            assertThat(f.target.messages("F" + folder)).hasSize(40);
        }
        LOG.info("160 messages, 4 folders, 5 ms per call, {} worker(s): {} ms, {} source + {} target calls", workers, ms,
                f.source.calls(), f.target.calls());
        return ms;
    }

    @Test
    void parallelWorkersShouldCopyEverythingOnceAndOverlapWaits() {
        long one = timed(fixture(), 1);
        long two = timed(fixture(), 2);
        long four = timed(fixture(), 4);

        assertThat(two).isLessThan((long) (one * 0.8));
        assertThat(four).isLessThan(two);
    }

    @Test
    void workersShouldEachOpenTheirOwnSessions() {
        EngineFixture f = fixture();
        f.source.latency(0);
        f.target.latency(0);

        f.run(EngineFixture.workers(3));

        assertThat(f.source.opens()).isEqualTo(3);
        assertThat(f.target.opens()).isEqualTo(3);
    }

    @Test
    void verificationShouldRunOnTheCopyWorkersSessionsInParallel() {
        EngineFixture f = fixture();
        java.util.Set<String> verifyThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        f.target.hook((point, folder) -> {
            if (point.equals("list")) { // the target is listed only by verification here (it starts empty)
                verifyThreads.add(Thread.currentThread().getName());
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(4));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(out.report().verdict()).contains("160");
        assertThat(verifyThreads).hasSizeGreaterThan(1);
        assertThat(f.source.opens()).isEqualTo(4);
        assertThat(f.target.opens()).isEqualTo(4);
    }
}
