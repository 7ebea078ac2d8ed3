package io.mailferry.service.connector.ews.doubles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One mailbox of the double: its folders (distinguished ones by their EWS ids), items and deletions. */
final class DoubleMailbox {
    /** One folder. */
    static final class Folder {
        final String id;
        final String parentId;
        String name;
        final String folderClass;
        final String distinguished;

        Folder(String id, String parentId, String name, String folderClass, String distinguished) {
            this.id = id;
            this.parentId = parentId;
            this.name = name;
            this.folderClass = folderClass;
            this.distinguished = distinguished;
        }

        /** The element a folder of this class is rendered as. */
        String element() {
            String c = folderClass == null ? "" : folderClass;
            return c.startsWith("IPF.Appointment") ? "CalendarFolder" : c.startsWith("IPF.Contact")
                    ? "ContactsFolder" : c.startsWith("IPF.Task") ? "TasksFolder" : "Folder";
        }
    }

    /** A deleted item, for SyncFolderItems' Delete changes. */
    record Tombstone(String id, String folderId, long created, long deleted) {
    }

    final String address;
    final String name;
    final Map<String, Folder> folders = new LinkedHashMap<>();
    final Map<String, DoubleItem> items = new LinkedHashMap<>();
    final List<Tombstone> deleted = new ArrayList<>();

    DoubleMailbox(String address, String name) {
        this.address = address;
        this.name = name;
    }

    Folder distinguished(String id) {
        for (Folder f : folders.values()) {
            if (id.equalsIgnoreCase(f.distinguished)) {
                return f;
            }
        }
        return null;
    }

    Folder root() {
        return distinguished("msgfolderroot");
    }

    List<Folder> children(String parentId) {
        List<Folder> out = new ArrayList<>();
        for (Folder f : folders.values()) {
            if (parentId.equals(f.parentId)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every folder below {@code parentId}, depth first. */
    List<Folder> descendants(String parentId) {
        List<Folder> out = new ArrayList<>();
        for (Folder f : children(parentId)) {
            out.add(f);
            out.addAll(descendants(f.id));
        }
        return out;
    }

    List<DoubleItem> itemsOf(String folderId) {
        List<DoubleItem> out = new ArrayList<>();
        for (DoubleItem i : items.values()) {
            if (folderId.equals(i.folderId)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The folder at {@code path} of display names ("INBOX" first is the inbox), or null. */
    Folder at(List<String> path) {
        Folder at = root();
        for (int i = 0; i < path.size(); i++) {
            String n = path.get(i);
            Folder next = null;
            if (i == 0 && n.equalsIgnoreCase("INBOX")) {
                next = distinguished("inbox");
            } else {
                for (Folder c : children(at.id)) {
                    if (c.name.equalsIgnoreCase(n)) {
                        next = c;
                    }
                }
            }
            if (next == null) {
                return null;
            }
            at = next;
        }
        return at;
    }
}
