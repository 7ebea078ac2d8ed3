package io.mailferry.model.job;

import java.util.Locale;

/**
 * What kind of items a folder holds: mail, a calendar, contacts or tasks (Exchange's folder classes IPF.Note,
 * IPF.Appointment, IPF.Contact and IPF.Task; Microsoft 365's mail folders, calendars, contact folders and To Do lists).
 * A job selects the kinds it migrates by these ({@link FolderFilter#kinds}); IMAP servers hold mail only.
 */
public enum FolderClass {
    MAIL,
    CALENDAR,
    CONTACTS,
    TASKS;

    /** The lower-case word used on the command line and in the docs: "mail", "calendar", "contacts", "tasks". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
