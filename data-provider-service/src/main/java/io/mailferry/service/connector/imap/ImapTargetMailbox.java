package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.AppendRequest;
import io.mailferry.service.engine.AppendResult;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.TargetMailbox;
import java.util.List;

/** Write side of one IMAP mailbox over one connection: folder creation, batched appends, reconciliation reads. */
public final class ImapTargetMailbox extends ImapMailbox implements TargetMailbox {
    private final ImapAppender appender;

    ImapTargetMailbox(ImapSession session, ImapAppender.Mode mode) {
        super(session);
        this.appender = new ImapAppender(session, mode);
    }

    /**
     * IMAP folder names are case-sensitive (RFC 3501 §5.1), INBOX excepted; ensureFolder still reuses a folder that
     * differs only by case when the server turns out to fold case.
     */
    @Override
    public boolean folderNamesCaseSensitive() {
        return true;
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return folders.ensure(path);
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
}
