package io.mailferry.service.connector.graph.doubles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One Exchange Online mailbox of the double: a folder tree under a hidden root (msgfolderroot) with the well-known
 * folders named as the mailbox's language names them, hidden folders, the messages, and per folder the tombstones of
 * deleted messages (what delta reports as {@code @removed}). Guarded by the double's lock.
 */
final class DoubleMailbox {
    /** learn.microsoft.com/graph/api/resources/mailfolder, "Well-known folder names". */
    static final Set<String> WELL_KNOWN = Set.of("archive", "clutter", "conflicts", "conversationhistory",
            "deleteditems", "drafts", "inbox", "junkemail", "localfailures", "msgfolderroot", "outbox",
            "recoverableitemsdeletions", "scheduled", "searchfolders", "sentitems", "serverfailures", "syncissues");

    static final class Folder {
        final String id;
        String parentId;
        String displayName;
        final boolean hidden;
        /** Deleted message id to the change sequence of its deletion. */
        final Map<String, Long> tombstones = new LinkedHashMap<>();

        Folder(String id, String parentId, String displayName, boolean hidden) {
            this.id = id;
            this.parentId = parentId;
            this.displayName = displayName;
            this.hidden = hidden;
        }
    }

    final Map<String, Folder> folders = new LinkedHashMap<>();
    final Map<String, String> wellKnown = new LinkedHashMap<>();
    final Map<String, DoubleMessage> messages = new LinkedHashMap<>();
    final String rootId;

    /** @param names well-known name to display name, in the order the folders are created */
    DoubleMailbox(Map<String, String> names, Supplier<String> folderIds) {
        rootId = folderIds.get();
        folders.put(rootId, new Folder(rootId, null, "Top of Information Store", false));
        wellKnown.put("msgfolderroot", rootId);
        names.forEach((wk, name) -> {
            Folder f = new Folder(folderIds.get(), rootId, name, false);
            folders.put(f.id, f);
            wellKnown.put(wk, f.id);
        });
    }

    /** The folder named by an id or a well-known name (any case), or null. */
    Folder folder(String idOrName) {
        String lower = idOrName.toLowerCase(Locale.ROOT);
        if (WELL_KNOWN.contains(lower)) {
            String id = wellKnown.get(lower);
            return id == null ? null : folders.get(id);
        }
        return folders.get(idOrName);
    }

    List<Folder> children(String parentId, boolean includeHidden) {
        List<Folder> out = new ArrayList<>();
        for (Folder f : folders.values()) {
            if (parentId.equals(f.parentId) && (includeHidden || !f.hidden)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The folder at {@code path} of display names below the root (case-insensitive, as Exchange compares them), made
     * with its parents when missing; a first segment "INBOX" is the inbox, whatever its display name.
     */
    Folder ensure(List<String> path, boolean hidden, Supplier<String> folderIds) {
        Folder at = folders.get(rootId);
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            if (i == 0 && name.equalsIgnoreCase("INBOX") && wellKnown.containsKey("inbox")) {
                at = folders.get(wellKnown.get("inbox"));
                continue;
            }
            Folder found = null;
            for (Folder c : children(at.id, true)) {
                if (c.displayName.equalsIgnoreCase(name)) {
                    found = c;
                }
            }
            if (found == null) {
                found = new Folder(folderIds.get(), at.id, name, hidden && i == path.size() - 1);
                folders.put(found.id, found);
            }
            at = found;
        }
        return at;
    }

    /** The folder's messages, newest received first (Graph's default order for message listings). */
    List<DoubleMessage> in(String folderId) {
        List<DoubleMessage> out = new ArrayList<>();
        for (DoubleMessage m : messages.values()) {
            if (m.folderId.equals(folderId)) {
                out.add(m);
            }
        }
        out.sort((a, b) -> {
            int c = b.received.compareTo(a.received);
            return c != 0 ? c : Long.compare(b.arrival, a.arrival);
        });
        return out;
    }

    int childCount(String folderId) {
        return (int) folders.values().stream().filter(f -> folderId.equals(f.parentId)).count();
    }
}
