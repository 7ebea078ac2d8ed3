package io.mailferry.service.engine.opaque;

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

/** {@link SourceMailbox} over an {@link OpaqueMailServer}: bodies as stored (rewritten), changes by token. */
final class OpaqueSourceMailbox extends OpaqueSession implements SourceMailbox {
    OpaqueSourceMailbox(OpaqueMailServer server, String address) {
        super(server, address);
    }

    @Override
    public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
        call("fetch");
        for (ItemRef ref : items) {
            OpaqueMailServer.Item item = server.item(address, folder.id(), ref.id());
            if (item == null) {
                handler.accept(ref, null, MailboxException.gone(
                        "Source store has no item " + ref.id() + " any more (deleted meanwhile)."));
                continue;
            }
            try {
                handler.accept(ref, BufferedContent.read(new ByteArrayInputStream(item.stored)), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Changes changes(MailFolder folder, String token) throws MailboxException {
        call("changes");
        List<ItemRef> changed = server.changedSince(address, folder.id(), token);
        return changed == null ? Changes.EXPIRED : Changes.of(changed, server.token(address, folder.id()));
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        call("delete");
        server.delete(address, folder.id(), ids);
    }
}
