package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ListingRollCall;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read side of one Microsoft 365 mailbox over Graph (app-only, {@code /users/{mailbox}/...}). Item ids are immutable
 * ids (they survive moves inside the mailbox), unordered, so the folder epoch is constant. Folders are walked from the
 * top ({@code mailFolders?includeHiddenFolders=true}, then {@code childFolders} of each folder that has any), parents
 * first, with the inbox and its subfolders at the head; the inbox is named "INBOX" whatever the mailbox's language.
 * A listing first runs a delta round over the folder (ids only) to its {@code @odata.deltaLink}, then pages through the
 * messages; the delta link is the change token handed out on the listing's last page, so anything that arrives or
 * changes during the listing shows in the next {@link #changes}. The pages go by offset; the delta round's ids, kept as
 * a {@link ListingRollCall}, let the last page add what mail removed above it moved onto a page already read. Bodies
 * are the MIME Exchange rebuilds ({@code $value}), not byte-identical to what was delivered. Not thread-safe (one
 * instance per engine worker); sessions of one mailbox share its request cap.
 */
public final class GraphSourceMailbox implements SourceMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(GraphSourceMailbox.class);
    /** Folder ids survive renames (stableFolderIds): a renamed source folder keeps going where it went before. */
    static final Capabilities CAPABILITIES = new Capabilities(0, false, false, true, Set.of(ItemKind.MESSAGE),
            new FolderNameRules(false, Set.of(), ""), false, true);
    /** Immutable ids are never renumbered. */
    static final String EPOCH = "1";
    static final int MAX_PAGE = 1000;
    /**
     * The most changed items {@link #changes} reads one by one (50 {@code $batch}es of 20); more, and the folder is
     * listed in full instead (a page holds {@value #MAX_PAGE}): a user who marked 50,000 messages read would otherwise
     * keep every pass reading them under throttling until it gave up, with nothing copied.
     */
    static final int MAX_CHANGES = 1000;
    private static final String CURSOR_PREFIX = "g2.";

    private final GraphMailboxContext box;
    private final GraphHttp http;
    /** A changes() call interrupted by throttled batch items, resumed when the engine asks again. */
    private PendingChanges pending;

    GraphSourceMailbox(GraphMailboxContext box) throws MailboxException {
        this.box = box;
        this.http = box.http();
        box.types(); // fails early for a mailbox that does not exist, a refused token or a missing permission
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        List<MailFolder> folders = GraphFolderTree.list(box, GraphHttp.MAIL_READ);
        box.knownFolders(folders.stream().map(MailFolder::id).toList());
        return folders;
    }

    private String folderPath(String id) {
        return GraphFolderTree.folderPath(box, id);
    }

    private static String name(MailFolder folder) {
        return "folder \"" + folder.displayPath() + "\"";
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        JsonNode f = http.get(folderPath(folder.id()) + "?$select=totalItemCount", new GraphHttp.Call(
                "reading the state of " + name(folder), GraphHttp.MAIL_READ, name(folder)));
        return new FolderState(EPOCH, null, f.path("totalItemCount").asLong(-1));
    }

    /**
     * Without a cursor: a delta round to its delta link (the change token), its ids kept in a {@link ListingRollCall},
     * then the first page of messages; with one, the page its next link names. The pages go by offset, so mail removed
     * above an item between two pages moves it onto a page already read: the last page adds what the round held and no
     * page named, read by id. The cursor carries both links and the roll call's number.
     */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        int top = Math.max(1, Math.min(MAX_PAGE, limit));
        GraphHttp.Call call = new GraphHttp.Call("listing " + name(folder), GraphHttp.MAIL_READ, name(folder));
        String next;
        String delta;
        long number = -1; // kept once the listing has a next page
        ListingRollCall roll;
        if (cursor == null) {
            roll = new ListingRollCall();
            delta = deltaRound(folder, top, call, roll::add);
            roll.seal();
            next = folderPath(folder.id()) + "/messages?" + GraphItems.QUERY + "&$top=" + top;
        } else {
            Cursor c = decodeCursor(cursor);
            next = c.next();
            delta = c.delta();
            number = c.number();
            roll = box.listings().continued(folder.id(), number, http.who(), name(folder));
        }
        JsonNode page = http.get(next, call);
        List<ItemRef> items = new ArrayList<>();
        page.path("value").forEach(m -> items.add(GraphItems.ref(m)));
        String nextLink = GraphHttp.text(page, "@odata.nextLink");
        if (nextLink != null) {
            return new Page<>(items, encodeCursor(nextLink, delta,
                    box.listings().named(folder.id(), number, roll, items)), null);
        }
        return new Page<>(box.listings().last(folder.id(), number, roll, items, new ListingRollCall.UnderWay.Rounds() {
            @Override
            public void round(Consumer<String> ids) throws MailboxException {
                deltaRound(folder, top, call, ids);
            }

            @Override
            public List<ItemRef> read(Collection<String> ids) throws MailboxException {
                PendingChanges p = new PendingChanges(folder.id(), "", new LinkedHashSet<>(ids), "");
                fetchRefs(p, folder, call);
                List<ItemRef> found = p.order.stream().map(p.refs::get).filter(r -> r != null).toList();
                if (!found.isEmpty()) {
                    LOG.info("{}: {} of {} moved onto pages already read while it was listed (mail removed "
                            + "above); read by id", http.who(), found.size() == 1 ? "1 item" : found.size() + " items",
                            name(folder));
                }
                return found;
            }
        }), null, delta);
    }

    /**
     * Small folders listed whole, one after the other: one that turns out to have a next page is listed alone later,
     * so its roll call is let go now ({@link ListingRollCall.UnderWay#eachWhole}).
     */
    @Override
    public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return box.listings().eachWhole(folders, limit, known, this::list, c -> decodeCursor(c).number());
    }

    /** Walks {@code messages/delta?$select=id} to its end, handing each id to {@code ids}; returns the delta link. */
    private String deltaRound(MailFolder folder, int top, GraphHttp.Call call, Consumer<String> ids)
            throws MailboxException {
        String start = folderPath(folder.id()) + "/messages/delta?$select=id";
        String link = start;
        boolean restarted = false;
        while (true) {
            JsonNode page;
            try {
                page = http.get(link, call, "odata.maxpagesize=" + top);
            } catch (GraphHttp.Gone e) {
                if (restarted) {
                    throw new MailboxException(Kind.CONNECTION, e.getMessage(), e);
                }
                // a next link of this very round expired: the round starts over, once
                link = start;
                restarted = true;
                continue;
            }
            for (JsonNode v : page.path("value")) {
                String id = v.path("id").asText(null);
                if (id != null && !v.has("@removed")) {
                    ids.accept(id);
                }
            }
            String deltaLink = GraphHttp.text(page, "@odata.deltaLink");
            if (deltaLink != null) {
                return deltaLink;
            }
            link = GraphHttp.text(page, "@odata.nextLink");
            if (link == null) {
                throw new MailboxException(Kind.CONNECTION, http.who() + " ended the change listing of "
                        + name(folder) + " without a delta link.");
            }
        }
    }

    static String encodeCursor(String next, String delta, long number) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return CURSOR_PREFIX + b.encodeToString(next.getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(delta.getBytes(StandardCharsets.UTF_8)) + "." + number;
    }

    private record Cursor(String next, String delta, long number) { }

    private Cursor decodeCursor(String cursor) throws MailboxException {
        String[] parts = cursor.startsWith(CURSOR_PREFIX) ? cursor.substring(CURSOR_PREFIX.length()).split("\\.")
                : new String[0];
        try {
            if (parts.length == 3) {
                Base64.Decoder d = Base64.getUrlDecoder();
                return new Cursor(new String(d.decode(parts[0]), StandardCharsets.UTF_8),
                        new String(d.decode(parts[1]), StandardCharsets.UTF_8), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw new MailboxException(Kind.FATAL, http.who() + ": a listing was continued from a position this "
                + "connector did not hand out.");
    }

    /**
     * Follows the delta link to its end (the new delta link is the next token); items marked {@code @removed} are left
     * out (deletions are not reported), the others are read in full through {@code $batch}es of 20. Inner responses
     * that were throttled are not lost: the call fails THROTTLED with their Retry-After, and the engine's retry resumes
     * here with only the items still missing (the delta link is not walked twice). 410 (SyncStateNotFound), a token
     * that is no Graph link, or more than {@value #MAX_CHANGES} changed items is EXPIRED: the folder is listed in full.
     */
    @Override
    public Changes changes(MailFolder folder, String token) throws MailboxException {
        if (!http.isGraphLink(token)) {
            return Changes.EXPIRED;
        }
        GraphHttp.Call call = new GraphHttp.Call("reading changes of " + name(folder), GraphHttp.MAIL_READ,
                name(folder));
        PendingChanges p = pending != null && pending.folder.equals(folder.id()) && pending.token.equals(token)
                ? pending : null;
        if (p == null) {
            pending = null;
            LinkedHashSet<String> ids = new LinkedHashSet<>();
            String link = token;
            String nextToken;
            try {
                while (true) {
                    JsonNode page = http.get(link, call, "odata.maxpagesize=" + MAX_PAGE);
                    for (JsonNode v : page.path("value")) {
                        String id = v.path("id").asText(null);
                        if (id == null) {
                            continue;
                        }
                        if (v.has("@removed")) {
                            ids.remove(id);
                        } else {
                            ids.add(id);
                        }
                    }
                    if (ids.size() > MAX_CHANGES) {
                        // each changed item is read on its own (a $batch holds 20, and Graph counts every one against
                        // the mailbox's budget): past this, a full listing of the folder is far cheaper
                        LOG.info("{}: more than {} items of {} changed since the last pass; the folder is listed in"
                                + " full", http.who(), MAX_CHANGES, name(folder));
                        return Changes.EXPIRED;
                    }
                    nextToken = GraphHttp.text(page, "@odata.deltaLink");
                    if (nextToken != null) {
                        break;
                    }
                    link = GraphHttp.text(page, "@odata.nextLink");
                    if (link == null) {
                        throw new MailboxException(Kind.CONNECTION, http.who() + " ended the change listing of "
                                + name(folder) + " without a delta link.");
                    }
                }
            } catch (GraphHttp.Gone expired) {
                LOG.info("{}: the delta link of {} expired; the folder is listed in full", http.who(), name(folder));
                return Changes.EXPIRED;
            }
            p = new PendingChanges(folder.id(), token, ids, nextToken);
            pending = p;
        }
        fetchRefs(p, folder, call);
        pending = null;
        List<ItemRef> items = new ArrayList<>();
        for (String id : p.order) {
            ItemRef r = p.refs.get(id);
            if (r != null) {
                items.add(r);
            }
        }
        return Changes.of(items, p.nextToken);
    }

    /**
     * Reads the listing of every item still missing in {@code p}, 20 per {@code $batch}; items gone, or moved to
     * another listed folder since (a throttled batch is resumed seconds later), are dropped.
     */
    private void fetchRefs(PendingChanges p, MailFolder folder, GraphHttp.Call call) throws MailboxException {
        Duration wait = null;
        boolean throttled = false;
        List<String> todo = new ArrayList<>(p.missing);
        for (int i = 0; i < todo.size(); i += GraphHttp.BATCH_LIMIT) {
            List<String> chunk = todo.subList(i, Math.min(todo.size(), i + GraphHttp.BATCH_LIMIT));
            List<String> paths = chunk.stream().map(id -> box.path() + "/messages/" + GraphHttp.segment(id) + "?"
                    + GraphItems.QUERY_WITH_FOLDER).toList();
            List<GraphHttp.BatchResponse> answers = http.batchGet(paths, call);
            for (int k = 0; k < chunk.size(); k++) {
                GraphHttp.BatchResponse r = answers.get(k);
                String id = chunk.get(k);
                if (r.ok() && box.movedAway(GraphHttp.text(r.body(), "parentFolderId"), folder.id())) {
                    p.missing.remove(id); // moved to another folder since the delta named it: that folder's now
                } else if (r.ok()) {
                    p.refs.put(id, GraphItems.ref(r.body()));
                    p.missing.remove(id);
                } else if (r.status() == 404) {
                    p.missing.remove(id); // deleted or moved since the delta said it changed
                } else {
                    MailboxException e = http.failure(r, call);
                    if (e.kind() != Kind.THROTTLED) {
                        throw e;
                    }
                    throttled = true;
                    if (e.retryAfter() != null && (wait == null || e.retryAfter().compareTo(wait) > 0)) {
                        wait = e.retryAfter();
                    }
                }
            }
        }
        if (throttled) {
            throw MailboxException.throttled(http.who(), http.who() + " asks to slow down while " + call.action()
                    + " (" + p.missing.size() + " items throttled in a batch" + (wait == null ? ""
                    : ", retry after " + wait.toSeconds() + " s") + ").", null, wait);
        }
    }

    /** What a changes() call found so far: the items to read, those read, and the token to hand out. */
    private static final class PendingChanges {
        final String folder;
        final String token;
        final List<String> order;
        final LinkedHashSet<String> missing;
        final Map<String, ItemRef> refs = new LinkedHashMap<>();
        final String nextToken;

        PendingChanges(String folder, String token, LinkedHashSet<String> ids, String nextToken) {
            this.folder = folder;
            this.token = token;
            this.order = List.copyOf(ids);
            this.missing = new LinkedHashSet<>(ids);
            this.nextToken = nextToken;
        }
    }

    /**
     * Streams each item's MIME ({@code GET /users/{m}/messages/{id}/$value}) into a {@link BufferedContent} (spooled
     * to a temporary file above 1 MB) and hands it over; an item gone since the listing, or one whose MIME Exchange
     * cannot make, gets an ITEM error.
     */
    @Override
    public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        for (ItemRef item : items) {
            String what = "message " + (item.subject() == null ? "" : "\"" + item.subject() + "\" ") + "of "
                    + name(folder);
            BufferedContent content;
            try {
                content = http.stream(box.path() + "/messages/" + GraphHttp.segment(item.id()) + "/$value",
                        new GraphHttp.Call("reading " + what, GraphHttp.MAIL_READ, what), BufferedContent::read);
            } catch (GraphHttp.NotFound gone) {
                handler.accept(item, null, MailboxException.gone(http.who() + ": " + what
                        + " no longer exists (deleted or moved meanwhile)."));
                continue;
            } catch (MailboxException e) {
                if (e.kind() != Kind.ITEM) {
                    throw e;
                }
                handler.accept(item, null, e); // its content cannot be had: this item fails, the others go on
                continue;
            }
            handler.accept(item, content, null);
        }
    }

    /**
     * {@code DELETE /users/{m}/messages/{id}} per item (needs Mail.ReadWrite); Exchange keeps deleted items in the
     * mailbox's Recoverable Items for its retention time. Items already gone are ignored.
     */
    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        box.deleteMessages(name(folder), ids);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        pending = null; // the HTTP client and its cap belong to the mailbox's sessions together
    }
}
