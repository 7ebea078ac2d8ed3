package io.mailferry.service.engine;

import io.mailferry.model.job.FolderType;
import java.util.List;

/**
 * A folder on either side, as listed. {@code path} holds the decoded (Unicode) names from the root, whatever the
 * server's hierarchy separator or its modified UTF-7; {@code fullName} is the server's own name, used only by the
 * connector that produced it.
 *
 * @param fullName    the connector's handle (IMAP: full name as Angus Mail decodes it)
 * @param path        decoded segments from the root, e.g. ["Projects", "Überblick"]; INBOX is ["INBOX"]
 * @param separator   the server's hierarchy separator
 * @param type        special-use type (INBOX, SENT, ... or OTHER)
 * @param selectable  false for \Noselect containers that hold only subfolders
 */
public record MailFolder(String fullName, List<String> path, char separator, FolderType type, boolean selectable) {
    public MailFolder {
        path = List.copyOf(path);
    }

    /** Path joined with "/", for filters, rename rules, the ledger key and reports. */
    public String displayPath() {
        return String.join("/", path);
    }
}
