package io.mailferry.service.store;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.service.engine.LedgerContract;
import io.mailferry.service.engine.port.Ledger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
}
