package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link TargetMailbox} over a {@link FakeMailServer}. Appends call the hook at "append" (before each message is
 * stored) and "appended" (after), so a test can fail or crash after k of n messages; the server's reject and uidPlus
 * settings decide refusals and whether UIDs are reported.
 */
public final class FakeTargetMailbox extends FakeSession implements TargetMailbox {
    FakeTargetMailbox(FakeMailServer server) {
        super(server);
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        call("ensureFolder", String.join("/", path));
        return server.ensure(path);
    }

    @Override
    public List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
        call("listFrom", folder.displayPath());
        return server.listFrom(folder, minUid);
    }

    @Override
    public List<WriteResult> append(MailFolder folder, List<WriteRequest> messages) throws MailboxException {
        call("appendBatch", folder.displayPath());
        List<WriteResult> results = new ArrayList<>();
        for (WriteRequest m : messages) {
            call("append", folder.displayPath());
            byte[] bytes;
            try (InputStream in = m.content().open()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (server.rejects(new String(bytes, StandardCharsets.UTF_8))) {
                results.add(WriteResult.rejected("NO [LIMIT] Message too large for this server"));
                continue;
            }
            long uid = server.store(folder, bytes, m.flags(), m.internalDate());
            results.add(server.uidPlus() ? WriteResult.stored(uid, server.state(folder).uidValidity())
                    : WriteResult.stored(0));
            call("appended", folder.displayPath());
        }
        return results;
    }

    @Override
    public void setFlags(MailFolder folder, Set<String> flags, List<Long> uids) throws MailboxException {
        call("setFlags", folder.displayPath());
        server.setFlags(folder, flags, uids);
    }

    @Override
    public String sha256(MailFolder folder, long uid) throws MailboxException {
        call("sha256", folder.displayPath());
        FakeMailServer.Stored s = server.get(folder, uid);
        if (s == null) {
            throw new MailboxException(MailboxException.Kind.ITEM, "Target has no message " + uid + ".");
        }
        return FakeMailServer.sha256(s.bytes());
    }

    @Override
    public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
        call("delete", folder.displayPath());
        server.delete(folder, uids);
    }

    @Override
    public boolean folderNamesCaseSensitive() {
        return server.caseSensitive();
    }
}
