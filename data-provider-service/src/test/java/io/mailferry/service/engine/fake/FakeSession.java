package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import java.util.List;

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
        List<ItemRef> items = server.list(folder, cursor == null ? 0 : Long.parseLong(cursor), limit);
        boolean more = items.size() == limit && !server.list(folder, items.get(items.size() - 1).uid(), 1).isEmpty();
        return new Page<>(items, more ? String.valueOf(items.get(items.size() - 1).uid()) : null);
    }

    public void close() {
        closed = true;
    }
}
