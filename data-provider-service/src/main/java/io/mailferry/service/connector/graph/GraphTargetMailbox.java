package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderPaths;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.ReleasedContentException;
import io.mailferry.service.engine.port.StampedArrivals;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write side of one Microsoft 365 mailbox through Graph v1.0, for tenants where IMAP is switched off (ADR 0010): each
 * message is created from JSON rebuilt from its MIME ({@link GraphMessageJson}) with PidTagMessageFlags, the delivery
 * and submit times and our identity stamp set in the create call, so it lands as received mail, never a draft, and a
 * crash or a lost ledger never duplicates it ({@link #arrived} looks the stamp up). Lossy by design: not byte-identical,
 * at most 4 MB per message with its attachments. Folders are created by display name below their parent; the
 * well-known ones (inbox, sent items, ...) are found by their ids whatever the mailbox's language, never created twice.
 * Every refusal of one message (400, 413) is that item's failure; 429/503/504 are THROTTLED with Graph's Retry-After.
 * Not thread-safe (one instance per engine worker); sessions of one mailbox share its request cap.
 */
public final class GraphTargetMailbox implements TargetMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(GraphTargetMailbox.class);
    /** Not byte-identical; stamps; folder ids survive renames; at most one request's worth per message. */
    static final Capabilities CAPABILITIES = new Capabilities(GraphMessageJson.REQUEST_LIMIT, false, true, false,
            Set.of(ItemKind.MESSAGE), new FolderNameRules(false, Set.of(), ""), false, true);

    private final GraphMailboxContext box;
    private final GraphHttp http;
    /** Known folders by lower-case path (segments joined by NUL). */
    private Map<String, MailFolder> byPath;
    /**
     * What this session knows of the stamps of its last write: the target id of an item it created, or NOT_STORED for
     * one Graph certainly did not store (refused, throttled, never sent). A stamp missing here is looked up.
     */
    private final Map<String, String> written = new HashMap<>();

    GraphTargetMailbox(GraphMailboxContext box) throws MailboxException {
        this.box = box;
        this.http = box.http();
        box.types(); // fails early for a mailbox that does not exist, a refused token or a missing permission
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        List<MailFolder> all = GraphFolderTree.list(box, box.permission());
        byPath = new HashMap<>();
        all.forEach(this::remember);
        return all;
    }

    private void remember(MailFolder f) {
        byPath.put(FolderPaths.key(f.path()), f);
    }

    /**
     * Walks {@code path} from the top ({@link FolderPaths}): "INBOX" first is the inbox; every other segment is the
     * subfolder of that display name (compared case-insensitively, as Exchange does), looked for in what was listed,
     * then among the parent's subfolders as Graph lists them now (another client may have made it), and created only
     * when missing. A create that meets ErrorFolderExists (a race with another worker) takes the folder that exists.
     */
    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        if (byPath == null) {
            folders();
        }
        return FolderPaths.ensure(path, byPath, this::listed, this::create);
    }

    /** The subfolder {@code name} of {@code parent} (null: the top) as Graph lists it now, or null. */
    private MailFolder listed(MailFolder parent, String name) throws MailboxException {
        GraphHttp.Call call = new GraphHttp.Call("listing the subfolders of " + where(parent), box.permission(),
                where(parent));
        Map<String, FolderType> types = box.types();
        String inbox = box.inboxId();
        MailFolder match = null;
        for (JsonNode f : GraphFolderTree.children(box, parent == null ? null : parent.id(), call)) {
            MailFolder mf = GraphFolderTree.folder(f, parent == null ? List.of() : parent.path(), types, inbox);
            remember(mf);
            if (f.path("displayName").asText("").equalsIgnoreCase(name)) {
                match = mf;
            }
        }
        return match;
    }

    /**
     * {@code POST /users/{m}/mailFolders} or {@code .../mailFolders/{id}/childFolders} with {@code displayName}
     * (learn.microsoft.com/graph/api/user-post-mailfolders, mailfolder-post-childfolders).
     */
    private MailFolder create(MailFolder parent, String name) throws MailboxException {
        String what = "folder \"" + name + "\"" + (parent == null ? "" : " in " + where(parent));
        GraphHttp.Call call = new GraphHttp.Call("creating " + what, GraphHttp.MAIL_READ_WRITE, where(parent));
        ObjectNode body = GraphHttp.JSON.createObjectNode().put("displayName", name).put("isHidden", false);
        String url = parent == null ? box.path() + "/mailFolders"
                : GraphFolderTree.folderPath(box, parent.id()) + "/childFolders";
        try {
            JsonNode f = http.post(url, bytes(body), call);
            MailFolder mf = GraphFolderTree.folder(f, parent == null ? List.of() : parent.path(), box.types(),
                    box.inboxId());
            remember(mf);
            return mf;
        } catch (GraphHttp.Refused r) {
            if (r.status == 409) {
                MailFolder exists = listed(parent, name);
                if (exists != null) {
                    return exists;
                }
            }
            throw new MailboxException(Kind.ITEM, http.who() + " refused creating " + what + " (HTTP " + r.status
                    + ")" + r.words + ".", r);
        }
    }

    private static String where(MailFolder f) {
        return f == null ? "the top of the mailbox" : "folder \"" + f.displayPath() + "\"";
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        JsonNode f = http.get(GraphFolderTree.folderPath(box, folder.id()) + "?$select=totalItemCount",
                new GraphHttp.Call("reading the state of " + where(folder), box.permission(), where(folder)));
        return new FolderState(GraphSourceMailbox.EPOCH, null, f.path("totalItemCount").asLong(-1));
    }

    /** Newest first, as Graph lists; the cursor is Graph's next link (followed only to Graph's own host). */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        int top = Math.max(1, Math.min(GraphSourceMailbox.MAX_PAGE, limit));
        GraphHttp.Call call = new GraphHttp.Call("listing " + where(folder), box.permission(), where(folder));
        String link = cursor != null ? cursor
                : GraphFolderTree.folderPath(box, folder.id()) + "/messages?" + GraphItems.TARGET_QUERY + "&$top=" + top;
        JsonNode page = http.get(link, call);
        List<ItemRef> items = new ArrayList<>();
        page.path("value").forEach(m -> items.add(GraphItems.targetRef(m)));
        return new Page<>(items, GraphHttp.text(page, "@odata.nextLink"));
    }

    @Override
    public String writeMark(MailFolder folder) {
        return null; // written items are found by their stamp
    }

    /**
     * One create per message ({@code POST .../mailFolders/{id}/messages}). A message that cannot be rebuilt or does not
     * fit one request, and one Graph refuses, get a rejected result; throttling and network trouble throw (the items
     * created so far are known to {@link #arrived}).
     */
    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        StampedArrivals.begin(written, items);
        String url = GraphFolderTree.folderPath(box, folder.id()) + "/messages";
        List<WriteResult> results = new ArrayList<>(items.size());
        for (WriteRequest r : items) {
            results.add(writeOne(folder, url, r));
        }
        return results;
    }

    private WriteResult writeOne(MailFolder folder, String url, WriteRequest r) throws MailboxException {
        GraphMessageJson.Built built;
        try {
            built = GraphMessageJson.build(r.content(), r.state(), r.received(), r.stamp());
        } catch (IOException e) {
            if (ReleasedContentException.in(e)) {
                throw new MailboxException(Kind.CONNECTION, ReleasedContentException.SENTENCE, e);
            }
            throw new MailboxException(Kind.FATAL, http.who() + ": could not prepare a message for Microsoft Graph "
                    + "(the temporary directory may be full or not writable).", e);
        }
        if (!built.ok()) {
            return WriteResult.rejected(built.refusal());
        }
        String subject = r.source() == null || r.source().subject() == null ? "" : "\"" + r.source().subject() + "\" ";
        GraphHttp.Call call = new GraphHttp.Call("creating message " + subject + "in " + where(folder),
                GraphHttp.MAIL_READ_WRITE, where(folder));
        JsonNode created;
        try {
            created = http.post(url, built.json(), call);
        } catch (GraphHttp.Refused refused) {
            return WriteResult.rejected(refusal(refused));
        } catch (GraphHttp.Throttled t) {
            if (!t.notCarriedOut() && r.stamp() != null) {
                written.remove(r.stamp()); // a gateway timeout: it may have been stored, look it up
            }
            throw t;
        } catch (MailboxException e) {
            if (r.stamp() != null) {
                written.remove(r.stamp());
            }
            throw e;
        }
        String id = GraphHttp.text(created, "id");
        if (created.path("isDraft").asBoolean(false) && !r.state().draft()) {
            // Exchange ignored PidTagMessageFlags: a draft is not what was asked for, and it cannot be fixed later
            String refused = "Microsoft 365 stored the message as a draft although it was created as received mail";
            try {
                box.deleteMessages(where(folder), List.of(id));
            } catch (MailboxException e) {
                // the item's failure either way: thrown, the draft would be found by its stamp and taken for the copy,
                // or the message created again beside it
                return WriteResult.rejected(refused + ", and removing that draft failed too (" + e.getMessage()
                        + "): delete it from " + where(folder) + " by hand. Choose the IMAP write path for this "
                        + "connection.");
            }
            return WriteResult.rejected(refused + "; it was removed again. Choose the IMAP write path for this "
                    + "connection.");
        }
        if (r.stamp() != null) {
            written.put(r.stamp(), id);
        }
        return WriteResult.stored(id);
    }

    private static String refusal(GraphHttp.Refused r) {
        if (r.status == 413) {
            return "Microsoft Graph refused the message as too large for one request (HTTP 413, at most 4 MB with "
                    + "its attachments); choose the IMAP write path for this connection to copy it.";
        }
        return "Microsoft Graph refused the message (HTTP " + r.status + ")" + r.words + ".";
    }

    /**
     * Each pending write's stamp: what this session's last write knows, else {@code GET .../messages?$filter=} on the
     * stamp property in the folder (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get). Items in
     * {@code own} and items already answered are never answered again; a write without stamp cannot be told (null).
     */
    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        GraphHttp.Call call = new GraphHttp.Call("looking for interrupted writes in " + where(folder),
                box.permission(), where(folder));
        return StampedArrivals.match(pending, own, written, (stamp, taken) -> lookUp(folder, stamp, taken, call));
    }

    private String lookUp(MailFolder folder, String stamp, Set<String> taken, GraphHttp.Call call)
            throws MailboxException {
        JsonNode page = http.get(GraphFolderTree.folderPath(box, folder.id()) + "/messages?$filter="
                + GraphHttp.query(GraphProperties.stampFilter(stamp)) + "&$select=id&$top=10", call);
        for (JsonNode m : page.path("value")) {
            String id = m.path("id").asText(null);
            if (id != null && !taken.contains(id)) {
                return id;
            }
        }
        return null;
    }

    /** A message's pending deletion (IMAP's \Deleted) has no place in Exchange: never compared, never set. */
    @Override
    public ItemState held(ItemState state) {
        return state.withDeleted(false);
    }

    /**
     * {@code PATCH /users/{m}/messages/{id}} (learn.microsoft.com/graph/api/message-update: isRead, flag, categories
     * and extended properties change on received mail too) with the read state, follow-up flag, categories and the
     * last verb; draft cannot change after creation. Items gone are ignored; an item Graph refuses is logged and left.
     */
    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        ObjectNode body = GraphHttp.JSON.createObjectNode();
        body.put("isRead", state.read());
        body.putObject("flag").put("flagStatus", state.flagged() ? "flagged" : "notFlagged");
        ArrayNode categories = body.putArray("categories");
        state.keywords().forEach(categories::add);
        ArrayNode props = body.putArray("singleValueExtendedProperties");
        props.addObject().put("id", GraphProperties.LAST_VERB).put("value", Integer.toString(GraphItems.verb(state)));
        props.addObject().put("id", GraphProperties.VERBS).put("value", GraphItems.verbs(state));
        byte[] bytes = bytes(body);
        GraphHttp.Call call = new GraphHttp.Call("updating the state of messages in " + where(folder),
                GraphHttp.MAIL_READ_WRITE, "a message of " + where(folder));
        for (String id : ids) {
            try {
                http.patch(box.path() + "/messages/" + GraphHttp.segment(id), bytes, call);
            } catch (GraphHttp.NotFound gone) {
                LOG.debug("{}: message {} is gone; its state is not set", http.who(), id);
            } catch (GraphHttp.Refused refused) {
                LOG.warn("{}: {}", http.who(), refused.getMessage());
            }
        }
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        box.deleteMessages(where(folder), ids);
    }

    /** Graph's ids are never reused: an id a full listing lacks was removed. */
    @Override
    public boolean provenGone(String mark, String id) {
        return true;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        written.clear(); // the HTTP client and its cap belong to the mailbox's sessions together
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return GraphHttp.JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Graph request", e);
        }
    }
}
