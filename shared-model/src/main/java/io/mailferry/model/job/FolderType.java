package io.mailferry.model.job;

import java.util.List;

/**
 * Folder categories (SPECIAL-USE / Graph and EWS well-known names). The mail types can be selected or deselected as a
 * whole ({@link FolderFilter#folderTypes}); CALENDAR, CONTACTS and TASKS name a mailbox's default calendar, contacts
 * folder and task list, so that they map to the target's own whatever its language (they are selected by
 * {@link FolderFilter#kinds}).
 */
public enum FolderType {
    INBOX,
    SENT,
    DRAFTS,
    TRASH,
    JUNK,
    ARCHIVE,
    /** Every folder that is none of the others. */
    OTHER,
    /** The mailbox's default calendar. */
    CALENDAR,
    /** The mailbox's default contacts folder. */
    CONTACTS,
    /** The mailbox's default task list. */
    TASKS;

    private static final List<FolderType> MAIL = List.of(INBOX, SENT, DRAFTS, TRASH, JUNK, ARCHIVE, OTHER);

    /** The types an admin selects among mail folders, in display order. */
    public static List<FolderType> mailTypes() {
        return MAIL;
    }
}
