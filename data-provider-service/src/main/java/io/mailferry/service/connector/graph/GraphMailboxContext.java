package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.ListingRollCall;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every session on one mailbox shares: its {@link GraphHttp} (so the cap on concurrent requests holds across the
 * engine's workers) and the ids of its well-known folders, resolved once by their locale-independent names
 * (learn.microsoft.com/graph/api/resources/mailfolder, "Well-known folder names"): a German mailbox's "Posteingang" is
 * the inbox as much as an English one's "Inbox". Thread-safe.
 */
final class GraphMailboxContext {
    /** Well-known names and the folder types they stand for, in the order they are asked for. */
    static final Map<String, FolderType> WELL_KNOWN = wellKnown();

    private final String mailbox;
    private final GraphHttp http;
    private final String path;
    private final String permission;
    private volatile Map<String, FolderType> types;
    private final ListingRollCall.UnderWay listings = new ListingRollCall.UnderWay();

    GraphMailboxContext(String mailbox, GraphHttp http) {
        this(mailbox, http, GraphHttp.MAIL_READ);
    }

    /** @param permission the application permission this side needs, named when Graph denies access */
    GraphMailboxContext(String mailbox, GraphHttp http, String permission) {
        this.mailbox = mailbox;
        this.http = http;
        this.path = "/users/" + GraphHttp.segment(mailbox);
        this.permission = permission;
    }

    /** Mail.Read for a source, Mail.ReadWrite for a target. */
    String permission() {
        return permission;
    }

    private static Map<String, FolderType> wellKnown() {
        Map<String, FolderType> m = new LinkedHashMap<>();
        m.put("inbox", FolderType.INBOX);
        m.put("sentitems", FolderType.SENT);
        m.put("drafts", FolderType.DRAFTS);
        m.put("deleteditems", FolderType.TRASH);
        m.put("junkemail", FolderType.JUNK);
        m.put("archive", FolderType.ARCHIVE);
        return java.util.Collections.unmodifiableMap(m);
    }

    String mailbox() {
        return mailbox;
    }

    GraphHttp http() {
        return http;
    }

    private volatile java.util.Set<String> folderIds = java.util.Set.of();

    /** The ids of the mailbox's folders as its folder listing last gave them. */
    void knownFolders(java.util.Collection<String> ids) {
        folderIds = java.util.Set.copyOf(ids);
    }

    /**
     * True when an item of folder {@code folderId}, read by id, has moved to another folder of the mailbox meanwhile
     * ({@code parent}, its {@code parentFolderId}, names another listed folder); false when it names this folder or
     * none the folder listing gave (a search folder, another form of id): then it is taken as still here.
     */
    boolean movedAway(String parent, String folderId) {
        return parent != null && !parent.equals(folderId) && folderIds.contains(parent);
    }

    /** The roll calls of the listings under way on this mailbox, whichever session continues them. */
    ListingRollCall.UnderWay listings() {
        return listings;
    }

    /** "/users/{mailbox}", the start of every path of this mailbox. */
    String path() {
        return path;
    }

    /**
     * Folder id to type of the well-known folders the mailbox has ({@code GET /users/{m}/mailFolders/{name}?$select=id}
     * each, once); a mailbox without an archive folder simply has no ARCHIVE. A missing inbox means there is no such
     * mailbox: FATAL.
     */
    synchronized Map<String, FolderType> types() throws MailboxException {
        if (types != null) {
            return types;
        }
        Map<String, FolderType> found = new LinkedHashMap<>();
        for (Map.Entry<String, FolderType> e : WELL_KNOWN.entrySet()) {
            GraphHttp.Call call = new GraphHttp.Call("looking up its " + e.getKey() + " folder", permission,
                    "the " + e.getKey() + " folder");
            try {
                JsonNode f = http.get(path + "/mailFolders/" + e.getKey() + "?$select=id", call);
                String id = GraphHttp.text(f, "id");
                if (id != null) {
                    found.putIfAbsent(id, e.getValue());
                }
            } catch (GraphHttp.NotFound missing) {
                if (e.getValue() == FolderType.INBOX) {
                    throw new MailboxException(Kind.FATAL, http.who() + " does not exist in the tenant or has no "
                            + "Exchange Online mailbox" + (missing.code == null || missing.code.isEmpty() ? ""
                            : " (" + missing.code + ")") + ".", missing);
                }
            }
        }
        types = java.util.Collections.unmodifiableMap(found);
        return types;
    }

    /**
     * {@code DELETE /users/{m}/messages/{id}} per item (learn.microsoft.com/graph/api/message-delete; needs
     * Mail.ReadWrite); Exchange keeps deleted items in the mailbox's Recoverable Items for its retention time. Items
     * already gone are ignored. {@code where} names the folder in messages ("folder \"Inbox\"").
     */
    void deleteMessages(String where, java.util.List<String> ids) throws MailboxException {
        GraphHttp.Call call = new GraphHttp.Call("deleting messages from " + where, GraphHttp.MAIL_READ_WRITE,
                "a message of " + where);
        for (String id : ids) {
            try {
                http.delete(path + "/messages/" + GraphHttp.segment(id), call);
            } catch (GraphHttp.NotFound alreadyGone) {
                // deleted meanwhile: what was asked for holds
            }
        }
    }

    /** The inbox's id (after {@link #types}). */
    String inboxId() throws MailboxException {
        for (Map.Entry<String, FolderType> e : types().entrySet()) {
            if (e.getValue() == FolderType.INBOX) {
                return e.getKey();
            }
        }
        return null;
    }
}
