package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.VCard;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The calendars, contact folders and To Do lists of one Microsoft 365 mailbox through Graph v1.0, as target folders of
 * the classes calendar, contacts and tasks: listed, created by name (Graph keeps each of them flat, so a nested source
 * folder becomes one named by its path), and written from the neutral iCalendar and vCard forms
 * ({@link GraphPimJson}) one item per request with the identity stamp, so a crash or a lost ledger never duplicates an
 * item. The default calendar, contacts folder and task list are the types CALENDAR, CONTACTS and TASKS, so the
 * source's own go there whatever their names. Folder ids are prefixed by class ("calendar:", "contacts:", "todo:").
 * Endpoints: learn.microsoft.com/graph/api/user-list-calendars, user-post-calendars, calendar-post-events,
 * user-list-contactfolders, user-post-contactfolders, contactfolder-post-contacts, user-post-contacts,
 * todo-list-lists, todo-post-lists, todotasklist-post-tasks. Not thread-safe (one per engine worker).
 */
final class GraphPimStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GraphPimStore.class);
    static final String CALENDARS_READ_WRITE = "Calendars.ReadWrite";
    static final String CONTACTS_READ_WRITE = "Contacts.ReadWrite";
    static final String TASKS_READ_WRITE = "Tasks.ReadWrite.All";
    private static final String CALENDAR = "calendar:";
    private static final String CONTACTS = "contacts:";
    private static final String TODO = "todo:";
    /** The default contacts folder, which Graph reaches as /contacts and does not list among contactFolders. */
    private static final String DEFAULT_CONTACTS = CONTACTS;

    private final GraphMailboxContext box;
    private final GraphHttp http;
    private final java.util.Map<FolderClass, String> denied = new java.util.EnumMap<>(FolderClass.class);
    private List<MailFolder> known;

    GraphPimStore(GraphMailboxContext box) {
        this.box = box;
        this.http = box.http();
    }

    /**
     * The mailbox's calendars, contact folders (the default one first) and To Do lists (not "Flagged email"). A class
     * Graph refuses to list (the app lacks its permission, say) is left out and remembered: its folders are then
     * refused one by one with that sentence ({@link #ensure}), while mail and the other classes go on.
     */
    List<MailFolder> folders() throws MailboxException {
        List<MailFolder> out = new ArrayList<>();
        denied.clear();
        listClass(FolderClass.CALENDAR, () -> {
            for (JsonNode c : http.getAll(box.path() + "/calendars?$select=id,name,isDefaultCalendar&$top=100",
                    call("listing the calendars", CALENDARS_READ_WRITE, "the calendars"))) {
                out.add(folder(CALENDAR + c.path("id").asText(), c.path("name").asText(""),
                        c.path("isDefaultCalendar").asBoolean(false) ? FolderType.CALENDAR : FolderType.OTHER,
                        FolderClass.CALENDAR));
            }
        });
        listClass(FolderClass.CONTACTS, () -> {
            List<JsonNode> folders = http.getAll(box.path() + "/contactFolders?$top=100",
                    call("listing the contact folders", CONTACTS_READ_WRITE, "the contact folders"));
            out.add(folder(DEFAULT_CONTACTS, "Contacts", FolderType.CONTACTS, FolderClass.CONTACTS));
            for (JsonNode c : folders) {
                out.add(folder(CONTACTS + c.path("id").asText(), c.path("displayName").asText(""), FolderType.OTHER,
                        FolderClass.CONTACTS));
            }
        });
        listClass(FolderClass.TASKS, () -> {
            for (JsonNode l : http.getAll(box.path() + "/todo/lists",
                    call("listing the To Do lists", TASKS_READ_WRITE, "the To Do lists"))) {
                String wellKnown = l.path("wellknownListName").asText("none");
                if (!wellKnown.equals("flaggedEmails")) {
                    out.add(folder(TODO + l.path("id").asText(), l.path("displayName").asText(""),
                            wellKnown.equals("defaultList") ? FolderType.TASKS : FolderType.OTHER,
                            FolderClass.TASKS));
                }
            }
        });
        known = out;
        return out;
    }

    /** One class's listing. */
    @FunctionalInterface
    private interface Listing {
        void run() throws MailboxException;
    }

    private void listClass(FolderClass c, Listing listing) throws MailboxException {
        try {
            listing.run();
        } catch (GraphHttp.Forbidden | GraphHttp.NotFound | GraphHttp.RefusedStatus e) {
            LOG.warn("{}: {} are not available: {}", http.who(), words(c) + "s", e.getMessage());
            denied.put(c, e.getMessage());
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.FATAL) {
                throw e; // a dropped connection or a throttle: the engine retries the listing
            }
            // Graph refused the sign-in itself (no consent, no permission for Graph at all): mail written over
            // Exchange Online IMAP goes on; only this kind's folders are refused, with Graph's sentence
            LOG.warn("{}: {} are not available: {}", http.who(), words(c) + "s", e.getMessage());
            denied.put(c, e.getMessage());
        }
    }

    private static MailFolder folder(String id, String name, FolderType type, FolderClass c) {
        return new MailFolder(id, id, List.of(name), '/', type, true, c);
    }

    /**
     * The folder of class {@code c} at {@code path}: the default one when the path is its name, else the folder named
     * by the path below it (one segment: the name; deeper: the segments joined by "/"), created when missing.
     */
    MailFolder ensure(List<String> path, FolderClass c) throws MailboxException {
        if (known == null) {
            folders();
        }
        if (denied.containsKey(c)) {
            throw new MailboxException(Kind.ITEM, denied.get(c));
        }
        MailFolder standard = known.stream().filter(f -> f.folderClass() == c && f.type() != FolderType.OTHER)
                .findFirst().orElse(null);
        List<String> rest = standard != null && path.size() > 1 && path.get(0).equalsIgnoreCase(standard.path().get(0))
                ? path.subList(1, path.size()) : path;
        String name = String.join("/", rest);
        if (standard != null && path.size() == 1 && name.equalsIgnoreCase(standard.path().get(0))) {
            return standard;
        }
        MailFolder found = named(c, name);
        if (found != null) {
            return found;
        }
        try {
            create(c, name);
        } catch (GraphHttp.Refused r) {
            if (r.status != 409) {
                throw new MailboxException(Kind.ITEM, http.who() + " refused creating " + words(c) + " \"" + name
                        + "\" (HTTP " + r.status + ")" + r.words + ".", r);
            }
        }
        folders();
        found = named(c, name);
        if (found == null) {
            throw new MailboxException(Kind.ITEM, http.who() + " did not list " + words(c) + " \"" + name
                    + "\" after creating it.");
        }
        return found;
    }

    private MailFolder named(FolderClass c, String name) {
        return known.stream().filter(f -> f.folderClass() == c && f.path().get(0).equalsIgnoreCase(name)).findFirst()
                .orElse(null);
    }

    private void create(FolderClass c, String name) throws MailboxException {
        ObjectNode body = GraphHttp.JSON.createObjectNode();
        String url = switch (c) {
            case CALENDAR -> {
                body.put("name", name);
                yield box.path() + "/calendars";
            }
            case CONTACTS -> {
                body.put("displayName", name);
                yield box.path() + "/contactFolders";
            }
            default -> {
                body.put("displayName", name);
                yield box.path() + "/todo/lists";
            }
        };
        http.post(url, bytes(body), call("creating " + words(c) + " \"" + name + "\"", permission(c), "the mailbox"));
    }

    /** Items of a calendar, contact folder or To Do list, with their stamps; the cursor is Graph's next link. */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        int top = Math.max(1, Math.min(100, limit));
        FolderClass c = folder.folderClass();
        String link = cursor != null ? cursor : items(folder) + switch (c) {
            case TASKS -> "?$expand=linkedResources&$top=" + top;
            case CALENDAR -> "?$select=id,subject&$expand=" + stampExpand() + "&$top=" + top;
            default -> "?$select=id,displayName&$expand=" + stampExpand() + "&$top=" + top;
        };
        JsonNode page = http.get(link, call("listing " + where(folder), permission(c), where(folder)));
        List<ItemRef> out = new ArrayList<>();
        for (JsonNode n : page.path("value")) {
            String title = n.path(c == FolderClass.TASKS ? "title" : c == FolderClass.CALENDAR ? "subject"
                    : "displayName").asText(null);
            out.add(new ItemRef(n.path("id").asText(), 0, ItemKind.of(c), 0, null, ItemState.NONE, null,
                    HeaderDigest.of(null, null, null, null, title, 0), title, null, stampOf(n, c)));
        }
        return new Page<>(out, GraphHttp.text(page, "@odata.nextLink"));
    }

    private static String stampExpand() {
        return GraphHttp.query("singleValueExtendedProperties($filter=id eq '" + GraphProperties.STAMP + "')");
    }

    private static String stampOf(JsonNode n, FolderClass c) {
        if (c != FolderClass.TASKS) {
            return GraphProperties.value(n, GraphProperties.STAMP);
        }
        for (JsonNode r : n.path("linkedResources")) {
            if (GraphPimJson.APPLICATION.equals(r.path("applicationName").asText())) {
                return r.path("externalId").asText(null);
            }
        }
        return null;
    }

    /** Creates one item from its iCalendar or vCard bytes; an item that cannot be read or is refused is rejected. */
    WriteResult write(MailFolder folder, WriteRequest r) throws MailboxException {
        ObjectNode json;
        try (InputStream in = r.content().open()) {
            byte[] bytes = in.readAllBytes();
            json = switch (folder.folderClass()) {
                case CALENDAR -> GraphPimJson.event(ICalendar.readEvent(bytes), r.stamp());
                case CONTACTS -> GraphPimJson.contact(VCard.read(bytes), r.stamp());
                default -> GraphPimJson.task(ICalendar.readTask(bytes), r.stamp());
            };
        } catch (IOException e) {
            throw new MailboxException(Kind.FATAL, http.who() + ": could not read an item to copy (the temporary "
                    + "directory may be full or not writable).", e);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            String what = switch (folder.folderClass()) {
                case CALENDAR -> "calendar item";
                case CONTACTS -> "contact";
                default -> "task";
            };
            return WriteResult.rejected("The " + what + " could not be read from the source's data (" + e.getMessage()
                    + "), so it was not copied.");
        }
        try {
            JsonNode created = http.post(items(folder), bytes(json), call("creating an item in " + where(folder),
                    permission(folder.folderClass()), where(folder)));
            return WriteResult.stored(GraphHttp.text(created, "id"));
        } catch (GraphHttp.Refused refused) {
            return WriteResult.rejected("Microsoft Graph refused the item (HTTP " + refused.status + ")"
                    + refused.words + ".");
        }
    }

    /** The id of the item in {@code folder} carrying {@code stamp} and not in {@code taken}, or null. */
    String lookUp(MailFolder folder, String stamp, Set<String> taken) throws MailboxException {
        if (folder.folderClass() == FolderClass.TASKS) {
            String cursor = null;
            do {
                Page<ItemRef> page = list(folder, cursor, 100);
                for (ItemRef i : page.items()) {
                    if (stamp.equals(i.stamp()) && !taken.contains(i.id())) {
                        return i.id();
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            return null;
        }
        JsonNode page = http.get(items(folder) + "?$filter=" + GraphHttp.query(GraphProperties.stampFilter(stamp))
                + "&$select=id&$top=10", call("looking for interrupted writes in " + where(folder),
                permission(folder.folderClass()), where(folder)));
        for (JsonNode n : page.path("value")) {
            String id = n.path("id").asText(null);
            if (id != null && !taken.contains(id)) {
                return id;
            }
        }
        return null;
    }

    /** Deletes items (duplicate policy OVERWRITE); items already gone are ignored. */
    void delete(MailFolder folder, List<String> ids) throws MailboxException {
        GraphHttp.Call call = call("deleting items of " + where(folder), permission(folder.folderClass()),
                "an item of " + where(folder));
        for (String id : ids) {
            String url = switch (folder.folderClass()) {
                case CALENDAR -> box.path() + "/events/" + GraphHttp.segment(id);
                case CONTACTS -> box.path() + "/contacts/" + GraphHttp.segment(id);
                default -> items(folder) + "/" + GraphHttp.segment(id);
            };
            try {
                http.delete(url, call);
            } catch (GraphHttp.NotFound gone) {
                // deleted meanwhile: what was asked for holds
            }
        }
    }

    private String items(MailFolder folder) {
        String id = folder.id();
        if (id.startsWith(CALENDAR)) {
            return box.path() + "/calendars/" + GraphHttp.segment(id.substring(CALENDAR.length())) + "/events";
        }
        if (id.equals(DEFAULT_CONTACTS)) {
            return box.path() + "/contacts";
        }
        if (id.startsWith(CONTACTS)) {
            return box.path() + "/contactFolders/" + GraphHttp.segment(id.substring(CONTACTS.length()))
                    + "/contacts";
        }
        return box.path() + "/todo/lists/" + GraphHttp.segment(id.substring(TODO.length())) + "/tasks";
    }

    static String permission(FolderClass c) {
        return switch (c) {
            case CALENDAR -> CALENDARS_READ_WRITE;
            case CONTACTS -> CONTACTS_READ_WRITE;
            default -> TASKS_READ_WRITE;
        };
    }

    private static String words(FolderClass c) {
        return switch (c) {
            case CALENDAR -> "calendar";
            case CONTACTS -> "contact folder";
            default -> "To Do list";
        };
    }

    private static String where(MailFolder f) {
        return words(f.folderClass()) + " \"" + f.displayPath() + "\"";
    }

    private static GraphHttp.Call call(String action, String permission, String subject) {
        return new GraphHttp.Call(action, permission, subject);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return GraphHttp.JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Graph request", e);
        }
    }
}
