package io.mailferry.service.engine;

import io.mailferry.model.report.FolderReport;

/** One folder's counts during a pass. Touched by the one worker that copies the folder. */
final class FolderTally {
    final String sourceFolder;
    final String targetFolder;
    long selected;
    long copied;
    long alreadyThere;
    long skipped;
    long failed;
    long bytesCopied;
    long bytesSkipped;
    long bytesFailed;
    /**
     * In a target folder several source folders share: the items this pass sent to be written that the ledger had no
     * row of (new to their folder, as a moved message is), at most {@link #NEW_KEPT}; null otherwise, or past that.
     * Whether each was written, its row says ({@link MovedCopies}).
     */
    java.util.Set<String> sentNew;
    static final int NEW_KEPT = 10_000;

    FolderTally(String sourceFolder, String targetFolder) {
        this.sourceFolder = sourceFolder;
        this.targetFolder = targetFolder;
    }

    /** Notes an item sent to be written that the ledger had no row of. */
    void sentNew(String id) {
        if (sentNew != null && sentNew.add(id) && sentNew.size() > NEW_KEPT) {
            sentNew = null; // too many to keep (a first pass): no clean-up of moves in this pass
        }
    }

    FolderReport report() {
        return new FolderReport(sourceFolder, targetFolder, selected, copied, alreadyThere, skipped, failed,
                bytesCopied, bytesSkipped, bytesFailed, 0);
    }
}
