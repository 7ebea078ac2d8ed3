package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import java.util.List;
import java.util.Set;

/** A session that dies like a real one: after a CONNECTION failure every call fails until the engine reopens. */
abstract class FakeSession {
    final FakeMailServer server;
    private boolean dead;
    private boolean closed;

    FakeSession(FakeMailServer server) {
        this.server = server;
    }

    void call(String point, String folder) throws MailboxException {
        if (closed) {
            throw new IllegalStateException(server.side() + " session used after close");
        }
        if (dead) {
            throw new MailboxException(MailboxException.Kind.CONNECTION, server.side() + " connection is closed.");
        }
        try {
            server.point(point, folder);
        } catch (MailboxException e) {
            if (e.kind() == MailboxException.Kind.CONNECTION) {
                dead = true;
            }
            throw e;
        }
    }

    /** A call that reads nothing, timed: the server's latency is its round trip. */
    public long roundTrip() throws MailboxException {
        long began = System.nanoTime();
        call("roundTrip", null);
        return server.measured() ? System.nanoTime() - began : -1;
    }

    public List<MailFolder> folders() throws MailboxException {
        call("folders", null);
        return server.listFolders();
    }

    public FolderState state(MailFolder folder) throws MailboxException {
        call("state", folder.displayPath());
        return server.state(folder);
    }

    /** UID-ascending pages; the cursor is the last UID handed out. */
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        call("list", folder.displayPath());
        return page(folder, cursor, limit);
    }

    /** A page as {@link #list} gives it, without a call of its own. */
    Page<ItemRef> page(MailFolder folder, String cursor, int limit) throws MailboxException {
        if (cursor == null && server.emptyFirstPage()) {
            return new Page<>(List.of(), "0");
        }
        long after;
        try {
            after = cursor == null ? 0 : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new MailboxException(MailboxException.Kind.FATAL,
                    "The listing cursor \"" + cursor + "\" is not a cursor of the " + server.side() + " fake.");
        }
        List<ItemRef> items = server.list(folder, after, limit);
        boolean more = items.size() == limit
                && !server.list(folder, items.get(items.size() - 1).order(), 1).isEmpty();
        return new Page<>(items, more ? String.valueOf(items.get(items.size() - 1).order()) : null);
    }

    /** As IMAP: ids, sizes and flags listed apart from the header fields, unless the server is told otherwise. */
    public boolean listsStatesApart() {
        return server.statesApart();
    }

    /**
     * The full listing's page without header fields and dates, as IMAP's {@code (UID RFC822.SIZE FLAGS)}: a
     * "listStates" call.
     */
    public Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        call("listStates", folder.displayPath());
        Page<ItemRef> full = page(folder, cursor, limit);
        return new Page<>(full.items().stream().map(i -> new ItemRef(i.id(), i.order(), i.kind(), i.size(), null,
                i.state(), null, null, null, null, i.stamp())).toList(), full.nextCursor());
    }

    /**
     * With {@link FakeMailServer#undescribedListings} on, the full listing's page with each item undescribed (and
     * undated unless {@code dated}): a "listUndescribed" call; else the full listing.
     */
    public Page<ItemRef> listUndescribed(MailFolder folder, String cursor, int limit, FolderState known,
            boolean dated) throws MailboxException {
        if (!server.undescribedListings()) {
            return list(folder, cursor, limit);
        }
        call("listUndescribed", folder.displayPath());
        Page<ItemRef> full = page(folder, cursor, limit);
        return new Page<>(full.items().stream().map(i -> new ItemRef(i.id(), i.order(), i.kind(), i.size(),
                dated ? i.received() : null, i.state(), null, io.mailferry.service.engine.port.ItemDescription.UNREAD,
                i.stamp())).toList(), full.nextCursor());
    }

    /** Each folder's {@link #listStates} page when it is the folder's only one, else null (as listWhole). */
    public List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return io.mailferry.service.engine.port.Mailbox.eachWhole(folders, limit, known, this::listStates);
    }

    /**
     * What an IMAP server offers: no size limit, byte-identical storage (unless {@code rebuilding}), no stamps,
     * CONDSTORE when switched on.
     */
    public Capabilities capabilities() {
        return new Capabilities(0, !server.rebuilding(), false, server.condstore(), Set.of(ItemKind.MESSAGE),
                new FolderNameRules(server.caseSensitive(), Set.of(), ""), true);
    }

    public void close() {
        closed = true;
    }
}
