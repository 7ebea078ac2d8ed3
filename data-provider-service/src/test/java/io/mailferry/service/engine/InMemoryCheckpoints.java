package io.mailferry.service.engine;

import io.mailferry.service.engine.port.Checkpoints;
import io.mailferry.service.engine.port.FolderCheckpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Checkpoints} held in memory, a test double beside {@link InMemoryLedger} (the product's:
 * {@code store.SqliteCheckpoints}).
 */
public final class InMemoryCheckpoints implements Checkpoints {
    private record Key(String pairId, String sourceFolder) {
    }

    private final Map<Key, FolderCheckpoint> rows = new ConcurrentHashMap<>();

    @Override
    public FolderCheckpoint get(String pairId, String sourceFolder) {
        return rows.get(new Key(pairId, sourceFolder));
    }

    @Override
    public void put(FolderCheckpoint checkpoint) {
        rows.put(new Key(checkpoint.pairId(), checkpoint.sourceFolder()), checkpoint);
    }

    @Override
    public void remove(String pairId, String sourceFolder) {
        rows.remove(new Key(pairId, sourceFolder));
    }
}
