package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.ContentHandler;
import io.mailferry.service.engine.ItemRef;
import io.mailferry.service.engine.MailFolder;
import io.mailferry.service.engine.MailboxException;
import io.mailferry.service.engine.SourceMailbox;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read side of one IMAP mailbox over one connection; folders are only EXAMINEd, so nothing changes on the source. */
public final class ImapSourceMailbox extends ImapMailbox implements SourceMailbox {
    ImapSourceMailbox(ImapSession session) {
        super(session);
    }

    @Override
    public Map<Long, Set<String>> changedSince(MailFolder folder, long modSeq) throws MailboxException {
        return items.changedSince(folder, modSeq);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(folder, refs, handler);
    }
}
