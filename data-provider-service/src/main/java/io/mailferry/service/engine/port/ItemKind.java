package io.mailferry.service.engine.port;

import io.mailferry.model.job.FolderClass;

/**
 * What an item is, and so what its content bytes are: mail messages travel as MIME (RFC 5322), events as an
 * iCalendar VEVENT and tasks as an iCalendar VTODO (RFC 5545), contacts as a vCard 4.0 (RFC 6350) — see the
 * {@code interchange} package. The engine never reads them; connectors translate. The non-mail kinds keep their kind
 * between connectors that hold them (Exchange and Microsoft 365) and are reported as not copied, with the reason,
 * where a target cannot hold them (IMAP).
 */
public enum ItemKind {
    MESSAGE(FolderClass.MAIL, "mail messages"),
    EVENT(FolderClass.CALENDAR, "calendar items"),
    CONTACT(FolderClass.CONTACTS, "contacts"),
    TASK(FolderClass.TASKS, "tasks"),
    /**
     * A contact group (Outlook's distribution list, IPM.DistList): listed among a contacts folder's items, held by no
     * target yet, so reported as not copied with the reason rather than failed on every pass.
     */
    CONTACT_GROUP(FolderClass.CONTACTS, "contact groups (distribution lists)");

    private final FolderClass folderClass;
    private final String plural;

    ItemKind(FolderClass folderClass, String plural) {
        this.folderClass = folderClass;
        this.plural = plural;
    }

    /** The class of folder that holds items of this kind. */
    public FolderClass folderClass() {
        return folderClass;
    }

    /** The kind of the items a folder of {@code c} holds (contacts for a contacts folder). */
    public static ItemKind of(FolderClass c) {
        for (ItemKind k : values()) {
            if (k.folderClass == c) {
                return k;
            }
        }
        return MESSAGE;
    }

    /** "calendar items", "contacts", "tasks", "mail messages": for sentences. */
    public String plural() {
        return plural;
    }
}
