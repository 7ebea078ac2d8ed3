package io.mailferry.service.engine.opaque;

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

/**
 * What both sides of an opaque-store session share. A session dies like a real one: after a CONNECTION failure every
 * call fails until the engine reopens. Listings hand out the folder's change token on their last page (read when the
 * listing began), as Graph's delta round does; the folder state has none.
 */
abstract class OpaqueSession implements AutoCloseable {
    static final Capabilities CAPABILITIES = new Capabilities(OpaqueMailServer.MAX_ITEM_BYTES, false, true, true,
            Set.of(ItemKind.MESSAGE, ItemKind.EVENT, ItemKind.CONTACT, ItemKind.TASK),
            new FolderNameRules(false, Set.of("Files"), "\\"), false, true);

    final OpaqueMailServer server;
    final String address;
    private boolean dead;
    private boolean closed;

    OpaqueSession(OpaqueMailServer server, String address) {
        this.server = server;
        this.address = address;
    }

    void call(String point) throws MailboxException {
        if (closed) {
            throw new IllegalStateException("opaque session used after close");
        }
        if (dead) {
            throw new MailboxException(MailboxException.Kind.CONNECTION, "Opaque store connection is closed.");
        }
        try {
            server.point(point);
        } catch (MailboxException e) {
            if (e.kind() == MailboxException.Kind.CONNECTION) {
                dead = true;
            }
            throw e;
        }
    }

    public List<MailFolder> folders() throws MailboxException {
        call("folders");
        return server.folders(address);
    }

    public FolderState state(MailFolder folder) throws MailboxException {
        call("state");
        return new FolderState("1", null, server.folder(address, folder.id()).items.size());
    }

    /** Pages in id order; the cursor is "last id|token at the start of the listing". */
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        call("list");
        String after = cursor == null ? null : cursor.substring(0, cursor.indexOf('|'));
        String token = cursor == null ? server.token(address, folder.id()) : cursor.substring(cursor.indexOf('|') + 1);
        List<ItemRef> items = server.list(address, folder.id(), after, limit);
        boolean more = items.size() == limit
                && !server.list(address, folder.id(), items.get(items.size() - 1).id(), 1).isEmpty();
        return more ? new Page<>(items, items.get(items.size() - 1).id() + "|" + token, null)
                : new Page<>(items, null, token);
    }

    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        closed = true;
    }
}
