package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A ledger that "crashes" (throws {@link SimulatedCrash}) around a put: {@code crash.test(entries, before)} decides,
 * once with before = true (nothing written) and once with before = false (written).
 */
public final class CrashingLedger extends ForwardingLedger {
    private volatile BiPredicate<List<LedgerEntry>, Boolean> crash = (e, before) -> false;

    public CrashingLedger(Ledger delegate) {
        super(delegate);
    }

    public void crashWhen(BiPredicate<List<LedgerEntry>, Boolean> test) {
        this.crash = test;
    }

    public static boolean has(List<LedgerEntry> entries, LedgerState state) {
        return entries.stream().anyMatch(e -> e.state() == state);
    }

    @Override
    public void put(List<LedgerEntry> entries) {
        write("put", entries, () -> delegate.put(entries));
    }

    @Override
    public void settle(List<LedgerEntry> entries) {
        write("settle", entries, () -> delegate.settle(entries));
    }

    /** The two writes one after the other, crashing around each: more states than a store writing both at once. */
    @Override
    public void settleAndPut(List<LedgerEntry> outcomes, List<LedgerEntry> entries) {
        settle(outcomes);
        put(entries);
    }

    private void write(String what, List<LedgerEntry> entries, Runnable write) {
        if (crash.test(entries, true)) {
            throw new SimulatedCrash("before ledger " + what);
        }
        write.run();
        if (crash.test(entries, false)) {
            throw new SimulatedCrash("after ledger " + what);
        }
    }
}
