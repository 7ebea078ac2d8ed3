package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.AppendRequest;
import io.mailferry.service.engine.AppendResult;
import io.mailferry.service.engine.FolderState;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.Page;
import io.mailferry.service.engine.TargetMailbox;
import java.util.List;

/** Write side of one IMAP mailbox over one connection: folder creation, batched appends, reconciliation reads. */
public final class ImapTargetMailbox implements TargetMailbox {
    private final ImapSession session;
    private final ImapFolders folders;
    private final ImapItems items;
    private final ImapBodies bodies;
    private final ImapAppender appender;

    ImapTargetMailbox(ImapSession session, ImapAppender.Mode mode) {
        this.session = session;
        this.folders = new ImapFolders(session);
        this.items = new ImapItems(session);
        this.bodies = new ImapBodies(session);
        this.appender = new ImapAppender(session, mode);
    }

    @Override
    public List<MailFolder> folders() throws MailboxException {
        return folders.list();
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return folders.ensure(path);
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
    public List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
        return items.listFrom(folder, minUid);
    }

    @Override
    public List<AppendResult> append(MailFolder folder, List<AppendRequest> messages) throws MailboxException {
        return appender.append(folder, messages);
    }

    @Override
    public String sha256(MailFolder folder, long uid) throws MailboxException {
        return bodies.sha256(folder, uid);
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
