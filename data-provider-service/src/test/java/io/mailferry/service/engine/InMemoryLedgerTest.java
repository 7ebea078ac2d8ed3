package io.mailferry.service.engine;

import io.mailferry.service.engine.port.Ledger;

class InMemoryLedgerTest implements LedgerContract {
    @Override
    public Ledger ledger() {
        return new InMemoryLedger();
    }
}
