package io.mailferry.service.engine.port;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import java.util.List;

/**
 * A folder on either side, as listed.
 *
 * @param id         the connector's identity of the folder, stable across passes (IMAP: the decoded path joined by
 *                   "/", a "/" inside a name escaped (ADR 0049), as IMAP has no folder id that survives a rename;
 *                   Graph/EWS: the folder id, which a rename keeps). The ledger and checkpoints are keyed by it
 * @param handle     the connector's own name for the folder (IMAP: the full name as Angus Mail decodes it), used only
 *                   by the connector that produced it
 * @param path       decoded segments from the root, e.g. ["Projects", "Überblick"]; INBOX is ["INBOX"]. For mapping,
 *                   filters, display and reports only
 * @param separator  the hierarchy separator the source's admins type paths with (IMAP: the server's), 0 when none
 * @param type       special-use / well-known type (INBOX, SENT, ... or OTHER)
 * @param selectable false for containers that hold only subfolders
 * @param folderClass what kind of items the folder holds (mail, calendar, contacts, tasks); its items are of the
 *                    matching {@link ItemKind} (a mail folder may hold items of other kinds too)
 */
public record MailFolder(String id, String handle, List<String> path, char separator, FolderType type,
        boolean selectable, FolderClass folderClass) {
    public MailFolder {
        path = List.copyOf(path);
        folderClass = folderClass == null ? FolderClass.MAIL : folderClass;
    }

    /** A mail folder. */
    public MailFolder(String id, String handle, List<String> path, char separator, FolderType type,
            boolean selectable) {
        this(id, handle, path, separator, type, selectable, FolderClass.MAIL);
    }

    /** Path joined with "/", for filters, rename rules and reports. */
    public String displayPath() {
        return String.join("/", path);
    }
}
