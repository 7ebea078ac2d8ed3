package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.AppendRequest;
import io.mailferry.service.engine.AppendResult;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.TargetMailbox;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Write side of one IMAP mailbox over one connection: folder creation, batched appends, reconciliation reads. */
public final class ImapTargetMailbox extends ImapMailbox implements TargetMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(ImapTargetMailbox.class);
    private final ImapAppender appender;

    ImapTargetMailbox(ImapSession session, ImapAppender.Mode mode) {
        super(session);
        this.appender = new ImapAppender(session, mode);
    }

    /**
     * RFC 3501 leaves case to the server (INBOX excepted): Dovecot tells "Work" from "work", GreenMail and Exchange
     * do not. Probed on the server once per session; when the probe cannot run, the safe answer (false) lets the
     * folder mapper keep such folders apart instead of merging them.
     */
    @Override
    public boolean folderNamesCaseSensitive() {
        try {
            return folders.caseSensitive();
        } catch (MailboxException e) {
            LOG.warn("{}: could not tell whether folder names are case-sensitive, assuming not: {}",
                    session.config().describe(), e.getMessage());
            return false;
        }
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
    public void setFlags(MailFolder folder, Set<String> flags, List<Long> uids) throws MailboxException {
        items.setFlags(folder, flags, uids);
    }

    @Override
    public String sha256(MailFolder folder, long uid) throws MailboxException {
        return bodies.sha256(folder, uid);
    }
}
