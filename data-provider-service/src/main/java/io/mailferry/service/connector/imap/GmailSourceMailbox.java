package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Read side of one Gmail mailbox. Gmail shows a message once per label, as a folder each, and again in
 * {@code [Gmail]/All Mail}; reading the folders one by one as plain IMAP would copy it once per label and copy views
 * (Important, Starred) as folders. This source presents places, not labels: Inbox, Sent, Drafts, Archive (All Mail's
 * messages without any other place), Junk and Trash when chosen, and with {@code FOLDER_PER_LABEL} the user labels as
 * Gmail lists them; Important and Starred are never folders. Each place is listed, page by page in windows of UIDs,
 * from the real folder that holds its messages, each message placed by its labels ({@code X-GM-LABELS}) under the
 * connection's {@link GmailLabelStrategy} ({@link GmailLabels}) and kept only where it lands, so memory holds one
 * window whatever the mailbox's size. Item ids are the X-GM-MSGID, the same in every folder that shows the message:
 * the ledger, keyed by place and id, copies a message once per place. Reads only (EXAMINE). Not thread-safe.
 */
final class GmailSourceMailbox extends ImapMailbox implements SourceMailbox {
    private static final String ITEMS = ImapItems.ITEMS.replace("INTERNALDATE ", "INTERNALDATE "
            + GmailProtocol.MSGID + " " + GmailProtocol.LABELS + " ");
    private static final int FETCH_CHUNK = 500;
    /** Message ids per {@code UID SEARCH} of move mode. */
    private static final int SEARCH_CHUNK = 50;
    private static final String EPOCH = "gmail";

    private final GmailLabelStrategy strategy;
    private final boolean includeSpam;
    private final boolean includeTrash;
    private final Runnable onClose;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The real folder each of our folder ids reads from or, for delete, removes from. */
    private final Map<String, String> handles = new HashMap<>();
    private Specials specials;

    /** The real folders Gmail marks with SPECIAL-USE attributes (developers.google.com/gmail/imap/imap-extensions). */
    private record Specials(String allMail, String sent, String drafts, String spam, String trash, String container) {
    }

    GmailSourceMailbox(ImapSession session, GmailLabelStrategy strategy, boolean includeSpam, boolean includeTrash,
            Runnable onClose) {
        super(session);
        this.strategy = strategy;
        this.includeSpam = includeSpam;
        this.includeTrash = includeTrash;
        this.onClose = onClose;
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        Specials s = specials();
        List<MailFolder> out = new ArrayList<>();
        handles.clear();
        add(out, GmailLabels.INBOX, "INBOX", "INBOX", FolderType.INBOX);
        add(out, GmailLabels.SENT, s.sent(), "Sent", FolderType.SENT);
        add(out, GmailLabels.DRAFTS, s.drafts(), "Drafts", FolderType.DRAFTS);
        add(out, GmailLabels.ALL, s.allMail(), "Archive", FolderType.ARCHIVE);
        if (includeSpam) {
            add(out, GmailLabels.SPAM, s.spam(), "Junk", FolderType.JUNK);
        }
        if (includeTrash) {
            add(out, GmailLabels.TRASH, s.trash(), "Trash", FolderType.TRASH);
        }
        if (strategy == GmailLabelStrategy.FOLDER_PER_LABEL) {
            for (MailFolder f : folders.list()) {
                if (f.handle().equalsIgnoreCase("INBOX") || f.type() == FolderType.INBOX
                        || (s.container() != null && (f.handle().equals(s.container())
                        || f.handle().startsWith(s.container() + f.separator())))) {
                    continue;
                }
                // a label's id is its name, as its messages' X-GM-LABELS name it (GmailLabels): its path joined by
                // Gmail's separator "/", which no name holds — unambiguous, and a label holding "\\" keeps it (ADR 0049)
                String id = f.displayPath();
                handles.put(id, f.handle());
                out.add(new MailFolder(id, f.handle(), f.path(), f.separator(), FolderType.OTHER, f.selectable()));
            }
        }
        return out;
    }

    private void add(List<MailFolder> out, String id, String handle, String name, FolderType type) {
        if (handle != null) {
            handles.put(id, handle);
            out.add(new MailFolder(id, handle, List.of(name), '/', type, true));
        }
    }

    /** The count is the real folder's: for a place that keeps only some of it (Archive), more than it lists. */
    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return new FolderState(EPOCH, null, items.state(real(scanned(folder.id()))).messageCount());
    }

    /** The real folders' STATUS pipelined (see {@link #state}). */
    @Override
    public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        List<MailFolder> real = new ArrayList<>(folders.size());
        for (MailFolder folder : folders) {
            real.add(real(scanned(folder.id())));
        }
        List<FolderState> out = new ArrayList<>(folders.size());
        for (FolderState s : items.states(real)) {
            out.add(s == null ? null : new FolderState(EPOCH, null, s.messageCount()));
        }
        return out;
    }

    /**
     * Folder by folder through its own listing: the plain IMAP folders' listing in one round trip knows neither labels
     * nor Gmail's ids.
     */
    @Override
    public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return SourceMailbox.super.listWhole(folders, limit, known);
    }

    /** Its own listing (labels, Gmail's ids): the folder's state is no use to it. */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return list(folder, cursor, limit);
    }

    /** No lighter listing: a place's items are found by their labels, which only the full listing reads. */
    @Override
    public boolean listsStatesApart() {
        return false;
    }

    @Override
    public Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return list(folder, cursor, limit);
    }

    @Override
    public List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return listWhole(folders, limit, known);
    }

    /**
     * One page of a place: the real folder that holds its messages ({@link #scanned}) is read in windows of as many
     * UIDs as the page holds (at most {@value #FETCH_CHUNK}), each message placed by its labels and kept when it lands here, until {@code limit}
     * are found or the folder ends. The cursor is the folder's UIDVALIDITY and the last UID read, so memory holds one
     * window whatever the mailbox's size.
     */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        if (!folder.selectable()) {
            return new Page<>(List.of(), null);
        }
        String handle = scanned(folder.id());
        String fixed = folder.id().equals(GmailLabels.SPAM) || folder.id().equals(GmailLabels.TRASH) ? folder.id()
                : null;
        long[] from = parseCursor(cursor);
        int max = Math.max(1, limit);
        return session.run("listing folder \"" + handle + "\"", Kind.FATAL, p -> {
            if (session.isSelected(p, handle, false)) {
                p.noop(); // STATUS on the selected folder answers from the session's view: sync it first
            }
            Status status = p.status(handle, new String[] {"UIDVALIDITY", "UIDNEXT"});
            session.select(p, handle, false);
            long v = session.selectedUidValidity();
            long after = from[0] == v ? from[1] : 0; // a renumbered folder is read again: the ledger knows its ids
            long last = Math.max(0, status.uidnext - 1);
            List<ItemRef> out = new ArrayList<>();
            while (out.size() < max && after < last) {
                long to = Math.min(last, after + Math.min(FETCH_CHUNK, max));
                List<FetchResponse> window = new ArrayList<>();
                for (Response r : ImapSession.execute(p, "UID FETCH " + (after + 1) + ":" + to + " " + ITEMS, null)) {
                    if (r instanceof FetchResponse fr && fr.getItem(UID.class) != null) {
                        window.add(fr);
                    }
                }
                window.sort(Comparator.comparingLong(fr -> fr.getItem(UID.class).uid));
                after = to;
                for (FetchResponse fr : window) {
                    ItemRef item = place(fr, v, fixed, folder.id());
                    if (item != null) {
                        out.add(item);
                        if (out.size() == max) {
                            after = fr.getItem(UID.class).uid;
                            break;
                        }
                    }
                }
            }
            return new Page<>(out, after < last ? v + ":" + after : null);
        });
    }

    private static long[] parseCursor(String cursor) throws MailboxException {
        if (cursor == null) {
            return new long[] {0, 0};
        }
        try {
            int colon = cursor.indexOf(':');
            return new long[] {Long.parseLong(cursor.substring(0, colon)), Long.parseLong(cursor.substring(colon + 1))};
        } catch (RuntimeException e) {
            throw new MailboxException(Kind.FATAL, "The listing cursor \"" + cursor + "\" is not a Gmail cursor.");
        }
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(real(scanned(folder.id())), refs, handler);
    }

    /**
     * Move mode: removes the messages from Gmail, not just one label: they are expunged from All Mail first (Gmail
     * moves them to its Trash, every label off at once) and then from the folder the place was listed from (nothing is
     * left there then; it only matters where Gmail kept the label), or from Spam or Trash, found there by their
     * X-GM-MSGID ({@code UID SEARCH X-GM-MSGID}, a few ids per command: nothing grows
     * with the folder). The engine deletes only after the whole pass was copied, so a message's other places were
     * copied before; later folders no longer list it. When the connection has Trash copied too, a message moved there
     * from All Mail is removed from Trash as well (for good; it is on the target): left there, the next pass would copy
     * it a second time, into the target's deleted items.
     */
    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        String listed = scanned(folder.id());
        String gone = deleteFrom(folder.id());
        if (!listed.equals(gone)) {
            // All Mail first: a label taken off before an expunge from All Mail that then failed would leave a message
            // without labels, which the next pass lists among the unlabelled (Archive) and copies a second time
            removeFrom(gone, ids);
            removeFrom(listed, ids);
        } else {
            removeFrom(gone, ids);
        }
        String trash = includeTrash && gone.equals(specials().allMail()) ? specials().trash() : null;
        if (trash != null) {
            removeFrom(trash, ids);
        }
    }

    private void removeFrom(String handle, List<String> msgIds) throws MailboxException {
        List<String> numeric = msgIds.stream().filter(id -> id.matches("\\d{1,20}")).toList();
        List<String> found = session.run("finding messages in folder \"" + handle + "\"", Kind.FATAL, p -> {
            session.select(p, handle, false);
            long v = session.selectedUidValidity();
            List<String> uids = new ArrayList<>();
            for (int i = 0; i < numeric.size(); i += SEARCH_CHUNK) {
                List<String> chunk = numeric.subList(i, Math.min(numeric.size(), i + SEARCH_CHUNK));
                String key = "OR ".repeat(chunk.size() - 1) + String.join(" ", chunk.stream()
                        .map(id -> GmailProtocol.MSGID + " " + id).toList());
                for (long uid : ImapItems.uids(ImapSession.execute(p, "UID SEARCH " + key, null), 1)) {
                    uids.add(ImapIds.item(v, uid));
                }
            }
            return uids;
        });
        items.delete(real(handle), found);
    }

    /** No change tokens: a label change does not show in All Mail's UIDNEXT, so every pass lists the placement anew. */
    @Override
    public Capabilities capabilities() {
        Capabilities imap = super.capabilities();
        return new Capabilities(0, true, false, false, Set.of(ItemKind.MESSAGE),
                new FolderNameRules(imap.folderNames().caseSensitive(), Set.of(), ""), true);
    }

    /** Closes the session and frees its connection of the account, once however often it is called. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            super.close();
        } finally {
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    private String handle(String id) throws MailboxException {
        String handle = handles.get(id);
        if (handle == null) {
            throw new MailboxException(Kind.FATAL, session.config().side() + " has no folder or label \"" + id
                    + "\".");
        }
        return handle;
    }

    /**
     * The real folder that holds a place's messages, where they are listed and read: the label's own folder, INBOX,
     * Sent, Drafts, Spam, Trash; All Mail for Archive (its messages without another place). Gmail shows a message in
     * the folder of each of its labels, with the same X-GM-MSGID and flags.
     */
    private String scanned(String id) throws MailboxException {
        if (handles.isEmpty()) {
            folders();
        }
        return handle(id);
    }

    /**
     * Where move mode removes a message from Gmail, not just a label: All Mail (Gmail then moves it to its Trash), or
     * Spam and Trash themselves.
     */
    private String deleteFrom(String id) throws MailboxException {
        return id.equals(GmailLabels.SPAM) || id.equals(GmailLabels.TRASH) ? scanned(id) : specials().allMail();
    }

    private static MailFolder real(String handle) {
        return new MailFolder(handle, handle, List.of(handle), '/', FolderType.OTHER, true);
    }

    /**
     * The item of one listed message when its labels place it in {@code folderId} under the strategy; null when they
     * place it elsewhere (it is listed there). Only places this session offers count: a label the user hid from IMAP
     * ("Show in IMAP" off) has no folder, so a message with no other place lands in Archive, which is read from All
     * Mail, rather than in no folder at all.
     *
     * @param fixed the place every message of the folder lands in (Spam, Trash), null to place by labels
     */
    @SuppressWarnings("unchecked")
    private ItemRef place(FetchResponse fr, long uidValidity, String fixed, String folderId)
            throws org.eclipse.angus.mail.iap.ProtocolException {
        ItemRef base = ImapItems.toItem(fr, uidValidity);
        if (base == null) {
            return null;
        }
        Object id = fr.getExtensionItems().get(GmailProtocol.MSGID);
        if (!(id instanceof String msgId) || msgId.isBlank()) {
            throw new org.eclipse.angus.mail.iap.ProtocolException("the server sent no X-GM-MSGID: it offers no"
                    + " Gmail IMAP extensions (X-GM-EXT-1)");
        }
        Object labels = fr.getExtensionItems().get(GmailProtocol.LABELS);
        GmailLabels.Placement where = GmailLabels.place(labels instanceof List<?> l ? (List<String>) l : List.of(),
                base.state(), strategy, fixed == null && !folderId.equals(GmailLabels.ALL) ? folderId : null);
        if (fixed == null && !offered(where.folders()).contains(folderId)) {
            return null;
        }
        return new ItemRef(msgId, base.order(), ItemKind.MESSAGE, base.size(), base.received(), where.state(),
                base.messageId(), base.description(), null);
    }

    /** Those of {@code places} this session lists; Archive when none of them is. */
    private List<String> offered(List<String> places) {
        List<String> out = places.stream().filter(handles::containsKey).toList();
        return out.isEmpty() ? List.of(GmailLabels.ALL) : out;
    }

    private Specials specials() throws MailboxException {
        if (specials != null) {
            return specials;
        }
        ListInfo[] all = session.run("listing its folders", Kind.FATAL, p -> p.list("", "*"));
        Map<String, String> byUse = new HashMap<>();
        for (ListInfo li : all == null ? new ListInfo[0] : all) {
            for (String attr : li.attrs) {
                byUse.putIfAbsent(attr.toLowerCase(Locale.ROOT), li.name);
            }
        }
        String allMail = byUse.get("\\all");
        if (allMail == null) {
            throw new MailboxException(Kind.FATAL, session.config().side() + " shows no All Mail folder (SPECIAL-USE"
                    + " \\All): it is not a Gmail mailbox, or IMAP access to All Mail is hidden in Gmail's settings.");
        }
        int cut = allMail.lastIndexOf('/');
        specials = new Specials(allMail, byUse.get("\\sent"), byUse.get("\\drafts"), byUse.get("\\junk"),
                byUse.get("\\trash"), cut > 0 ? allMail.substring(0, cut) : null);
        return specials;
    }
}
