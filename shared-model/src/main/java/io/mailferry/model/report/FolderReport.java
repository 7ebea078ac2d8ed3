package io.mailferry.model.report;

/** Counts and bytes of one folder in a pass. */
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
        long bytesFailed) {
}
