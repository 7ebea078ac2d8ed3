package io.mailferry.service.categories;

import io.mailferry.service.connector.graph.GraphCategories;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Microsoft 365 target written over Exchange Online IMAP, with its items' keywords kept as Outlook categories
 * through Graph ({@link GraphCategories}, found by Message-ID in the folder of the same path), as Exchange's IMAP keeps
 * no keywords:
 * <ul>
 *   <li>{@link #write}: after the append, each stored message with keywords gets its categories;</li>
 *   <li>{@link #list}: a listing shows each message's categories as its keywords (one Graph listing of the folder's
 *       categorised messages per listing), so the engine's state sync sees what Outlook holds;</li>
 *   <li>{@link #setState}: the state sync sets them where they differ — this also heals a crash between an append and
 *       its categories, and categories a throttled or failed call left unset.</li>
 * </ul>
 * Keywords are compared as the categories they become ({@link #keptAs}, {@link CategoryNames}). Categories never fail
 * an item: without {@code Mail.ReadWrite} they are off for the pass ({@link CategoriesSwitch}, one log line) and the
 * target keeps no keywords; a throttled call in a write leaves the rest to the state sync, one in a listing or state
 * sync is THROTTLED as Graph said (the engine waits it out); any other Graph failure is logged, and in a state sync
 * reported for the folder, so the next pass tries again. Everything else is the IMAP target's. Not thread-safe (one per
 * engine session).
 */
final class CategoriesTargetMailbox implements TargetMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(CategoriesTargetMailbox.class);

    private final TargetMailbox imap;
    private final GraphCategories graph;
    private final CategoriesSwitch categories;
    /** The folder last listed from its start, and what its listing told: Message-ID per item, categories per ID. */
    private String listed;
    private Map<String, String> messageIds = Map.of();
    private Map<String, Set<String>> categorised;

    CategoriesTargetMailbox(TargetMailbox imap, GraphCategories graph, CategoriesSwitch categories) {
        this.imap = imap;
        this.graph = graph;
        this.categories = categories;
    }

    /** The category a keyword becomes; none while categories are off (Exchange's IMAP keeps no keywords). */
    @Override
    public String keptAs(String keyword) {
        return categories.on() ? CategoryNames.of(keyword) : null;
    }

    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        List<WriteResult> results = imap.write(folder, items);
        for (int i = 0; i < results.size() && i < items.size() && categories.on(); i++) {
            WriteRequest r = items.get(i);
            List<String> names = r.state() == null ? List.of() : CategoryNames.of(r.state());
            if (!results.get(i).ok() || names.isEmpty() || r.source() == null) {
                continue;
            }
            try {
                GraphCategories.Outcome o = graph.set(folder.path(), r.source().messageId(), names);
                if (o == GraphCategories.Outcome.NOT_FOUND) {
                    LOG.debug("{}: message {} not found through Graph yet; the state sync sets its categories",
                            graph.who(), r.source().messageId());
                }
            } catch (GraphCategories.Denied d) {
                categories.off(d.getMessage());
            } catch (MailboxException e) {
                // the messages are stored: the state sync of this pass sets what is left, throttling waited out there
                LOG.info("{}: categories of {} message(s) left to the state sync: {}", graph.who(),
                        results.size() - i, e.getMessage());
                break;
            }
        }
        return results;
    }

    /** The IMAP listing, each message's keywords replaced by its categories as Graph lists them. */
    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return list(folder, cursor, limit, null);
    }

    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        Page<ItemRef> page = imap.list(folder, cursor, limit, known);
        if (cursor == null) {
            listed = folder.id();
            messageIds = new HashMap<>();
            categorised = categorised(folder);
        } else if (!folder.id().equals(listed)) {
            return page;
        }
        List<ItemRef> items = new ArrayList<>(page.items().size());
        for (ItemRef item : page.items()) {
            String mid = item.messageId() == null || item.messageId().isBlank() ? null : item.messageId().trim();
            messageIds.put(item.id(), mid); // null too: an item without Message-ID is known, and cannot be found
            items.add(categorised == null || mid == null ? item : withKeywords(item,
                    categorised.getOrDefault(mid, Set.of())));
        }
        return new Page<>(items, page.nextCursor(), page.token());
    }

    /** The folder's categorised messages, or null when they cannot be read now (the listing shows IMAP's keywords). */
    private Map<String, Set<String>> categorised(MailFolder folder) throws MailboxException {
        if (!categories.on()) {
            return null;
        }
        try {
            return graph.inFolder(folder.path());
        } catch (GraphCategories.Denied d) {
            categories.off(d.getMessage());
        } catch (MailboxException e) {
            if (e.kind() == MailboxException.Kind.THROTTLED) {
                throw e;
            }
            LOG.warn("{}: categories of folder \"{}\" not read: {}", graph.who(), folder.displayPath(),
                    e.getMessage());
        }
        return null;
    }

    private static ItemRef withKeywords(ItemRef r, Set<String> keywords) {
        ItemState s = r.state();
        return new ItemRef(r.id(), r.order(), r.kind(), r.size(), r.received(), new ItemState(s.read(), s.flagged(),
                s.answered(), s.forwarded(), s.draft(), s.deleted(), keywords), r.messageId(), r.description(),
                r.stamp());
    }

    /**
     * The IMAP state, then the categories of each item whose categories, as last listed, differ from the state's. An
     * item this session has not listed (a reconnect since) is looked up through its folder's IMAP listing again.
     */
    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        imap.setState(folder, state, ids);
        if (!categories.on()) {
            return;
        }
        if (!folder.id().equals(listed) || !messageIds.keySet().containsAll(ids)) {
            index(folder);
        }
        List<String> names = CategoryNames.of(state);
        Set<String> wanted = caseless(names);
        try {
            for (String id : ids) {
                String mid = messageIds.get(id);
                if (mid == null || (categorised == null ? names.isEmpty()
                        : caseless(categorised.getOrDefault(mid, Set.of())).equals(wanted))) {
                    continue; // no Message-ID to find it by, Outlook already has these, or none to set (as far as known)
                }
                graph.set(folder.path(), mid, names);
                if (categorised != null) {
                    categorised.put(mid, wanted);
                }
            }
        } catch (GraphCategories.Denied d) {
            categories.off(d.getMessage());
        } catch (MailboxException e) {
            if (e.kind() == MailboxException.Kind.THROTTLED) {
                throw e;
            }
            throw new MailboxException(MailboxException.Kind.ITEM, e.getMessage(), e);
        }
    }

    /** Lists {@code folder} again (IMAP, and its categories) to learn its items' Message-IDs. */
    private void index(MailFolder folder) throws MailboxException {
        String cursor = null;
        do {
            cursor = list(folder, cursor, 1000).nextCursor();
        } while (cursor != null);
    }

    private static Set<String> caseless(java.util.Collection<String> names) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        out.addAll(names);
        return out;
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        return imap.folders();
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return imap.ensureFolder(path);
    }

    @Override
    public void prepareFolders(List<List<String>> paths) throws MailboxException {
        imap.prepareFolders(paths);
    }

    @Override
    public boolean writesBatchesAtOnce(MailFolder folder) {
        return imap.writesBatchesAtOnce(folder);
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return imap.state(folder);
    }

    /** The IMAP side's: it carries the messages, so its round trips bound the batches. */
    @Override
    public long roundTrip() throws MailboxException {
        return imap.roundTrip();
    }

    @Override
    public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        return imap.states(folders);
    }

    @Override
    public String writeMark(MailFolder folder) throws MailboxException {
        return imap.writeMark(folder);
    }

    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        return imap.arrived(folder, pending, own);
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        imap.delete(folder, ids);
    }

    @Override
    public boolean provenGone(String mark, String id) {
        return imap.provenGone(mark, id);
    }

    @Override
    public Capabilities capabilities() {
        return imap.capabilities();
    }

    @Override
    public void close() {
        messageIds = Map.of();
        categorised = null;
        imap.close();
    }
}
