package io.mailferry.service.connector.ews;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
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
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.enumeration.service.ConflictResolutionMode;
import microsoft.exchange.webservices.data.core.enumeration.service.DeleteMode;
import microsoft.exchange.webservices.data.core.service.folder.CalendarFolder;
import microsoft.exchange.webservices.data.core.service.folder.ContactsFolder;
import microsoft.exchange.webservices.data.core.service.folder.Folder;
import microsoft.exchange.webservices.data.core.service.folder.TasksFolder;
import microsoft.exchange.webservices.data.core.service.item.EmailMessage;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.MimeContent;
import microsoft.exchange.webservices.data.property.complex.StringList;
import microsoft.exchange.webservices.data.search.FindItemsResults;
import microsoft.exchange.webservices.data.search.filter.SearchFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write side of one on-premises Exchange mailbox over EWS. Folders: the well-known ones are found through their
 * distinguished ids, the others by display name (case-insensitively, as Exchange compares them), created with
 * CreateFolder when missing with the class of what they hold (IPF.Note, IPF.Appointment, IPF.Contact, IPF.Task;
 * learn.microsoft.com/exchange/client-developer/web-service-reference/createfolder-operation). Calendar items, contacts
 * and tasks are created from their neutral records ({@link EwsPimWriter}) with the same stamp. Messages: CreateItem with MessageDisposition SaveOnly and the item's MIME
 * (createitem-operation), PidTagMessageFlags set in that same call (0x1 when read; without the property Exchange files
 * an unsent draft, and it cannot be changed after the first save: how-to-import-items-by-using-ews-in-exchange), the
 * received and sent times (PidTagMessageDeliveryTime 0x0E06, PidTagClientSubmitTime 0x0039), the follow-up flag
 * (0x1090), the last verb (0x1081), categories for keywords, and the engine's identity stamp as a named property, by
 * which {@link #arrived} finds an item whose write was interrupted (FindItem restricted to the stamp). Not
 * byte-identical: Exchange keeps a message as MAPI and rebuilds its MIME. Not thread-safe (one instance per engine
 * worker).
 */
public final class EwsTargetMailbox implements TargetMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(EwsTargetMailbox.class);
    /**
     * The largest message written: EWS takes a request of at most 64 MB (maxAllowedContentLength and
     * maxReceivedMessageSize 67108864 in Exchange 2016/2019's EWS web.config), and the MIME travels base64-encoded, so
     * 3/4 of it, less room for the envelope.
     */
    static final long MAX_ITEM_BYTES = 64L * 1024 * 1024 / 4 * 3 - 64 * 1024;
    static final Capabilities CAPABILITIES = new Capabilities(MAX_ITEM_BYTES, false, true, false,
            EnumSet.complementOf(EnumSet.of(ItemKind.CONTACT_GROUP)), new FolderNameRules(false, Set.of(), ""), false,
            true);
    private static final String NOT_STORED = "";

    private final EwsMailboxContext box;
    private final EwsSession session;
    private Map<String, MailFolder> byPath;
    /** Stamps of this session's last write: the target id created, or NOT_STORED where Exchange stored nothing. */
    private final Map<String, String> written = new HashMap<>();

    EwsTargetMailbox(EwsMailboxContext box) throws MailboxException {
        this.box = box;
        this.session = new EwsSession(box);
        box.types(session.service()); // fails early: no such mailbox, refused login or impersonation, wrong URL
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        List<MailFolder> all = EwsFolderTree.list(session.service(), box, EnumSet.allOf(ItemKind.class)).folders();
        byPath = new HashMap<>();
        all.forEach(this::remember);
        return all;
    }

    private void remember(MailFolder f) {
        byPath.put(key(f.folderClass(), f.path()), f);
    }

    /** Folders are looked up by class and path: a task list "Tasks" and a mail folder "Tasks" are two folders. */
    private static String key(FolderClass c, List<String> path) {
        return c + "\u0000" + String.join("\u0000", path).toLowerCase(Locale.ROOT);
    }

    /**
     * Walks {@code path} from the top: "INBOX" first is the inbox; every other segment is the
     * subfolder of that display name, looked for in what was listed, then among the parent's subfolders as Exchange
     * lists them now, and created only when missing. A create that meets ErrorFolderExists (another worker was faster)
     * takes the folder that exists.
     */
    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return ensureFolder(path, FolderClass.MAIL);
    }

    /**
     * As {@link #ensureFolder(List)} for a calendar, contacts folder or task list: the leaf is looked for among the
     * folders of its class and created with its folder class (IPF.Appointment, IPF.Contact, IPF.Task); a parent is
     * any folder of that name (a calendar below the default calendar, as Outlook nests them), created missing with the
     * leaf's class. The default calendar, contacts and tasks folders are
     * listed typed CALENDAR, CONTACTS and TASKS, so the engine maps a source's defaults onto them.
     */
    @Override
    public MailFolder ensureFolder(List<String> path, FolderClass folderClass) throws MailboxException {
        FolderClass leafClass = folderClass == null ? FolderClass.MAIL : folderClass;
        if (byPath == null) {
            folders();
        }
        MailFolder at = null;
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            FolderClass c = i == path.size() - 1 ? leafClass : null; // a parent may be of any class
            if (i == 0 && name.equalsIgnoreCase("INBOX") && c != FolderClass.CALENDAR && c != FolderClass.CONTACTS
                    && c != FolderClass.TASKS) {
                at = byPath.get(key(FolderClass.MAIL, List.of("INBOX")));
                if (at != null) {
                    continue;
                }
            }
            List<String> wanted = new ArrayList<>(at == null ? List.of() : at.path());
            wanted.add(name);
            MailFolder found = remembered(wanted, c == null ? leafClass : c, c == null);
            if (found == null) {
                found = listed(at, name, c);
            }
            if (found == null) {
                found = create(at, name, c == null ? leafClass : c);
            }
            at = found;
        }
        if (at == null) {
            throw new IllegalArgumentException("a folder path needs at least one segment");
        }
        return at;
    }

    /** A listed folder at {@code path}: of class {@code c}, else, when {@code anyClass}, of any class. */
    private MailFolder remembered(List<String> path, FolderClass c, boolean anyClass) {
        MailFolder f = byPath.get(key(c, path));
        if (f != null || !anyClass) {
            return f;
        }
        for (FolderClass other : FolderClass.values()) {
            f = byPath.get(key(other, path));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private FolderId parentId(MailFolder parent) throws MailboxException {
        return EwsSession.folderId(parent == null ? box.rootId(session.service()) : parent.id());
    }

    /**
     * The subfolder {@code name} of {@code parent} (null: the top) as Exchange lists it now, of class {@code c} (null:
     * any), or null.
     */
    private MailFolder listed(MailFolder parent, String name, FolderClass c) throws MailboxException {
        Map<String, FolderType> types = box.types(session.service());
        String inbox = box.inboxId(session.service());
        MailFolder match = null;
        for (EwsFolderTree.Listed f : EwsFolderTree.children(session.service(), box, parentId(parent))) {
            MailFolder mf = EwsFolderTree.folder(f, parent == null ? List.of() : parent.path(), types, inbox, true);
            remember(mf);
            if (name.equalsIgnoreCase(f.name()) && (c == null || mf.folderClass() == c) && match == null) {
                match = mf;
            }
        }
        return match;
    }

    private MailFolder create(MailFolder parent, String name, FolderClass c) throws MailboxException {
        String what = "creating folder \"" + name + "\" in " + EwsSession.name(parent);
        FolderId in = parentId(parent);
        String ipf = ipf(c);
        try {
            String id = session.calls().run(what, () -> {
                Folder f = switch (c) { // the element CreateFolder sends and its answer carries
                    case CALENDAR -> new CalendarFolder(session.service());
                    case CONTACTS -> new ContactsFolder(session.service());
                    case TASKS -> new TasksFolder(session.service());
                    default -> new Folder(session.service());
                };
                f.setDisplayName(name);
                f.setFolderClass(ipf);
                f.save(in);
                return f.getId().getUniqueId();
            });
            MailFolder mf = EwsFolderTree.folder(new EwsFolderTree.Listed(id, in.getUniqueId(), name, ipf),
                    parent == null ? List.of() : parent.path(), box.types(session.service()),
                    box.inboxId(session.service()), true);
            remember(mf);
            return mf;
        } catch (EwsCalls.Refused r) {
            if (r.code == ServiceError.ErrorFolderExists) {
                MailFolder exists = listed(parent, name, c);
                if (exists != null) {
                    return exists;
                }
            }
            throw r;
        }
    }

    /** The EWS folder class of a folder holding {@code c}. */
    static String ipf(FolderClass c) {
        return switch (c) {
            case CALENDAR -> "IPF.Appointment";
            case CONTACTS -> "IPF.Contact";
            case TASKS -> "IPF.Task";
            default -> "IPF.Note";
        };
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return new FolderState(EwsSourceMailbox.EPOCH, null, session.count(folder));
    }

    /** Oldest received first; the cursor is the next offset. */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        int offset;
        try {
            offset = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new MailboxException(Kind.FATAL, box.who() + ": a listing was continued from a position this"
                    + " connector did not hand out.");
        }
        FindItemsResults<Item> page = session.find(folder, offset, Math.max(1, Math.min(EwsSourceMailbox.MAX_PAGE,
                limit)), EwsItems.TARGET_LISTING, null);
        List<ItemRef> items = new ArrayList<>();
        page.getItems().forEach(i -> items.add(EwsItems.ref(i)));
        boolean more = page.isMoreAvailable() && !items.isEmpty();
        int next = page.getNextPageOffset() != null ? page.getNextPageOffset() : offset + items.size();
        return new Page<>(items, more ? Integer.toString(next) : null);
    }

    @Override
    public String writeMark(MailFolder folder) {
        return null; // written items are found by their stamp
    }

    /**
     * One CreateItem per message. A message Exchange refuses (too large, malformed) gets a rejected result; throttling
     * and network trouble throw (the items created so far are known to {@link #arrived}).
     */
    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        StampedArrivals.begin(written, items);
        List<WriteResult> results = new ArrayList<>(items.size());
        for (WriteRequest r : items) {
            results.add(writeOne(folder, r));
        }
        return results;
    }

    private WriteResult writeOne(MailFolder folder, WriteRequest r) throws MailboxException {
        if (r.content().size() > MAX_ITEM_BYTES) {
            return WriteResult.rejected(tooLarge());
        }
        String subject = r.source() == null || r.source().subject() == null ? "" : "\"" + r.source().subject() + "\" ";
        ItemKind kind = r.source() == null ? ItemKind.MESSAGE : r.source().kind();
        String action = "creating " + (kind == ItemKind.MESSAGE ? "message" : kind.plural().replaceAll("s$", ""))
                + " " + subject + "in " + EwsSession.name(folder);
        FolderId in = EwsSession.folderId(folder.id());
        Record pim;
        try {
            pim = kind == ItemKind.MESSAGE ? null : EwsPimWriter.read(kind, readBack(r));
        } catch (RuntimeException unreadable) {
            return WriteResult.rejected("The " + kind.plural().replaceAll("s$", "") + " could not be read from the"
                    + " source's data, so it was not created on Exchange.");
        }
        String unholdable = pim instanceof io.mailferry.service.engine.port.interchange.EventItem e
                && e.recurrence() != null ? EwsRecurrences.unholdable(e.recurrence()) : null;
        if (unholdable != null) {
            return WriteResult.rejected("The calendar item was not created on Exchange: " + unholdable + ".");
        }
        try {
            String id = session.calls().run(action, () -> {
                if (pim != null) {
                    return EwsPimWriter.create(session.service(), in, pim, r.stamp());
                }
                EmailMessage m = new EmailMessage(session.service());
                try {
                    // the MIME goes out from its buffer, in place of the placeholder the library is given
                    EwsMimeUpload upload = session.service().sending(r.content());
                    m.setMimeContent(new MimeContent("UTF-8", upload.placeholder()));
                    fill(m, r);
                    m.save(in);
                    if (!upload.sent()) {
                        // a request that went around EwsHttpRequest: what Exchange stored is the placeholder
                        session.service().done(); // the DeleteItem carries no MIME
                        m.delete(DeleteMode.HardDelete);
                        throw new MailboxException(Kind.FATAL, box.who() + ": the message's content did not go out"
                                + " with its CreateItem request, so the item Exchange made was deleted again; the"
                                + " service log has the details.");
                    }
                } finally {
                    session.service().done();
                }
                return m.getId().getUniqueId();
            });
            if (r.stamp() != null) {
                written.put(r.stamp(), id);
            }
            return WriteResult.stored(id);
        } catch (EwsCalls.Refused refused) {
            return WriteResult.rejected(refused.code == ServiceError.ErrorMessageSizeExceeded ? tooLarge()
                    : "Exchange refused the message (" + refused.code.name() + ").");
        } catch (MailboxException e) {
            if (r.stamp() != null && (e.kind() != Kind.THROTTLED || e instanceof EwsCalls.Unavailable)) {
                // it may have been stored (only Exchange's own ErrorServerBusy says it was not): look it up
                written.remove(r.stamp());
            }
            throw e;
        }
    }

    /** A calendar item's, contact's or task's bytes (small: their neutral records), read back from the buffer. */
    private byte[] readBack(WriteRequest r) throws MailboxException {
        try (InputStream in = r.content().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (ReleasedContentException.in(e)) {
                throw new MailboxException(Kind.CONNECTION, ReleasedContentException.SENTENCE, e);
            }
            throw new MailboxException(Kind.FATAL, box.who() + ": could not read a buffered item back (the"
                    + " temporary directory may be full or not writable).", e);
        }
    }

    private static String tooLarge() {
        return "Exchange refused the message as larger than it accepts through EWS (ErrorMessageSizeExceeded; at most"
                + " about " + MAX_ITEM_BYTES / (1024 * 1024) + " MB by default). Raise the EWS and transport size"
                + " limits on Exchange to copy it.";
    }

    /** Message flags, times, flag, verbs, categories and the stamp, all set before the first save. */
    private static void fill(EmailMessage m, WriteRequest r) throws Exception {
        ItemState s = r.state();
        int flags = (s.read() ? EwsProperties.MSGFLAG_READ : 0) | (s.draft() ? EwsProperties.MSGFLAG_UNSENT : 0);
        m.setExtendedProperty(EwsProperties.MESSAGE_FLAGS, flags);
        if (r.received() != null) {
            m.setExtendedProperty(EwsProperties.DELIVERY_TIME, Date.from(r.received()));
        }
        java.time.Instant sent = r.source() != null && r.source().sentDate() != null ? r.source().sentDate()
                : r.received();
        if (sent != null) {
            m.setExtendedProperty(EwsProperties.SUBMIT_TIME, Date.from(sent));
        }
        stateProperties(m, s);
        if (r.stamp() != null) {
            m.setExtendedProperty(EwsProperties.STAMP, r.stamp());
        }
    }

    private static void stateProperties(Item m, ItemState s) throws Exception {
        m.setExtendedProperty(EwsProperties.FLAG_STATUS, s.flagged() ? EwsProperties.FLAG_FLAGGED : 0);
        m.setExtendedProperty(EwsProperties.LAST_VERB, EwsItems.verb(s));
        m.setExtendedProperty(EwsProperties.VERBS, EwsItems.verbs(s).isEmpty() ? "none" : EwsItems.verbs(s));
        m.setCategories(new StringList(s.keywords()));
    }

    /**
     * Each pending write's stamp: what this session's last write knows, else FindItem in the folder restricted to the
     * stamp property. Items in {@code own} and items already answered are never answered again.
     */
    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        return StampedArrivals.match(pending, own, written, (stamp, taken) -> lookUp(folder, stamp, taken));
    }

    private String lookUp(MailFolder folder, String stamp, Set<String> taken) throws MailboxException {
        FindItemsResults<Item> found = session.find(folder, 0, 10, PropertySet.IdOnly,
                new SearchFilter.IsEqualTo(EwsProperties.STAMP, stamp));
        for (Item i : found.getItems()) {
            String id = EwsItems.safe(() -> i.getId().getUniqueId());
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
     * UpdateItem per item (learn.microsoft.com/exchange/client-developer/web-service-reference/updateitem-operation):
     * IsRead, the follow-up flag, the last verb, our verbs and the categories; draft cannot change after creation.
     * Items gone are ignored; an item Exchange refuses is logged and left.
     */
    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        String action = "updating the state of messages in " + EwsSession.name(folder);
        for (String id : ids) {
            try {
                session.calls().run(action, () -> {
                    Item item = Item.bind(session.service(), EwsSession.itemId(id), PropertySet.IdOnly);
                    if (item instanceof EmailMessage m) {
                        m.setIsRead(state.read());
                    }
                    stateProperties(item, state);
                    item.update(ConflictResolutionMode.AlwaysOverwrite);
                    return null;
                });
            } catch (EwsCalls.NotFound gone) {
                LOG.debug("{}: item {} is gone; its state is not set", box.who(), id);
            } catch (EwsCalls.Refused refused) {
                LOG.warn("{}", refused.getMessage());
            }
        }
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        session.delete(folder, ids);
    }

    /** EWS ids are never reused: an id a full listing lacks was removed. */
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
        written.clear();
        session.close();
    }
}
