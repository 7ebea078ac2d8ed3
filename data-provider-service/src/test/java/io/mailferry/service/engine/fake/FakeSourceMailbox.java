package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link SourceMailbox} over a {@link FakeMailServer}; bodies the server marks unreadable fail with ITEM. */
public final class FakeSourceMailbox extends FakeSession implements SourceMailbox {
    FakeSourceMailbox(FakeMailServer server) {
        super(server);
    }

    @Override
    public Map<Long, Set<String>> changedSince(MailFolder folder, long modSeq) throws MailboxException {
        call("changedSince", folder.displayPath());
        return server.condstore() ? server.changedSince(folder, modSeq) : null;
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        call("fetch", folder.displayPath());
        for (ItemRef item : items) {
            FakeMailServer.Stored s = server.get(folder, item.uid());
            if (s == null) {
                continue; // expunged meanwhile: a real server simply returns nothing for it
            }
            if (server.unreadable(folder, item.uid())) {
                handler.accept(item, null, new MailboxException(MailboxException.Kind.ITEM,
                        "Source could not read the message: BAD parse error."));
                continue;
            }
            try (BufferedContent c = BufferedContent.of(s.bytes())) {
                handler.accept(item, c, null);
            }
        }
    }

    @Override
    public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
        call("delete", folder.displayPath());
        server.delete(folder, uids);
    }
}
