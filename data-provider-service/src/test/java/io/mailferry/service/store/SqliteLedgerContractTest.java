package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.service.engine.LedgerContract;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on a real SQLite file, migrated by the production migrator. */
class SqliteLedgerContractTest implements LedgerContract {
    @TempDir
    Path dir;
    StoreFixture store;
    List<MailboxPair> pairs;

    @BeforeEach
    void open() {
        store = new StoreFixture(dir);
        pairs = store.jobWithPairs("j1", "anna@old", "bert@old");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public Ledger ledger() {
        return new SqliteLedger(store.db);
    }

    @Override
    public String p1() {
        return pairs.get(0).id();
    }

    @Override
    public String p2() {
        return pairs.get(1).id();
    }

    @Test
    void settleAndPutShouldBeOneWriteAllOrNone() {
        Ledger ledger = ledger();
        LedgerEntry sent = LedgerContract.row(p1(), "A", "1", "e", "tA", null, LedgerState.PENDING);
        ledger.put(List.of(sent));
        // a row of a pair the store does not know breaks its foreign key: the whole write is refused
        LedgerEntry orphan = LedgerContract.row("no-such-pair", "A", "9", "e", "tA", null, LedgerState.PENDING);

        assertThatThrownBy(() -> ledger.settleAndPut(List.of(sent.withState(LedgerState.DONE, "t-1", null, 2)),
                List.of(orphan))).isInstanceOf(RuntimeException.class);

        assertThat(ledger.entries(p1(), "A", List.of("1")).get("1")).as("the outcome went with the refused row")
                .isEqualTo(sent);
    }
}
