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
 * @param connectionsPerServer IMAP connections per server per mailbox (default 2)
 * @param maxItemsPerFolder    cap on items per folder (the trial sets 10); 0 or null = no cap
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
        Integer maxItemsPerFolder) {

    public JobOptions {
        migrationType = migrationType == null ? MigrationType.FULL : migrationType;
        folders = folders == null ? FolderFilter.all() : folders;
        maxItemBytes = maxItemBytes == null ? 0L : maxItemBytes;
        duplicatePolicy = duplicatePolicy == null ? DuplicatePolicy.SKIP : duplicatePolicy;
        deleteFromSource = deleteFromSource != null && deleteFromSource;
        // out-of-range values are kept as given, so that validation can refuse them instead of silently fixing them
        concurrentMailboxes = concurrentMailboxes == null ? 20 : concurrentMailboxes;
        connectionsPerServer = connectionsPerServer == null ? 2 : connectionsPerServer;
        maxItemsPerFolder = maxItemsPerFolder == null ? 0 : maxItemsPerFolder;
    }

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null, null, null, null, null, null);
    }
}
