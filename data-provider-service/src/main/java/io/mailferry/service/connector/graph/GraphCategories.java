package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.service.engine.port.MailboxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Outlook categories of messages a Microsoft 365 mailbox received some other way (over Exchange Online IMAP, which
 * keeps no keywords), found by their Internet-Message-ID in a folder named by its path ("INBOX" first is the inbox,
 * whatever the mailbox's language; every other segment a display name, compared case-insensitively as Exchange does).
 * Needs {@code Mail.ReadWrite}; a 403 is {@link Denied}, throttling THROTTLED with Graph's Retry-After, as every Graph
 * call. Not thread-safe (one per engine session); sessions of one mailbox share its request cap.
 */
public final class GraphCategories {
    private final GraphMailboxContext box;
    private final GraphHttp http;
    /** Folder ids by lower-case path (segments joined by NUL); "" for a path Graph does not have. */
    private final Map<String, String> folders = new HashMap<>();

    /** What {@link #set} did. */
    public enum Outcome {
        /** The message's categories were changed. */
        SET,
        /** The message already had exactly these categories: nothing was sent. */
        UNCHANGED,
        /** No message with that Internet-Message-ID is in the folder (or the folder is not there). */
        NOT_FOUND
    }

    /** Graph denied the app this mailbox's messages: no {@code Mail.ReadWrite}, or the mailbox is outside its scope. */
    public static final class Denied extends MailboxException {
        Denied(MailboxException cause) {
            super(Kind.FATAL, cause.getMessage(), cause);
        }
    }

    GraphCategories(GraphMailboxContext box) {
        this.box = box;
        this.http = box.http();
    }

    /** The sentence naming this side and mailbox ("Target Microsoft 365 mailbox anna@contoso.com"). */
    public String who() {
        return http.who();
    }

    /**
     * The categories of the folder's messages that have any, by Internet-Message-ID as Graph spells it (with its angle
     * brackets), paged 1000 at a time ({@code GET /users/{m}/mailFolders/{id}/messages?$select=internetMessageId,
     * categories}, learn.microsoft.com/graph/api/mailfolder-list-messages). Messages without categories are left out,
     * so what is kept grows with the categorised messages only. Empty when Graph has no such folder.
     */
    public Map<String, Set<String>> inFolder(List<String> path) throws MailboxException {
        String folder = folderId(path);
        Map<String, Set<String>> out = new HashMap<>();
        if (folder == null) {
            return out;
        }
        GraphHttp.Call call = call("reading the categories of the messages in " + where(path), path);
        String link = GraphFolderTree.folderPath(box, folder) + "/messages?$select=internetMessageId,categories&$top="
                + GraphSourceMailbox.MAX_PAGE;
        while (link != null) {
            JsonNode page = get(link, call);
            for (JsonNode m : page.path("value")) {
                String mid = GraphHttp.text(m, "internetMessageId");
                Set<String> categories = categories(m);
                if (mid != null && !categories.isEmpty()) {
                    out.merge(mid.trim(), categories, (a, b) -> a); // the first of two copies decides
                }
            }
            link = GraphHttp.text(page, "@odata.nextLink");
        }
        return out;
    }

    /**
     * Gives every message of the folder whose Internet-Message-ID is {@code internetMessageId} exactly
     * {@code categories}: found with {@code $filter=internetMessageId eq '...'} (MICROSOFT.md §1.6), then
     * {@code PATCH /users/{m}/messages/{id} {"categories":[...]}} (learn.microsoft.com/graph/api/message-update: the
     * whole list is replaced, so setting it twice changes nothing) only where they differ, compared case-insensitively
     * as Outlook does. A message Graph refuses or that vanished meanwhile is left as it is.
     */
    public Outcome set(List<String> path, String internetMessageId, Collection<String> categories)
            throws MailboxException {
        String folder = folderId(path);
        if (folder == null || internetMessageId == null || internetMessageId.isBlank()) {
            return Outcome.NOT_FOUND;
        }
        GraphHttp.Call call = call("setting the categories of a message in " + where(path), path);
        JsonNode page = get(GraphFolderTree.folderPath(box, folder) + "/messages?$filter=" + GraphHttp.query(
                "internetMessageId eq '" + internetMessageId.trim().replace("'", "''") + "'")
                + "&$select=id,categories&$top=10", call);
        Set<String> wanted = caseless(categories);
        Outcome outcome = Outcome.NOT_FOUND;
        for (JsonNode m : page.path("value")) {
            String id = GraphHttp.text(m, "id");
            if (id == null) {
                continue;
            }
            Set<String> now = caseless(categories(m));
            if (now.equals(wanted)) {
                outcome = outcome == Outcome.SET ? Outcome.SET : Outcome.UNCHANGED;
                continue;
            }
            try {
                http.patch(box.path() + "/messages/" + GraphHttp.segment(id), body(categories), call);
                outcome = Outcome.SET;
            } catch (GraphHttp.NotFound | GraphHttp.Refused gone) {
                outcome = outcome == Outcome.SET ? Outcome.SET : Outcome.NOT_FOUND;
            } catch (MailboxException e) {
                throw denied(e);
            }
        }
        return outcome;
    }

    private JsonNode get(String link, GraphHttp.Call call) throws MailboxException {
        try {
            return http.get(link, call);
        } catch (MailboxException e) {
            throw denied(e);
        }
    }

    /** The folder's id by walking its path from the top, once per path; null when Graph has no such folder. */
    private String folderId(List<String> path) throws MailboxException {
        String key = String.join("\u0000", path).toLowerCase(Locale.ROOT);
        String known = folders.get(key);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String at = null;
        try {
            for (int i = 0; i < path.size(); i++) {
                String name = path.get(i);
                if (i == 0 && name.equalsIgnoreCase("INBOX")) {
                    at = box.inboxId();
                    continue;
                }
                String parent = at;
                at = null;
                GraphHttp.Call call = call("looking up folder \"" + String.join("/", path) + "\"", path);
                for (JsonNode f : GraphFolderTree.children(box, parent, call)) {
                    if (f.path("displayName").asText("").equalsIgnoreCase(name)) {
                        at = GraphHttp.text(f, "id");
                    }
                }
                if (at == null) {
                    break;
                }
            }
        } catch (GraphHttp.NotFound gone) {
            at = null;
        } catch (MailboxException e) {
            throw denied(e);
        }
        if (path.isEmpty()) {
            at = null;
        }
        folders.put(key, at == null ? "" : at);
        return at;
    }

    /** A 403 as {@link Denied}; anything else as it is. */
    private static MailboxException denied(MailboxException e) {
        return e instanceof GraphHttp.Forbidden ? new Denied(e) : e;
    }

    private static GraphHttp.Call call(String action, List<String> path) {
        return new GraphHttp.Call(action, GraphHttp.MAIL_READ_WRITE, where(path));
    }

    private static String where(List<String> path) {
        return "folder \"" + String.join("/", path) + "\"";
    }

    private static Set<String> categories(JsonNode m) {
        Set<String> out = new LinkedHashSet<>();
        m.path("categories").forEach(c -> {
            if (!c.asText("").isBlank()) {
                out.add(c.asText());
            }
        });
        return out;
    }

    private static Set<String> caseless(Collection<String> names) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        out.addAll(names);
        return out;
    }

    private static byte[] body(Collection<String> categories) {
        ObjectNode o = GraphHttp.JSON.createObjectNode();
        ArrayNode a = o.putArray("categories");
        new ArrayList<>(categories).forEach(a::add);
        try {
            return GraphHttp.JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Graph request", e);
        }
    }
}
