package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.List;

/** Read side of one IMAP mailbox over one connection; folders are only EXAMINEd, so nothing changes on the source. */
public final class ImapSourceMailbox extends ImapMailbox implements SourceMailbox {
    ImapSourceMailbox(ImapSession session) {
        super(session);
    }

    @Override
    public Changes changes(MailFolder folder, String token) throws MailboxException {
        return items.changes(folder, token);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(folder, refs, handler);
    }
}
