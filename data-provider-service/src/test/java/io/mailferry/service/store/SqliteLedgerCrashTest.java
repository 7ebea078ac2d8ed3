package io.mailferry.service.store;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.SimulatedCrash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's crash scenario with the SQLite ledger: the "process" dies right after a PENDING batch is committed
 * (the items may or may not be on the target), the database is closed and reopened as a new process would, and the
 * next pass leaves exactly one copy of every source message. CREATE_DUPLICATE switches the duplicate check off, so
 * only the ledger's PENDING rows (and their reconciliation) prevent duplicates.
 */
class SqliteLedgerCrashTest {
    @TempDir
    Path dir;

    @Test
    void passShouldResumeExactlyAfterACrashWithTheLedgerReopened() {
        FakeMailServer source = FakeMailServer.source();
        FakeMailServer target = FakeMailServer.target();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String text = message("m" + i, i == 4 ? null : "<m" + i + "@x>");
            source.add("INBOX", text);
            expected.add(text);
        }
        JobOptions options = new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null,
                null, 1, null);
        EngineSettings settings = EngineSettings.defaults().withSleeper(d -> { }).withBatches(4, 2);
        String pairId;
        try (StoreFixture store = new StoreFixture(dir)) {
            pairId = store.jobWithPairs("j1", "anna@old").get(0).id();
            CrashingLedger ledger = new CrashingLedger(new SqliteLedger(store.db));
            AtomicInteger pendingWrites = new AtomicInteger();
            // after the 2nd PENDING batch is durable; the 1st batch was appended and marked DONE
            ledger.crashWhen((e, before) -> !before && CrashingLedger.has(e, LedgerState.PENDING)
                    && pendingWrites.incrementAndGet() == 2);
            target.hook((point, folder) -> {
                if (point.equals("appended") && pendingWrites.get() == 2) {
                    throw new SimulatedCrash("after one append of the second batch");
                }
            });
            MailboxTask task = task(pairId, source, target, options);
            assertThatThrownBy(() -> new MigrationEngine(ledger, new InMemoryCheckpoints(), settings).run(task, ProgressListener.NONE,
                    new StopSignal())).isInstanceOf(SimulatedCrash.class);
        }
        target.hook((point, folder) -> { });

        try (StoreFixture reopened = new StoreFixture(dir)) {
            SqliteLedger ledger = new SqliteLedger(reopened.db);
            assertThat(ledger.pending(pairId)).isNotEmpty();
            MigrationEngine engine = new MigrationEngine(ledger, new InMemoryCheckpoints(), settings);

            MailboxOutcome out = engine.run(task(pairId, source, target, options), ProgressListener.NONE,
                    new StopSignal());

            assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(target.messages("INBOX")).extracting(FakeMailServer.Stored::text)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ledger.pending(pairId)).isEmpty();
            assertThat(engine.run(task(pairId, source, target, options), ProgressListener.NONE, new StopSignal())
                    .report().itemsCopied()).isZero();
        }
    }

    private static MailboxTask task(String pairId, FakeMailServer source, FakeMailServer target, JobOptions options) {
        return new MailboxTask(pairId, new FakeAccess(source), new MailboxAccess.Login("anna@old", "anna", null),
                new FakeAccess(target), new MailboxAccess.Login("anna@new", "anna", null), options, RunKind.FULL,
                "anna@old", "anna@new");
    }
}
