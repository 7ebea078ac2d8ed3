package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's durable writes from many workers take their turn in the process instead of racing for SQLite's write
 * lock: with no busy timeout at all, none of them is ever refused "database is locked". (With SQLite's own retries
 * only, 20 mailboxes at once made a pass fail so: Database#durableWrites.)
 */
class LedgerWritersInTurnTest {
    @TempDir
    Path dir;

    @Test
    void concurrentLedgerWritesShouldNeverMeetALockedDatabase() throws Exception {
        String pair;
        try (StoreFixture store = new StoreFixture(dir)) {
            pair = store.jobWithPairs("j1", "anna@old").get(0).id();
        }
        int writers = 8;
        int batches = 25;
        try (Database db = Database.open(dir.resolve("mailferry.db"), new SchemaMigrator(), 0)) {
            SqliteLedger ledger = new SqliteLedger(db);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String folder = "F" + w;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int b = 0; b < batches; b++) {
                            List<LedgerEntry> rows = new ArrayList<>();
                            for (int i = 0; i < 20; i++) {
                                rows.add(SqliteLedgerTest.entry(pair, folder, "5", b * 20L + i + 1, LedgerState.DONE,
                                        b * 20L + i + 1));
                            }
                            ledger.put(rows);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            for (int w = 0; w < writers; w++) {
                assertThat(ledger.entriesByTarget(pair, "T/F" + w)).hasSize(batches * 20);
            }
        }
    }
}
