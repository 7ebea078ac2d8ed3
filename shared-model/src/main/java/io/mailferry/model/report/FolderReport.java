package io.mailferry.model.report;

/**
 * Counts and bytes of one folder in a pass.
 *
 * @param flagsUpdated items already on the target whose flags and keywords were brought up to date with the source's
 *                     in this pass (0 for passes that were not verified)
 */
public record FolderReport(
        String sourceFolder,
        String targetFolder,
        long itemsSelected,
        long itemsCopied,
        long itemsAlreadyThere,
        long itemsSkipped,
        long itemsFailed,
        long bytesCopied,
        long bytesSkipped,
        long bytesFailed,
        long flagsUpdated) {
}
