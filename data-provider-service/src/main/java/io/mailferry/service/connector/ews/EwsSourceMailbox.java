package io.mailferry.service.connector.ews;

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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.service.SyncFolderItemsScope;
import microsoft.exchange.webservices.data.core.enumeration.sync.ChangeType;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.search.FindItemsResults;
import microsoft.exchange.webservices.data.sync.ChangeCollection;
import microsoft.exchange.webservices.data.sync.ItemChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read side of one on-premises Exchange mailbox over EWS. Item ids are EWS item ids, unordered, never reused, so the
 * folder epoch is constant. A listing first runs SyncFolderItems over the folder from no state to its end (ids only,
 * 512 changes per call; learn.microsoft.com/exchange/client-developer/web-service-reference/syncfolderitems-operation)
 * and hands the SyncState it ends with out as the change token on the listing's last page, then pages through FindItem
 * by offset; the cursor carries the offset and the state. The round's ids are kept as a {@link ListingRollCall}
 * (8 bytes each), so the last page adds what items removed above it moved onto a page already read. {@link #changes}
 * continues SyncFolderItems from a token, reads the items created, changed or marked read in batches of GetItem, and
 * answers EXPIRED on ErrorInvalidSyncStateData (the engine then lists the folder in full and its ledger keeps anything
 * from being copied twice). Bodies are Exchange's MIME ({@code MimeContent}, one item per GetItem), rebuilt by the store,
 * so not byte-identical to what was delivered; each is spooled through a {@link BufferedContent} at once. Folders of
 * the kinds asked for are listed; calendar items, contacts and tasks are read field by field and handed over as
 * iCalendar or vCard bytes ({@link EwsPimReader}). {@link #folderClass} tells each folder's EWS class. Not thread-safe
 * (one instance per engine worker); sessions of one mailbox share its request cap.
 */
public final class EwsSourceMailbox implements SourceMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(EwsSourceMailbox.class);
    /** Folder ids survive renames; items are listed without order; changes come from SyncFolderItems. */
    static final Capabilities CAPABILITIES = new Capabilities(0, false, false, true, EnumSet.allOf(ItemKind.class),
            new FolderNameRules(false, Set.of(), ""), false, true);
    /** EWS item ids are never renumbered. */
    static final String EPOCH = "1";
    /** The most FindItem is asked for at once (EWSFindCountLimit defaults to 1000). */
    static final int MAX_PAGE = 1000;
    /** SyncFolderItems' maximum. */
    static final int MAX_CHANGES = 512;
    private static final String CURSOR = "e2.";
    private static final String TOKEN = "ews1.";

    private final EwsMailboxContext box;
    private final EwsSession session;
    private final Set<ItemKind> kinds;
    private Map<String, String> classes = new HashMap<>();

    EwsSourceMailbox(EwsMailboxContext box, Set<ItemKind> kinds) throws MailboxException {
        this.box = box;
        this.kinds = Set.copyOf(kinds);
        this.session = new EwsSession(box);
        box.types(session.service()); // fails early: no such mailbox, refused login or impersonation, wrong URL
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        EwsFolderTree.Tree tree = EwsFolderTree.list(session.service(), box, kinds);
        classes = tree.classes();
        return tree.folders();
    }

    /** The EWS folder class of a listed folder (IPF.Note, IPF.Appointment ...), null when it has none or is unknown. */
    public String folderClass(MailFolder folder) {
        return classes.get(folder.id());
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return new FolderState(EPOCH, null, session.count(folder));
    }

    /**
     * Without a cursor: a SyncFolderItems round (the change token), its ids kept in a {@link ListingRollCall}, then
     * FindItem's first page; with one, the page at its offset. Items removed above an item between two pages move it
     * onto a page already read: the last page adds what the round held and no page named, read by id. The cursor
     * carries the offset, the state and the roll call's number.
     */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        int top = Math.max(1, Math.min(MAX_PAGE, limit));
        int offset;
        String state;
        long number = -1; // kept once the listing has a next page
        ListingRollCall roll;
        if (cursor == null) {
            roll = new ListingRollCall();
            state = syncRound(folder, roll::add);
            roll.seal();
            offset = 0;
        } else {
            Cursor c = decode(cursor);
            offset = c.offset();
            state = c.state();
            number = c.number();
            roll = box.listings().continued(folder.id(), number, box.who(), EwsSession.name(folder));
        }
        FindItemsResults<Item> page = session.find(folder, offset, top, EwsItems.LISTING, null);
        List<ItemRef> items = new ArrayList<>();
        page.getItems().forEach(i -> items.add(EwsItems.ref(i)));
        if (page.isMoreAvailable() && !items.isEmpty()) {
            int next = page.getNextPageOffset() != null ? page.getNextPageOffset() : offset + items.size();
            return new Page<>(items, encode(next, state, box.listings().named(folder.id(), number, roll, items)),
                    null);
        }
        return new Page<>(box.listings().last(folder.id(), number, roll, items, new ListingRollCall.UnderWay.Rounds() {
            @Override
            public void round(Consumer<String> ids) throws MailboxException {
                syncRound(folder, ids);
            }

            @Override
            public List<ItemRef> read(Collection<String> ids) throws MailboxException {
                List<ItemRef> found = EwsSourceMailbox.this.read(ids, "listing " + EwsSession.name(folder));
                if (!found.isEmpty()) {
                    LOG.info("{}: {} of {} moved onto pages already read while it was listed (items removed "
                            + "above); read by id", box.who(), found.size() == 1 ? "1 item" : found.size() + " items",
                            EwsSession.name(folder));
                }
                return found;
            }
        }), null, TOKEN + state);
    }

    /**
     * Small folders listed whole, one after the other: one that turns out to have a next page is listed alone later,
     * so its roll call is let go now ({@link ListingRollCall.UnderWay#eachWhole}).
     */
    @Override
    public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return box.listings().eachWhole(folders, limit, known, this::list, c -> decode(c).number());
    }

    /** The listings of those items (GetItem); those gone since are left out. */
    private List<ItemRef> read(Collection<String> ids, String action) throws MailboxException {
        List<ItemRef> refs = new ArrayList<>();
        session.get(List.copyOf(ids), EwsItems.LISTING, action).values().forEach(i -> refs.add(EwsItems.ref(i)));
        return refs;
    }

    /** SyncFolderItems from no state to the end, ids only, each handed to {@code ids}: the state changes start from. */
    private String syncRound(MailFolder folder, Consumer<String> ids) throws MailboxException {
        String state = null;
        while (true) {
            ChangeCollection<ItemChange> c = sync(folder, PropertySet.IdOnly, state);
            for (ItemChange change : c) {
                String id = change.getChangeType() == ChangeType.Delete ? null
                        : EwsItems.safe(() -> change.getItemId().getUniqueId());
                if (id != null) {
                    ids.accept(id);
                }
            }
            state = c.getSyncState();
            if (!c.getMoreChangesAvailable()) {
                return state == null ? "" : state;
            }
        }
    }

    private ChangeCollection<ItemChange> sync(MailFolder folder, PropertySet fields, String state)
            throws MailboxException {
        return session.calls().run("reading the changes of " + EwsSession.name(folder), () -> session.service()
                .syncFolderItems(new FolderId(folder.id()), fields, null, MAX_CHANGES,
                        SyncFolderItemsScope.NormalItems, state));
    }

    private static String encode(int offset, String state, long number) {
        return CURSOR + offset + "." + number + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(state.getBytes(StandardCharsets.UTF_8));
    }

    private record Cursor(int offset, long number, String state) { }

    private Cursor decode(String cursor) throws MailboxException {
        if (cursor.startsWith(CURSOR)) {
            String[] p = cursor.substring(CURSOR.length()).split("\\.", 3);
            try {
                if (p.length == 3 && Integer.parseInt(p[0]) >= 0) {
                    return new Cursor(Integer.parseInt(p[0]), Long.parseLong(p[1]),
                            new String(Base64.getUrlDecoder().decode(p[2]), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // falls through
            }
        }
        throw new MailboxException(Kind.FATAL, box.who() + ": a listing was continued from a position this"
                + " connector did not hand out.");
    }

    /**
     * SyncFolderItems from {@code token} to the end: ids of items created, updated or whose read flag changed, less
     * those deleted since; then their listings through GetItem. ErrorInvalidSyncStateData, or a token that is not
     * ours, is EXPIRED.
     */
    @Override
    public Changes changes(MailFolder folder, String token) throws MailboxException {
        if (token == null || !token.startsWith(TOKEN)) {
            return Changes.EXPIRED;
        }
        String state = token.substring(TOKEN.length());
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        try {
            while (true) {
                ChangeCollection<ItemChange> c = sync(folder, PropertySet.IdOnly, state.isEmpty() ? null : state);
                for (ItemChange change : c) {
                    String id = EwsItems.safe(() -> change.getItemId().getUniqueId());
                    if (id == null) {
                        continue;
                    }
                    if (change.getChangeType() == ChangeType.Delete) {
                        ids.remove(id);
                    } else {
                        ids.add(id);
                    }
                }
                state = c.getSyncState();
                if (!c.getMoreChangesAvailable()) {
                    break;
                }
            }
        } catch (EwsCalls.InvalidSyncState expired) {
            LOG.info("{}: the sync state of {} is no longer valid; the folder is listed in full", box.who(),
                    EwsSession.name(folder));
            return Changes.EXPIRED;
        }
        List<ItemRef> refs = read(ids, "reading the changed items of " + EwsSession.name(folder));
        return Changes.of(refs, TOKEN + (state == null ? "" : state));
    }

    /**
     * Reads each item's MIME (GetItem with MimeContent, one item per call), decoded from the answer as it arrives into
     * a {@link BufferedContent} (a temporary file above 1 MB) by {@link EwsMimeDownload}, never whole in memory; an
     * item gone since the listing gets an ITEM error.
     */
    @Override
    public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        for (ItemRef item : items) {
            if (item.kind() != ItemKind.MESSAGE) {
                fetchPim(folder, item, handler);
                continue;
            }
            String what = "message " + (item.subject() == null ? "" : "\"" + item.subject() + "\" ") + "of "
                    + EwsSession.name(folder);
            BufferedContent mime;
            Item i = null;
            EwsCalls.Refused refused = null;
            try (EwsMimeDownload download = session.service().receiving()) {
                try {
                    i = session.get(List.of(item.id()), EwsItems.MIME, "reading " + what).get(item.id());
                } catch (EwsCalls.Refused itemRefused) {
                    if (!EwsCalls.aboutTheItem(itemRefused)) {
                        throw download.spoolFailure() == null ? itemRefused
                                : notBuffered(what, download.spoolFailure());
                    }
                    refused = itemRefused; // this item's own content (e.g. its MIME cannot be made): the others go on
                } catch (MailboxException e) {
                    throw download.spoolFailure() == null ? e : notBuffered(what, download.spoolFailure());
                } finally {
                    session.service().done();
                }
                mime = i == null || download.count() != 1 ? null : download.take(0);
            }
            if (refused != null) {
                handler.accept(item, null, refused);
                continue;
            }
            if (i == null) {
                handler.accept(item, null, MailboxException.gone(box.who() + ": " + what
                        + " no longer exists (deleted or moved meanwhile)."));
                continue;
            }
            if (mime == null) {
                handler.accept(item, null, new MailboxException(Kind.ITEM, box.who() + ": " + what
                        + " came from Exchange without readable MIME content."));
                continue;
            }
            handler.accept(item, mime, null);
        }
    }

    private MailboxException notBuffered(String what, IOException cause) {
        return new MailboxException(Kind.FATAL, box.who() + ": could not buffer " + what + " (the temporary"
                + " directory may be full or not writable).", cause);
    }

    /** A calendar item, contact or task: GetItem with its kind's fields, converted, spooled like a message. */
    private void fetchPim(MailFolder folder, ItemRef item, ContentHandler handler) throws MailboxException {
        String what = item.kind().plural().replaceAll("s$", "") + " "
                + (item.subject() == null ? "" : "\"" + item.subject() + "\" ") + "of " + EwsSession.name(folder);
        Item i;
        try {
            i = session.get(List.of(item.id()), EwsPimReader.fields(item.kind()), "reading " + what).get(item.id());
        } catch (EwsCalls.Refused itemRefused) {
            if (!EwsCalls.aboutTheItem(itemRefused)) {
                throw itemRefused;
            }
            handler.accept(item, null, itemRefused); // this item's own content: the others go on
            return;
        }
        byte[] bytes;
        try {
            bytes = i == null ? null : EwsPimReader.bytes(i);
        } catch (Exception e) {
            LOG.debug("{}: {} could not be converted", box.who(), what, e);
            bytes = null;
        }
        if (bytes == null) {
            handler.accept(item, null, new MailboxException(Kind.ITEM, box.who() + ": " + what
                    + (i == null ? " no longer exists (deleted or moved meanwhile)." : " could not be read: Exchange"
                    + " returned it without the fields it needs.")));
            return;
        }
        handler.accept(item, spool(bytes, what), null);
    }

    private BufferedContent spool(byte[] bytes, String what) throws MailboxException {
        try {
            return BufferedContent.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw notBuffered(what, e);
        }
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        session.delete(folder, ids);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        session.close();
    }
}
