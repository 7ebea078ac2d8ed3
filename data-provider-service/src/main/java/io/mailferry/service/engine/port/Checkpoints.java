package io.mailferry.service.engine.port;

/**
 * Per pair and source folder, the {@link FolderCheckpoint} of the last pass that verified the folder clean; lets a
 * delta skip the copy step's listing of folders in which nothing happened (sources with change tokens only). A
 * checkpoint is only ever a shortcut: losing one costs a listing, never an item. Implemented by the service's store
 * (rows go with their pair; tests use an in-memory double). Thread-safe; {@link #put} is atomic.
 */
public interface Checkpoints {
    /** The folder's checkpoint, or null when there is none. */
    FolderCheckpoint get(String pairId, String sourceFolder);

    /**
     * The checkpoints of these folders, by source folder (folders without one left out); what {@link #get} answers
     * for each, which a store may read at once.
     */
    default java.util.Map<String, FolderCheckpoint> get(String pairId, java.util.Collection<String> sourceFolders) {
        java.util.Map<String, FolderCheckpoint> found = new java.util.HashMap<>();
        for (String folder : sourceFolders) {
            FolderCheckpoint cp = get(pairId, folder);
            if (cp != null) {
                found.put(folder, cp);
            }
        }
        return found;
    }

    /** Inserts or replaces the folder's checkpoint. */
    void put(FolderCheckpoint checkpoint);

    /**
     * Forgets the folder's checkpoint (none is fine), so the next pass lists the folder again. Must be durable no later
     * than a ledger change made after it returns: the engine drops the checkpoint before the ledger rows of items
     * found deleted on the target, so they are copied again even when the source did not change.
     */
    void remove(String pairId, String sourceFolder);
}
