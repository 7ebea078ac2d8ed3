package io.mailferry.model.job;

/** What a job copies. */
public enum MigrationType {
    /** Folders and every selected item. */
    FULL,
    /** Only the folder tree: a dry structure on the target, no items. */
    FOLDERS_ONLY
}
