package io.mailferry.service.engine;

/**
 * What the ledger knows of one source item of one mailbox pair. The key is
 * (pairId, sourceFolder, sourceUidValidity, sourceUid).
 *
 * @param sourceFolder        source folder display path ("/"-separated, decoded)
 * @param targetFolder        target folder display path
 * @param targetUidValidity   target folder's UIDVALIDITY when the row was written
 * @param targetUidNextBefore target folder's UIDNEXT just before the append (PENDING rows: reconciliation starts here)
 * @param targetUid           target UID once known (0 = unknown)
 * @param sha256              hash of the message bytes as sent
 * @param reason              why SKIPPED/FAILED, in plain words
 */
public record LedgerEntry(
        String pairId,
        String sourceFolder,
        long sourceUidValidity,
        long sourceUid,
        String targetFolder,
        long targetUidValidity,
        long targetUidNextBefore,
        long targetUid,
        String dedupKey,
        long size,
        String sha256,
        LedgerState state,
        String reason,
        long updatedAtMillis) {

    public LedgerEntry withState(LedgerState newState, long newTargetUid, String newReason, long at) {
        return new LedgerEntry(pairId, sourceFolder, sourceUidValidity, sourceUid, targetFolder, targetUidValidity,
                targetUidNextBefore, newTargetUid, dedupKey, size, sha256, newState, newReason, at);
    }
}
