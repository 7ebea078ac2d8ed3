package io.mailferry.service.engine;

import io.mailferry.service.engine.fake.FakeMailServer;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers copy different target folders in parallel, each with its own sessions. Parallelism is proven by a rendezvous
 * of the workers' appends, not by timing (no timed unit tests).
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

    @Test
    void parallelWorkersShouldCopyEverythingOnceAndAppendToEveryFolderAtTheSameTime() {
        EngineFixture f = fixture();
        // each folder's first append waits until all four folders have one in flight: only four workers really
        // running side by side get past it (one worker alone would wait here for the others, in vain)
        java.util.concurrent.CountDownLatch allFour = new java.util.concurrent.CountDownLatch(4);
        java.util.Set<String> arrived = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean together = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.target.hook((point, folder) -> {
            if (point.equals("append") && arrived.add(folder)) {
                allFour.countDown();
                try {
                    together.compareAndSet(true, allFour.await(20, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    together.set(false);
                }
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(4));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        for (int folder = 0; folder < 4; folder++) {
            assertThat(f.target.messages("F" + folder)).hasSize(40);
        }
        assertThat(arrived).hasSize(4);
        assertThat(together).as("all four folders had an append in flight at once").isTrue();
        LOG.info("160 messages, 4 folders, 4 workers: {} source + {} target calls", f.source.calls(),
                f.target.calls());
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
    void aPassWithNothingToCopyShouldOpenNoSecondConnectionAndOneWithLittleOnlyWhatItNeeds() {
        EngineFixture f = fixture();
        f.source.latency(0).condstore(true); // change tokens: an unchanged folder is known without a listing
        f.target.latency(0).condstore(true);
        f.run(EngineFixture.workers(3));
        long sourceOpens = f.source.opens();
        long targetOpens = f.target.opens();

        MailboxOutcome unchanged = f.run(EngineFixture.workers(3));

        assertThat(unchanged.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(unchanged.report().verdict()).contains("160");
        assertThat(f.source.opens() - sourceOpens).as("the main connection only").isEqualTo(1);
        assertThat(f.target.opens() - targetOpens).isEqualTo(1);

        f.source.add("F1", message("new1", "<new1@x>"));
        f.source.add("F2", message("new2", "<new2@x>"));
        MailboxOutcome two = f.run(EngineFixture.workers(3));

        assertThat(two.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.target.messages("F1")).hasSize(41);
        assertThat(f.target.messages("F2")).hasSize(41);
        assertThat(f.source.opens() - sourceOpens).as("two folders changed: two workers of the three").isEqualTo(3);
        assertThat(f.target.opens() - targetOpens).isEqualTo(3);
    }

    @Test
    void verificationShouldRunOnTheCopyWorkersSessionsInParallel() {
        EngineFixture f = fixture();
        java.util.Set<String> verifyThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        f.target.hook((point, folder) -> {
            if (FakeMailServer.asListing(point).equals("list")) { // the target is listed only by verification here (it starts empty)
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
