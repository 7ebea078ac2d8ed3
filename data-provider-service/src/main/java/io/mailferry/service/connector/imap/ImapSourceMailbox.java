package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.ContentHandler;
import io.mailferry.service.engine.FolderState;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.Page;
import io.mailferry.service.engine.SourceMailbox;
import java.util.List;

/** Read side of one IMAP mailbox over one connection; folders are only EXAMINEd, so nothing changes on the source. */
public final class ImapSourceMailbox implements SourceMailbox {
    private final ImapSession session;
    private final ImapFolders folders;
    private final ImapItems items;
    private final ImapBodies bodies;

    ImapSourceMailbox(ImapSession session) {
        this.session = session;
        this.folders = new ImapFolders(session);
        this.items = new ImapItems(session);
        this.bodies = new ImapBodies(session);
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        return folders.list();
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        return items.state(folder);
    }

    @Override
    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return items.list(folder, cursor, limit);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(folder, refs, handler);
    }

    @Override
    public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
        items.delete(folder, uids);
    }

    @Override
    public void close() {
        session.close();
    }
}
