package io.mailferry.service.engine.fake;

import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.ArrivalMatcher;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * {@link TargetMailbox} over a {@link FakeMailServer}, behaving as the IMAP connector does. Writes call the hook at
 * "appendBatch" (once per write), "append" (before each message is stored) and "appended" (after), so a test can fail
 * or crash after k of n messages; the server's reject and uidPlus settings decide refusals and whether ids are
 * reported. Write marks are "UIDVALIDITY:UIDNEXT", learnt from the last folder state read or from the last write's
 * ids when every stored message came back with one (no "state" round trip), each used once, else read from the
 * folder state. Reconciliation ({@link #arrived}) lists the
 * messages at or above the lowest recorded UIDNEXT ("listFrom") and hashes each ("hash"), then claims one message
 * per pending write: by hash first, by dedup key for the rest.
 */
public final class FakeTargetMailbox extends FakeSession implements TargetMailbox {
    /** Per folder id: the write mark learnt from the last state or write, taken by the next writeMark. */
    private final Map<String, long[]> learnt = new HashMap<>();

    FakeTargetMailbox(FakeMailServer server) {
        super(server);
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        call("ensureFolder", String.join("/", path));
        return server.ensure(path);
    }

    /** A round trip that creates nothing (each folder is made by {@link #ensureFolder}), seen by the hooks. */
    @Override
    public void prepareFolders(List<List<String>> paths) throws MailboxException {
        call("prepareFolders", null);
    }

    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        FolderState state = super.state(folder);
        String[] mark = state.mark() == null ? new String[0] : state.mark().split(":");
        if (mark.length == 2) {
            learnt.put(folder.id(), new long[] {Long.parseLong(mark[0]), Long.parseLong(mark[1])});
        }
        return state;
    }

    @Override
    public String writeMark(MailFolder folder) throws MailboxException {
        long[] known = learnt.remove(folder.id());
        if (known != null) {
            return known[0] + ":" + known[1];
        }
        return super.state(folder).mark();
    }

    @Override
    public boolean writesBatchesAtOnce(MailFolder folder) {
        return server.batchedWrites();
    }

    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
        learnt.remove(folder.id());
        call("appendBatch", folder.displayPath());
        if (items.size() > server.dropWritesAbove()) {
            throw new MailboxException(MailboxException.Kind.CONNECTION, "Target closed the connection.");
        }
        List<WriteResult> results = new ArrayList<>();
        for (WriteRequest m : items) {
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
            // without a received date the server takes the arrival time, as IMAP APPEND does
            Instant received = m.received() != null ? m.received() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String id = server.store(folder, bytes, FakeFlags.toFlags(m.state()), received);
            results.add(WriteResult.stored(server.uidPlus() ? id : null));
            call("appended", folder.displayPath());
        }
        learn(folder, results);
        return results;
    }

    /** Keeps "highest written UID + 1" when every stored message came back with a UID of one UIDVALIDITY. */
    private void learn(MailFolder folder, List<WriteResult> results) {
        long validity = 0;
        long highest = 0;
        for (WriteResult r : results) {
            if (!r.ok()) {
                continue;
            }
            long[] n = FakeMailServer.numbers(r.targetId());
            if (n == null || n.length != 2 || (validity != 0 && n[0] != validity)) {
                return;
            }
            validity = n[0];
            highest = Math.max(highest, n[1]);
        }
        if (highest > 0) {
            learnt.put(folder.id(), new long[] {validity, highest + 1});
        }
    }

    /** As the IMAP connector does it: the window at or above the recorded UIDNEXTs, matched by hash then key. */
    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        long uidValidity = Long.parseLong(state(folder).epoch());
        long[] minUid = new long[pending.size()];
        long from = Long.MAX_VALUE;
        for (int i = 0; i < pending.size(); i++) {
            long[] mark = FakeMailServer.numbers(pending.get(i).mark());
            minUid[i] = mark != null && mark.length == 2 && mark[0] == uidValidity ? Math.max(1, mark[1]) : -1;
            if (minUid[i] > 0) {
                from = Math.min(from, minUid[i]);
            }
        }
        if (from == Long.MAX_VALUE) {
            return Arrays.asList(new String[pending.size()]);
        }
        call("listFrom", folder.displayPath());
        List<ItemRef> candidates = new ArrayList<>();
        for (ItemRef item : server.listFrom(folder, from)) {
            if (!own.contains(item.id())) {
                candidates.add(item);
            }
        }
        return ArrivalMatcher.match(pending, minUid, candidates, c -> hash(folder, c));
    }

    /** The content hash of a stored message, one round trip each (IMAP streams the body to hash it). */
    private ContentHash.Computed hash(MailFolder folder, ItemRef item) throws MailboxException {
        call("hash", folder.displayPath());
        FakeMailServer.Stored s = server.get(folder, item.id());
        if (s == null) {
            throw new MailboxException(MailboxException.Kind.ITEM, server.side() + " has no message UID "
                    + item.order() + " in folder \"" + folder.displayPath() + "\".");
        }
        return FakeMailServer.contentHash(s.bytes());
    }

    /** As the IMAP target: ids, sizes and flags apart only where writes report ids (UIDPLUS). */
    @Override
    public boolean listsStatesApart() {
        return super.listsStatesApart() && server.uidPlus();
    }

    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        call("setState", folder.displayPath());
        server.setFlags(folder, FakeFlags.toFlags(state), ids);
    }

    @Override
    public void delete(MailFolder folder, List<String> ids) throws MailboxException {
        call("delete", folder.displayPath());
        server.delete(folder, ids);
    }

    /** Same UIDVALIDITY and a UID below the mark's UIDNEXT: UIDs are never reused, so absence proves removal. */
    @Override
    public boolean provenGone(String mark, String id) {
        long[] m = FakeMailServer.numbers(mark);
        long[] i = FakeMailServer.numbers(id);
        return m != null && i != null && m.length == 2 && i.length == 2 && m[0] == i[0] && i[1] < m[1];
    }
}
