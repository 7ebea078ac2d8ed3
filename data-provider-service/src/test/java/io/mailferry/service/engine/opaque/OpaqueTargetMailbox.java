package io.mailferry.service.engine.opaque;

import io.mailferry.model.job.FolderClass;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link TargetMailbox} over an {@link OpaqueMailServer}. Each item is stored with its identity stamp (never a write
 * mark: ids are never reused, and the stamp finds an interrupted write). The hook is called at "write" before each
 * item is stored and at "written" after, so a test can crash between the store and the ledger.
 */
final class OpaqueTargetMailbox extends OpaqueSession implements TargetMailbox {
    /** Content carrying this header is refused, as a target refuses a message it cannot take. */
    static final String REFUSE = "X-Opaque-Refuse: yes";

    OpaqueTargetMailbox(OpaqueMailServer server, String address) {
        super(server, address);
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        call("ensureFolder");
        return server.ensure(address, path);
    }

    @Override
    public MailFolder ensureFolder(List<String> path, FolderClass folderClass) throws MailboxException {
        call("ensureFolder");
        return server.ensure(address, path, folderClass);
    }

    @Override
    public String writeMark(MailFolder folder) throws MailboxException {
        call("writeMark");
        return null;
    }

    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        call("writeBatch");
        List<WriteResult> results = new ArrayList<>();
        for (WriteRequest r : items) {
            call("write");
            byte[] raw;
            try (InputStream in = r.content().open()) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (new String(raw, StandardCharsets.UTF_8).contains(REFUSE)) {
                results.add(WriteResult.rejected("The store refused the item (it asked to be refused)."));
                continue;
            }
            results.add(WriteResult.stored(server.store(address, folder.id(), raw, r.state(), r.received(),
                    r.stamp())));
            call("written");
        }
        return results;
    }

    /** Looks each pending write's stamp up (never an item the ledger holds already; each item answers once). */
    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        call("arrived");
        Set<String> taken = new HashSet<>(own);
        List<String> answer = new ArrayList<>();
        List<ItemRef> all = server.list(address, folder.id(), null, Integer.MAX_VALUE);
        for (PendingWrite w : pending) {
            String id = all.stream().filter(i -> w.stamp() != null && w.stamp().equals(i.stamp()))
                    .map(ItemRef::id).filter(i -> !taken.contains(i)).findFirst().orElse(null);
            if (id != null) {
                taken.add(id);
            }
            answer.add(id);
        }
        return answer;
    }

    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        call("setState");
        for (String id : ids) {
            server.setState(address, folder.id(), id, state);
        }
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        call("delete");
        server.delete(address, folder.id(), ids);
    }

    @Override
    public boolean provenGone(String mark, String id) {
        return true; // ids are never reused: an id a full listing lacks was removed
    }
}
