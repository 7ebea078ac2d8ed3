package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
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

    /**
     * UID, size and flags (and INTERNALDATE when {@code dated}), which the server answers from its index: the bodies
     * describe the messages ({@link ImapBatchFetch}), so a server that has not read a message's header fields yet opens
     * its file once, for the body, instead of twice (ADR 0052).
     */
    @Override
    public Page<ItemRef> listUndescribed(MailFolder folder, String cursor, int limit, FolderState known,
            boolean dated) throws MailboxException {
        if (session.config().exchangeOnline()) {
            // Exchange builds each message's MIME anew: its header fields are not sure to read as its body's
            return list(folder, cursor, limit, known);
        }
        return items.list(folder, cursor, limit, known, dated ? ImapItems.UNDESCRIBED_DATED : ImapItems.UNDESCRIBED);
    }

    /** The header fields of undescribed items whose bodies did not tell, in one round trip. */
    @Override
    public List<ItemRef> describe(MailFolder folder, List<ItemRef> wanted) throws MailboxException {
        return items.describe(folder, wanted);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> refs, ContentHandler handler) throws MailboxException {
        bodies.fetch(folder, refs, handler);
    }
}
