package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.FolderState;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.Page;
import java.util.List;

/** What the source and target sides share: one session, its folders, listings, bodies and deletion. */
abstract class ImapMailbox implements AutoCloseable {
    final ImapSession session;
    final ImapFolders folders;
    final ImapItems items;
    final ImapBodies bodies;

    ImapMailbox(ImapSession session) {
        this.session = session;
        this.folders = new ImapFolders(session);
        this.items = new ImapItems(session);
        this.bodies = new ImapBodies(session);
    }

    public List<MailFolder> folders() throws MailboxException {
        return folders.list();
    }

    public FolderState state(MailFolder folder) throws MailboxException {
        return items.state(folder);
    }

    public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
        return items.list(folder, cursor, limit);
    }

    public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
        items.delete(folder, uids);
    }

    @Override
    public void close() {
        session.close();
    }
}
