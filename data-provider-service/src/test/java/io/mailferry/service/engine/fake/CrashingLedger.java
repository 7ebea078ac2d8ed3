package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A ledger that "crashes" (throws {@link SimulatedCrash}) around a put: {@code crash.test(entries, before)} decides,
 * once with before = true (nothing written) and once with before = false (written).
 */
public final class CrashingLedger implements Ledger {
    private final Ledger delegate;
    private volatile BiPredicate<List<LedgerEntry>, Boolean> crash = (e, before) -> false;

    public CrashingLedger(Ledger delegate) {
        this.delegate = delegate;
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

    private void write(String what, List<LedgerEntry> entries, Runnable write) {
        if (crash.test(entries, true)) {
            throw new SimulatedCrash("before ledger " + what);
        }
        write.run();
        if (crash.test(entries, false)) {
            throw new SimulatedCrash("after ledger " + what);
        }
    }

    @Override
    public Map<String, LedgerEntry> entries(String pairId, String sourceFolder, Collection<String> sourceItems) {
        return delegate.entries(pairId, sourceFolder, sourceItems);
    }

    @Override
    public List<LedgerEntry> pending(String pairId) {
        return delegate.pending(pairId);
    }

    @Override
    public void remove(List<LedgerEntry> entries) {
        delegate.remove(entries);
    }

    @Override
    public Set<String> sourceEpochs(String pairId, String sourceFolder) {
        return delegate.sourceEpochs(pairId, sourceFolder);
    }

    @Override
    public int removeEpoch(String pairId, String sourceFolder, String epoch) {
        return delegate.removeEpoch(pairId, sourceFolder, epoch);
    }

    @Override
    public Set<String> targetFolders(String pairId, String sourceFolder) {
        return delegate.targetFolders(pairId, sourceFolder);
    }

    @Override
    public List<LedgerEntry> entriesOf(String pairId, String sourceFolder) {
        return delegate.entriesOf(pairId, sourceFolder);
    }

    @Override
    public List<LedgerEntry> entriesByTarget(String pairId, String targetFolder) {
        return delegate.entriesByTarget(pairId, targetFolder);
    }

    @Override
    public long unsettled(String pairId, String sourceFolder) {
        return delegate.unsettled(pairId, sourceFolder);
    }

    @Override
    public Map<LedgerState, Long> counts(String pairId) {
        return delegate.counts(pairId);
    }
}
