package io.mailferry.service.engine;

import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.FolderReport;

/**
 * Receives a pass's progress. {@link #progress} is called at most a few times per second plus once at the end, never
 * concurrently, with counters that never decrease — except the totals, which start at the folders' counts and shrink
 * when a folder's listing selects fewer items than its count. Folder calls may come from several worker threads at
 * once, so implementations must be thread-safe and quick (no I/O beyond a queue).
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    default void progress(Progress progress) {
    }

    default void folderStarted(String sourceFolder, String targetFolder) {
    }

    /** The pass's counts for one folder (before verification). */
    default void folderFinished(FolderReport report) {
    }
}
