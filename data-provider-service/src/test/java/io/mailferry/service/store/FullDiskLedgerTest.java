package io.mailferry.service.store;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.fake.CrashingLedger;
import io.mailferry.service.engine.port.MailboxAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The data directory's disk fills in the middle of a pass: the SQLite ledger's write fails the way sqlite-jdbc and Jdbi
 * report it (SQLITE_FULL inside UnableToExecuteStatementException). The admin reads that the disk is full, not the
 * library's words or class names, and the next pass with space completes exactly.
 */
class FullDiskLedgerTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskShouldBeNamedAndTheNextPassShouldCompleteExactly() {
        FakeMailServer source = FakeMailServer.source();
        FakeMailServer target = FakeMailServer.target();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String text = message("m" + i, "<m" + i + "@x>");
            source.add("INBOX", text);
            expected.add(text);
        }
        EngineSettings settings = EngineSettings.defaults().withSleeper(d -> { }).withBatches(4, 2);
        try (StoreFixture store = new StoreFixture(dir)) {
            String pairId = store.jobWithPairs("j1", "anna@old").get(0).id();
            SqliteLedger real = new SqliteLedger(store.db);
            AtomicInteger puts = new AtomicInteger();
            CrashingLedger full = new CrashingLedger(real);
            full.crashWhen((entries, before) -> {
                if (before && puts.incrementAndGet() > 3) {
                    throw new UnableToExecuteStatementException(new SQLiteException(
                            "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
                            SQLiteErrorCode.SQLITE_FULL), null);
                }
                return false;
            });

            MailboxOutcome failed = new MigrationEngine(full, new InMemoryCheckpoints(), settings).run(task(pairId, source, target),
                    ProgressListener.NONE, new StopSignal());

            assertThat(failed.state()).isEqualTo(MailboxState.FAILED);
            assertThat(failed.report().verdict()).contains("the disk is full").contains("run the pass again")
                    .doesNotContain("Exception").doesNotContain("SQLITE").doesNotContain("jdbi");

            MailboxOutcome resumed = new MigrationEngine(real, new InMemoryCheckpoints(), settings).run(task(pairId, source, target),
                    ProgressListener.NONE, new StopSignal());
            assertThat(resumed.state()).isEqualTo(MailboxState.COMPLETED);
            assertThat(target.messages("INBOX")).extracting(FakeMailServer.Stored::text)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static MailboxTask task(String pairId, FakeMailServer source, FakeMailServer target) {
        return new MailboxTask(pairId, new FakeAccess(source), new MailboxAccess.Login("anna@old", "anna", null),
                new FakeAccess(target), new MailboxAccess.Login("anna@new", "anna", null), JobOptions.defaults(),
                RunKind.FULL, "anna@old", "anna@new");
    }

}
