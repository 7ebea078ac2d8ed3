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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Read side of one Gmail mailbox. Gmail shows a message once per label, as a folder each, and again in
 * {@code [Gmail]/All Mail}; reading the folders one by one would copy it once per label. This source reads the
 * listing of All Mail once per session ({@code X-GM-MSGID}, {@code X-GM-LABELS}, flags, sizes, headers) and places
 * each message by its labels under the connection's {@link GmailLabelStrategy} ({@link GmailLabels}); its bodies are
 * always read from All Mail (Spam and Trash, which Gmail keeps out of All Mail, from their own folders, when chosen).
 * Item ids are the X-GM-MSGID, stable whatever the folder's UIDs. The folders are Inbox, Sent, Drafts, Archive (All
 * Mail's messages without any other place), Junk and Trash when chosen, and with {@code FOLDER_PER_LABEL} the user
 * labels as Gmail lists them; Important and Starred are never folders. Reads only (EXAMINE). Not thread-safe.
 */
final class GmailSourceMailbox extends ImapMailbox implements SourceMailbox {
    private static final String ITEMS = ImapItems.ITEMS.replace("INTERNALDATE ", "INTERNALDATE "
            + GmailProtocol.MSGID + " " + GmailProtocol.LABELS + " ");
    private static final int FETCH_CHUNK = 500;
    private static final String EPOCH = "gmail";

    private final GmailLabelStrategy strategy;
    private final boolean includeSpam;
    private final boolean includeTrash;
    private final Runnable onClose;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The real folder each of our folder ids reads from or, for delete, removes from. */
    private final Map<String, String> handles = new HashMap<>();
    private Specials specials;
    private Map<String, List<ItemRef>> index;
    private String indexKey;

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
                handles.put(f.id(), f.handle());
                out.add(new MailFolder(f.id(), f.handle(), f.path(), f.separator(), FolderType.OTHER, f.selectable()));
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

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return new FolderState(EPOCH, null, items(folder).size());
    }

    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        if (!folder.selectable()) {
            return new Page<>(List.of(), null);
        }
        if (cursor == null) {
            refresh(); // a new listing sees what changed since the last one
        }
        List<ItemRef> all = items(folder);
        int from;
        try {
            from = cursor == null ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new MailboxException(Kind.FATAL, "The listing cursor \"" + cursor + "\" is not a Gmail cursor.");
        }
        int to = Math.min(all.size(), from + Math.max(1, limit));
        return new Page<>(all.subList(Math.min(from, to), to), to < all.size() ? Integer.toString(to) : null);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(real(readFrom(folder.id())), refs, handler);
    }

    /**
     * Move mode: removes the messages from Gmail, not just one label: they are expunged from All Mail (Gmail moves
     * them to its Trash), or from Spam or Trash, found there by their X-GM-MSGID. The engine deletes only after the
     * whole pass was copied, so a message's other labels were copied before; later folders no longer list it.
     */
    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        String handle = readFrom(folder.id());
        MailFolder real = real(handle);
        Map<String, String> byMsgId = session.run("finding messages in folder \"" + handle + "\"", Kind.FATAL, p -> {
            session.select(p, handle, false);
            long v = session.selectedUidValidity();
            Map<String, String> m = new HashMap<>();
            for (Response r : ImapSession.execute(p, "UID FETCH 1:* (UID " + GmailProtocol.MSGID + ")", null)) {
                if (r instanceof FetchResponse fr && fr.getItem(UID.class) != null
                        && fr.getExtensionItems().get(GmailProtocol.MSGID) instanceof String id) {
                    m.put(id, ImapIds.item(v, fr.getItem(UID.class).uid));
                }
            }
            return m;
        });
        items.delete(real, ids.stream().map(byMsgId::get).filter(java.util.Objects::nonNull).toList());
        index = null;
        indexKey = null;
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

    private List<ItemRef> items(MailFolder folder) throws MailboxException {
        if (handles.isEmpty()) {
            folders();
        }
        handle(folder.id()); // fails for a folder this mailbox does not have
        if (index == null) {
            refresh();
        }
        return index.getOrDefault(folder.id(), List.of());
    }

    private String handle(String id) throws MailboxException {
        String handle = handles.get(id);
        if (handle == null) {
            throw new MailboxException(Kind.FATAL, session.config().side() + " has no folder or label \"" + id
                    + "\".");
        }
        return handle;
    }

    /** Where the bodies of a folder's messages are read: Spam and Trash from themselves, the rest from All Mail. */
    private String readFrom(String id) throws MailboxException {
        return id.equals(GmailLabels.SPAM) || id.equals(GmailLabels.TRASH) ? handle(id) : specials().allMail();
    }

    private static MailFolder real(String handle) {
        return new MailFolder(handle, handle, List.of(handle), '/', FolderType.OTHER, true);
    }

    /** Reads the placement again when All Mail (or Spam, Trash) changed since it was read. */
    private void refresh() throws MailboxException {
        Specials s = specials();
        List<String> sources = new ArrayList<>(List.of(s.allMail()));
        if (includeSpam && s.spam() != null) {
            sources.add(s.spam());
        }
        if (includeTrash && s.trash() != null) {
            sources.add(s.trash());
        }
        StringBuilder key = new StringBuilder();
        for (String handle : sources) {
            FolderState st = items.state(real(handle));
            key.append(handle).append('=').append(st.epoch()).append(':').append(st.mark()).append(':')
                    .append(st.messageCount()).append(':').append(st.token()).append(';');
        }
        if (index != null && key.toString().equals(indexKey)) {
            return;
        }
        Map<String, List<ItemRef>> placed = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        readPlacement(s.allMail(), null, placed, seen);
        if (sources.contains(s.spam())) {
            readPlacement(s.spam(), GmailLabels.SPAM, placed, seen);
        }
        if (sources.contains(s.trash())) {
            readPlacement(s.trash(), GmailLabels.TRASH, placed, seen);
        }
        placed.values().forEach(l -> l.sort(Comparator.comparingLong(ItemRef::order)));
        index = placed;
        indexKey = key.toString();
    }

    /**
     * Lists one real folder in chunks of {@value #FETCH_CHUNK} UIDs and places each message once per X-GM-MSGID.
     *
     * @param fixed the one folder every message of it lands in (Spam, Trash), null to place by labels
     */
    private void readPlacement(String handle, String fixed, Map<String, List<ItemRef>> placed, Set<String> seen)
            throws MailboxException {
        session.run("listing folder \"" + handle + "\"", Kind.FATAL, p -> {
            session.select(p, handle, false);
            long v = session.selectedUidValidity();
            long[] uids = ImapItems.search(p, 1);
            for (int i = 0; i < uids.length; i += FETCH_CHUNK) {
                long[] chunk = Arrays.copyOfRange(uids, i, Math.min(uids.length, i + FETCH_CHUNK));
                Response[] r = ImapSession.execute(p, "UID FETCH " + UidSet.of(Arrays.stream(chunk).boxed().toList())
                        + " " + ITEMS, null);
                for (Response response : r) {
                    if (response instanceof FetchResponse fr) {
                        place(fr, v, fixed, placed, seen);
                    }
                }
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private void place(FetchResponse fr, long uidValidity, String fixed, Map<String, List<ItemRef>> placed,
            Set<String> seen) throws org.eclipse.angus.mail.iap.ProtocolException {
        ItemRef base = ImapItems.toItem(fr, uidValidity);
        if (base == null) {
            return;
        }
        Object id = fr.getExtensionItems().get(GmailProtocol.MSGID);
        if (!(id instanceof String msgId) || msgId.isBlank()) {
            throw new org.eclipse.angus.mail.iap.ProtocolException("the server sent no X-GM-MSGID: it offers no"
                    + " Gmail IMAP extensions (X-GM-EXT-1)");
        }
        if (!seen.add(msgId)) {
            return; // once per message, whatever folder shows it again
        }
        Object labels = fr.getExtensionItems().get(GmailProtocol.LABELS);
        GmailLabels.Placement where = GmailLabels.place(labels instanceof List<?> l ? (List<String>) l : List.of(),
                base.state(), strategy);
        List<String> folderIds = fixed == null ? where.folders() : List.of(fixed);
        ItemRef item = new ItemRef(msgId, base.order(), ItemKind.MESSAGE, base.size(), base.received(), where.state(),
                base.messageId(), base.headerDigest(), base.subject(), base.sentDate(), null);
        for (String folderId : folderIds) {
            placed.computeIfAbsent(folderId, k -> new ArrayList<>()).add(item);
        }
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
