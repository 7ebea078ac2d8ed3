package io.mailferry.service.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link Ledger} held in memory: for one-shot runs that need no resume (CLI without a data directory) and for
 * tests. Every method is atomic (one lock); nothing survives the process, so "durable" means "until exit".
 */
public final class InMemoryLedger implements Ledger {
    private record Key(String pairId, String sourceFolder, long sourceUidValidity) {
    }

    private final Map<Key, NavigableMap<Long, LedgerEntry>> rows = new HashMap<>();

    @Override
    public synchronized Map<Long, LedgerEntry> entries(String pairId, String sourceFolder, long sourceUidValidity,
            long fromUid, long toUid) {
        NavigableMap<Long, LedgerEntry> folder = rows.get(new Key(pairId, sourceFolder, sourceUidValidity));
        if (folder == null || fromUid > toUid) {
            return Map.of();
        }
        return new HashMap<>(folder.subMap(fromUid, true, toUid, true));
    }

    @Override
    public synchronized void put(List<LedgerEntry> entries) {
        for (LedgerEntry e : entries) {
            rows.computeIfAbsent(new Key(e.pairId(), e.sourceFolder(), e.sourceUidValidity()), k -> new TreeMap<>())
                    .put(e.sourceUid(), e);
        }
    }

    @Override
    public synchronized List<LedgerEntry> pending(String pairId) {
        return select(pairId, e -> e.state() == LedgerState.PENDING);
    }

    @Override
    public synchronized void remove(List<LedgerEntry> entries) {
        for (LedgerEntry e : entries) {
            Key key = new Key(e.pairId(), e.sourceFolder(), e.sourceUidValidity());
            NavigableMap<Long, LedgerEntry> folder = rows.get(key);
            if (folder != null) {
                folder.remove(e.sourceUid());
                if (folder.isEmpty()) {
                    rows.remove(key);
                }
            }
        }
    }

    @Override
    public synchronized Set<Long> sourceUidValidities(String pairId, String sourceFolder) {
        Set<Long> result = new TreeSet<>();
        for (Key k : rows.keySet()) {
            if (k.pairId().equals(pairId) && k.sourceFolder().equals(sourceFolder)) {
                result.add(k.sourceUidValidity());
            }
        }
        return result;
    }

    @Override
    public synchronized List<LedgerEntry> entriesByTarget(String pairId, String targetFolder, long fromTargetUid) {
        return select(pairId, e -> targetFolder.equals(e.targetFolder()) && e.targetUid() >= fromTargetUid);
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
