package io.mailferry.model.job;

import java.time.Instant;

/**
 * Options of a job. Nulls take the defaults shown by {@link #defaults()}.
 *
 * @param migrationType        FULL or FOLDERS_ONLY
 * @param folders              folder selection and rename rules
 * @param after                only items received at or after this instant (INTERNALDATE); null = no lower bound
 * @param before               only items received before this instant; null = no upper bound
 * @param maxItemBytes         items larger than this are skipped with reason "too large"; 0 or null = no limit
 * @param duplicatePolicy      what to do with items already on the target before Mailferry touched it
 * @param deleteFromSource     delete each source item after its copy is verified on the target (off by default)
 * @param concurrentMailboxes  mailbox pairs migrated at once (default 20)
 * @param connectionsPerServer connections per server per mailbox; 0 or null = automatic (the default): 2, or 4 over a
 *                             slow link while at most two mailboxes run (ADR 0037); on a fast link 1 while three or
 *                             more run, the others opened when fewer run (ADR 0041)
 * @param maxItemsPerFolder    cap on items per folder (the trial sets 10); 0 or null = no cap
 * @param deletionSync         on each pass, delete on the target the items deleted on the source since the last pass,
 *                             but only those Mailferry copied and that are unchanged there (off by default; ADR 0018)
 */
public record JobOptions(
        MigrationType migrationType,
        FolderFilter folders,
        Instant after,
        Instant before,
        Long maxItemBytes,
        DuplicatePolicy duplicatePolicy,
        Boolean deleteFromSource,
        Integer concurrentMailboxes,
        Integer connectionsPerServer,
        Integer maxItemsPerFolder,
        Boolean deletionSync) {

    public JobOptions {
        migrationType = migrationType == null ? MigrationType.FULL : migrationType;
        folders = folders == null ? FolderFilter.all() : folders;
        maxItemBytes = maxItemBytes == null ? 0L : maxItemBytes;
        duplicatePolicy = duplicatePolicy == null ? DuplicatePolicy.SKIP : duplicatePolicy;
        deleteFromSource = deleteFromSource != null && deleteFromSource;
        // out-of-range values are kept as given, so that validation can refuse them instead of silently fixing them
        concurrentMailboxes = concurrentMailboxes == null ? 20 : concurrentMailboxes;
        connectionsPerServer = connectionsPerServer == null ? 0 : connectionsPerServer;
        maxItemsPerFolder = maxItemsPerFolder == null ? 0 : maxItemsPerFolder;
        deletionSync = deletionSync != null && deletionSync;
    }

    /** Without deletion sync. */
    public JobOptions(MigrationType migrationType, FolderFilter folders, Instant after, Instant before,
            Long maxItemBytes, DuplicatePolicy duplicatePolicy, Boolean deleteFromSource, Integer concurrentMailboxes,
            Integer connectionsPerServer, Integer maxItemsPerFolder) {
        this(migrationType, folders, after, before, maxItemBytes, duplicatePolicy, deleteFromSource,
                concurrentMailboxes, connectionsPerServer, maxItemsPerFolder, null);
    }

    /** The same options with deletion sync {@code on}. */
    public JobOptions withDeletionSync(boolean on) {
        return new JobOptions(migrationType, folders, after, before, maxItemBytes, duplicatePolicy, deleteFromSource,
                concurrentMailboxes, connectionsPerServer, maxItemsPerFolder, on);
    }

    /** The same options, every other one kept, with at most {@code cap} items per folder (0 = no cap). */
    public JobOptions withMaxItemsPerFolder(int cap) {
        return new JobOptions(migrationType, folders, after, before, maxItemBytes, duplicatePolicy, deleteFromSource,
                concurrentMailboxes, connectionsPerServer, cap, deletionSync);
    }

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null, null, null, null, null, null, null);
    }
}
