package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A ledger that hands every call to another: the base of the tests' ledgers that watch or break some of them. */
public abstract class ForwardingLedger implements Ledger {
    protected final Ledger delegate;

    protected ForwardingLedger(Ledger delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(List<LedgerEntry> entries) {
        delegate.put(entries);
    }

    @Override
    public void settle(List<LedgerEntry> entries) {
        delegate.settle(entries);
    }

    @Override
    public void settleAndPut(List<LedgerEntry> outcomes, List<LedgerEntry> entries) {
        delegate.settleAndPut(outcomes, entries);
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
