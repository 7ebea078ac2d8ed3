package io.mailferry.model.job;

/** Folder categories an admin can select or deselect as a whole (SPECIAL-USE / Graph well-known names). */
public enum FolderType {
    INBOX,
    SENT,
    DRAFTS,
    TRASH,
    JUNK,
    ARCHIVE,
    /** Every folder that is none of the above. */
    OTHER
}
