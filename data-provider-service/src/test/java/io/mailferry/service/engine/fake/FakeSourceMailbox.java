package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@link SourceMailbox} over a {@link FakeMailServer}. Bodies are buffered as a connector buffers them (spooled to a
 * temporary file above 1 MB) and handed over: the handler owns and closes them. Bodies the server marks unreadable,
 * and messages deleted since the listing, come with an ITEM error.
 */
public final class FakeSourceMailbox extends FakeSession implements SourceMailbox {
    FakeSourceMailbox(FakeMailServer server) {
        super(server);
    }

    @Override
    public Changes changes(MailFolder folder, String token) throws MailboxException {
        call("changes", folder.displayPath());
        return server.changes(folder, token);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        call("fetch", folder.displayPath());
        for (ItemRef item : items) {
            FakeMailServer.Stored s = server.get(folder, item.id());
            if (s == null) {
                handler.accept(item, null, MailboxException.gone(server.side()
                        + " could not deliver message UID " + item.order() + " of folder \"" + folder.displayPath()
                        + "\": it was deleted meanwhile"));
                continue;
            }
            if (server.unreadable(folder, s.uid())) {
                handler.accept(item, null, new MailboxException(MailboxException.Kind.ITEM,
                        "Source could not read the message: BAD parse error."));
                continue;
            }
            BufferedContent content;
            try {
                content = BufferedContent.read(new ByteArrayInputStream(s.bytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // an undescribed item comes described by its body, as IMAP's small ones do
            ItemRef told = item.described() || s.bytes().length > 1_000_000 ? null : server.item(folder, s.uid());
            handler.accept(told != null ? told : item, content, null); // the handler owns it now
        }
    }

    /** The items as the full listing gives them (those gone stay as they were): a "describe" call. */
    @Override
    public List<ItemRef> describe(MailFolder folder, List<ItemRef> items) throws MailboxException {
        call("describe", folder.displayPath());
        java.util.ArrayList<ItemRef> out = new java.util.ArrayList<>();
        for (ItemRef item : items) {
            ItemRef full = server.item(folder, item.order());
            out.add(full != null && full.id().equals(item.id()) ? full : item);
        }
        return out;
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        call("delete", folder.displayPath());
        server.delete(folder, ids);
    }
}
