package io.mailferry.service.engine.port;

/**
 * What the ledger knows of one source item of one mailbox pair. The key is (pairId, sourceFolder, sourceItem).
 *
 * @param sourceFolder the source folder's id ({@link MailFolder#id})
 * @param sourceEpoch  the source folder's {@link FolderState#epoch} when the row was written
 * @param sourceItem   the source item's id ({@link ItemRef#id})
 * @param sourceOrder  its order key ({@link ItemRef#order}), 0 when none
 * @param targetFolder the target folder's id
 * @param targetMark   what {@link TargetMailbox#writeMark} answered before the write (PENDING rows: reconciliation)
 * @param targetItem   the target item's id once known, null when unknown
 * @param contentHash  the {@link ContentHash} of the bytes as sent (a hex SHA-256 in rows of older versions)
 * @param reason       why SKIPPED/FAILED, in plain words
 */
public record LedgerEntry(
        String pairId,
        String sourceFolder,
        String sourceEpoch,
        String sourceItem,
        long sourceOrder,
        String targetFolder,
        String targetMark,
        String targetItem,
        String dedupKey,
        long size,
        String contentHash,
        LedgerState state,
        String reason,
        long updatedAtMillis) {

    public LedgerEntry withState(LedgerState newState, String newTargetItem, String newReason, long at) {
        return new LedgerEntry(pairId, sourceFolder, sourceEpoch, sourceItem, sourceOrder, targetFolder, targetMark,
                newTargetItem, dedupKey, size, contentHash, newState, newReason, at);
    }

    /** True when the row counts as on the target (DONE, MATCHED, MOVED). */
    public boolean onTarget() {
        return state == LedgerState.DONE || state == LedgerState.MATCHED || state == LedgerState.MOVED;
    }
}
