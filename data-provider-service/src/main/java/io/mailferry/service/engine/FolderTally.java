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

    FolderTally(String sourceFolder, String targetFolder) {
        this.sourceFolder = sourceFolder;
        this.targetFolder = targetFolder;
    }

    FolderReport report() {
        return new FolderReport(sourceFolder, targetFolder, selected, copied, alreadyThere, skipped, failed,
                bytesCopied, bytesSkipped, bytesFailed, 0);
    }
}
