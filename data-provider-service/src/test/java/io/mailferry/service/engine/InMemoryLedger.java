package io.mailferry.service.engine;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Ledger} held in memory, a test double: the engine's tests and the fakes' runs use it where no store is under
 * test (the product keeps its ledger in SQLite, {@code store.SqliteLedger}). Every method is atomic (one lock); nothing
 * survives the process, so "durable" means "until exit". {@code InMemoryLedgerTest} runs it through the same
 * {@code LedgerContract} as the real ledger.
 */
public final class InMemoryLedger implements Ledger {
    private record Key(String pairId, String sourceFolder) {
    }

    private final Map<Key, Map<String, LedgerEntry>> rows = new HashMap<>();

    @Override
    public synchronized Map<String, LedgerEntry> entries(String pairId, String sourceFolder,
            Collection<String> sourceItems) {
        Map<String, LedgerEntry> folder = rows.getOrDefault(new Key(pairId, sourceFolder), Map.of());
        Map<String, LedgerEntry> result = new HashMap<>();
        for (String id : sourceItems) {
            LedgerEntry e = folder.get(id);
            if (e != null) {
                result.put(id, e);
            }
        }
        return result;
    }

    @Override
    public synchronized void put(List<LedgerEntry> entries) {
        for (LedgerEntry e : entries) {
            rows.computeIfAbsent(new Key(e.pairId(), e.sourceFolder()), k -> new LinkedHashMap<>())
                    .put(e.sourceItem(), e);
        }
    }

    @Override
    public synchronized List<LedgerEntry> pending(String pairId) {
        return select(pairId, e -> e.state() == LedgerState.PENDING);
    }

    @Override
    public synchronized void remove(List<LedgerEntry> entries) {
        for (LedgerEntry e : entries) {
            Key key = new Key(e.pairId(), e.sourceFolder());
            Map<String, LedgerEntry> folder = rows.get(key);
            if (folder != null) {
                folder.remove(e.sourceItem());
                if (folder.isEmpty()) {
                    rows.remove(key);
                }
            }
        }
    }

    @Override
    public synchronized Set<String> sourceEpochs(String pairId, String sourceFolder) {
        Set<String> result = new TreeSet<>();
        rows.getOrDefault(new Key(pairId, sourceFolder), Map.of()).values().forEach(e -> result.add(e.sourceEpoch()));
        return result;
    }

    @Override
    public synchronized int removeEpoch(String pairId, String sourceFolder, String epoch) {
        Map<String, LedgerEntry> folder = rows.getOrDefault(new Key(pairId, sourceFolder), new HashMap<>());
        int before = folder.size();
        folder.values().removeIf(e -> epoch.equals(e.sourceEpoch()));
        return before - folder.size();
    }

    @Override
    public synchronized Set<String> targetFolders(String pairId, String sourceFolder) {
        Set<String> result = new TreeSet<>();
        rows.getOrDefault(new Key(pairId, sourceFolder), Map.of()).values().forEach(e -> result.add(e.targetFolder()));
        return result;
    }

    @Override
    public synchronized List<LedgerEntry> entriesOf(String pairId, String sourceFolder) {
        return List.copyOf(rows.getOrDefault(new Key(pairId, sourceFolder), Map.of()).values());
    }

    @Override
    public synchronized List<LedgerEntry> entriesByTarget(String pairId, String targetFolder) {
        return select(pairId, e -> targetFolder.equals(e.targetFolder()));
    }

    @Override
    public synchronized long unsettled(String pairId, String sourceFolder) {
        return rows.getOrDefault(new Key(pairId, sourceFolder), Map.of()).values().stream()
                .filter(e -> e.state() == LedgerState.PENDING || e.state() == LedgerState.FAILED).count();
    }

    @Override
    public synchronized Map<LedgerState, Long> counts(String pairId) {
        Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
        for (LedgerEntry e : select(pairId, e -> true)) {
            counts.merge(e.state(), 1L, Long::sum);
        }
        return counts;
    }

    /** Every row of the pair (tests and diagnostics). */
    public synchronized List<LedgerEntry> all(String pairId) {
        return select(pairId, e -> true);
    }

    private List<LedgerEntry> select(String pairId, java.util.function.Predicate<LedgerEntry> test) {
        List<LedgerEntry> result = new ArrayList<>();
        rows.forEach((k, folder) -> {
            if (k.pairId().equals(pairId)) {
                folder.values().stream().filter(test).forEach(result::add);
            }
        });
        return result;
    }
}
