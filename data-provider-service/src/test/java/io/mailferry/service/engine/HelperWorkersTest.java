package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While many passes run at once, an automatic pass copies over one connection per server, and a pass left running as
 * the others end opens its second then (ADR 0041). The other passes are real passes of the same engine, held at their
 * first login until the test lets them go.
 */
class HelperWorkersTest {
    private final EngineFixture f = new EngineFixture();
    private final MigrationEngine engine = new MigrationEngine(f.ledger, f.checkpoints, f.settings);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch othersAtLogin = new CountDownLatch(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Future<MailboxOutcome>> others = new ArrayList<>();

    @AfterEach
    void tearDown() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void manyPassesAtOnceShouldEachCopyOverOneConnectionPerServer() throws Exception {
        sixFolders();
        startTwoOtherPasses();

        MailboxOutcome out = engine.run(f.task(EngineFixture.options()), f.listener(), new StopSignal());

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).as("three passes running: no helper").isEqualTo(1);
        assertThat(f.target.opens()).isEqualTo(1);
        release.countDown();
        for (Future<MailboxOutcome> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS).report().verdict())
                    .isEqualTo("The 1 source item is on the target.");
        }
    }

    @Test
    void anAdminsNumberShouldBeOpenedHoweverManyPassesRun() {
        sixFolders();
        startTwoOtherPasses();

        MailboxOutcome out = engine.run(f.task(EngineFixture.workers(2)), f.listener(), new StopSignal());

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(f.source.opens()).isEqualTo(2);
        assertThat(f.target.opens()).isEqualTo(2);
    }

    @Test
    void aPassLeftRunningShouldOpenItsHelperWhenTheOthersEnd() throws Exception {
        sixFolders();
        startTwoOtherPasses();
        CountDownLatch helperOpened = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean joined = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        f.source.hook((point, folder) -> {
            if (point.equals("open") && f.source.opens() == 2) {
                helperOpened.countDown();
            } else if (point.equals("fetch") && first.compareAndSet(true, false)) {
                // the pass copies its first folder over its only connection; now the other two end
                release.countDown();
                for (Future<MailboxOutcome> other : others) {
                    try {
                        other.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                joined.set(EngineFixture.awaited(helperOpened));
            }
        });

        MailboxOutcome out = engine.run(f.task(EngineFixture.options()), f.listener(), new StopSignal());

        assertThat(out.report().verdict()).isEqualTo("All 6 source items are on the target.");
        assertThat(joined).as("the helper opened its connections while the first folder was copied").isTrue();
        assertThat(f.source.opens()).isEqualTo(2);
        assertThat(f.target.opens()).isEqualTo(2);
    }

    private void sixFolders() {
        for (int i = 0; i < 6; i++) {
            f.source.addFolder("F" + i);
            f.addMessage("F" + i, "f" + i);
        }
    }

    /** Two passes of other mailboxes on the same engine, each held at its first login until {@link #release}. */
    private void startTwoOtherPasses() {
        for (int n = 2; n <= 3; n++) {
            EngineFixture g = new EngineFixture();
            g.addMessage("INBOX", "other" + n);
            g.source.hook((point, folder) -> {
                if (point.equals("open") && g.source.opens() == 1) {
                    othersAtLogin.countDown();
                    EngineFixture.awaited(release);
                }
            });
            MailboxTask task = new MailboxTask("pair-" + n, new FakeAccess(g.source),
                    new MailboxAccess.Login("u" + n + "@old", "u" + n, null), new FakeAccess(g.target),
                    new MailboxAccess.Login("u" + n + "@new", "u" + n, null), JobOptions.defaults(), RunKind.FULL,
                    "u" + n + "@old", "u" + n + "@new", null);
            others.add(threads.submit(() -> engine.run(task, g.listener(), new StopSignal())));
        }
        assertThat(EngineFixture.awaited(othersAtLogin)).as("the other passes began").isTrue();
    }
}
