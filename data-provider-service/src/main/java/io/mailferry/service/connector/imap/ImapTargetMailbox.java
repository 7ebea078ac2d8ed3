package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write side of one IMAP mailbox over one connection: folder creation, batched appends, reconciliation reads.
 *
 * <p>Write marks are "UIDVALIDITY:UIDNEXT" and only have to be a lower bound of the UIDs the next append may produce
 * (reconciliation looks at the target messages at or above it): after an append whose every stored message came back
 * with its UID under the same UIDVALIDITY (APPENDUID), the next mark of the same folder is "highest UID + 1" — UIDs
 * only grow within one UIDVALIDITY — instead of a STATUS round trip; the first append, and any after an answer
 * without UIDs, another UIDVALIDITY or a failure, asks the server.
 *
 * <p>On Exchange Online a flagged message gets its {@code \\Flagged} once more by STORE after the APPEND: imapsync's
 * FAQ.Office365 reports the flag set by APPEND alone as forgotten outside IMAP.
 */
public final class ImapTargetMailbox extends ImapMailbox implements TargetMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(ImapTargetMailbox.class);
    private final ImapAppender appender;
    private final ImapReconciler reconciler;
    /**
     * Per folder handle: the write mark learnt from the last append's APPENDUIDs or the last STATUS, taken by the next
     * writeMark. A mark read earlier than the write is as good (the target only looks at more messages when it
     * reconciles), never later than it.
     */
    private final Map<String, long[]> learnt = new HashMap<>();

    ImapTargetMailbox(ImapSession session, ImapAppender.Mode mode) {
        this(session, mode, new AtomicLong(Long.MAX_VALUE));
    }

    /** @param refusedSize the smallest message size this mailbox refused as too large, shared by its sessions */
    ImapTargetMailbox(ImapSession session, ImapAppender.Mode mode, AtomicLong refusedSize) {
        super(session);
        this.appender = new ImapAppender(session, mode, refusedSize);
        this.reconciler = new ImapReconciler(items, bodies);
    }

    @Override
    public MailFolder ensureFolder(List<String> path) throws MailboxException {
        return folders.ensure(path);
    }

    /** A batch's APPENDs go in one round trip ({@link ImapAppender}). */
    @Override
    public boolean writesBatchesAtOnce(MailFolder folder) {
        return true;
    }

    /** Every missing folder created in one round trip (not on Exchange Online: see {@link ImapFolders#prepare}). */
    @Override
    public void prepareFolders(List<List<String>> paths) throws MailboxException {
        folders.prepare(paths);
    }

    /**
     * Keeps the state's write mark for the next {@link #writeMark} of the folder: the engine reads a target folder's
     * state just before its first batch (duplicate check), so that batch needs no STATUS of its own.
     */
    @Override
    public FolderState state(MailFolder folder) throws MailboxException {
        FolderState state = super.state(folder);
        long[] mark = ImapIds.numbers(state.mark());
        if (mark != null && mark.length == 2) {
            learnt.put(folder.handle(), mark);
        }
        return state;
    }

    @Override
    public String writeMark(MailFolder folder) throws MailboxException {
        long[] known = learnt.remove(folder.handle());
        if (known != null) {
            return known[0] + ":" + known[1];
        }
        return super.state(folder).mark();
    }

    @Override
    public List<WriteResult> write(MailFolder folder, List<WriteRequest> requests) throws MailboxException {
        learnt.remove(folder.handle());
        List<WriteResult> results = appender.append(folder, requests);
        learn(folder, results);
        if (session.config().exchangeOnline()) {
            flagAgain(folder, requests, results);
        }
        return results;
    }

    /**
     * Sets the state of the stored flagged messages by STORE as well. A refused STORE leaves the message stored
     * without the flag (logged); a lost connection is thrown (the engine then finds the stored messages).
     */
    private void flagAgain(MailFolder folder, List<WriteRequest> requests, List<WriteResult> results)
            throws MailboxException {
        Map<ItemState, List<String>> flagged = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            ItemState state = requests.get(i).state();
            if (results.get(i).ok() && state != null && state.flagged() && results.get(i).targetId() != null) {
                flagged.computeIfAbsent(state, s -> new ArrayList<>()).add(results.get(i).targetId());
            }
        }
        for (Map.Entry<ItemState, List<String>> e : flagged.entrySet()) {
            try {
                items.setState(folder, e.getKey(), e.getValue());
            } catch (MailboxException refused) {
                if (refused.kind() != MailboxException.Kind.ITEM) {
                    throw refused;
                }
                LOG.warn("{}: {} message(s) stored without their flag: {}", session.config().describe(),
                        e.getValue().size(), refused.getMessage());
            }
        }
    }

    /** Keeps "highest appended UID + 1" when every stored message came back with a UID of one UIDVALIDITY. */
    private void learn(MailFolder folder, List<WriteResult> results) {
        long validity = 0;
        long highest = 0;
        for (WriteResult r : results) {
            if (!r.ok()) {
                continue;
            }
            long[] n = ImapIds.numbers(r.targetId());
            if (n == null || n.length != 2 || (validity != 0 && n[0] != validity)) {
                return;
            }
            validity = n[0];
            highest = Math.max(highest, n[1]);
        }
        if (highest > 0) {
            learnt.put(folder.handle(), new long[] {validity, highest + 1});
        }
    }

    @Override
    public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        return reconciler.arrived(folder, state(folder), pending, own);
    }

    /**
     * As a source ({@link ImapMailbox#listsStatesApart}), only with UIDPLUS: without it the ledger knows no UID of a
     * copy, so verification would need the header fields of every item anyway.
     */
    @Override
    public boolean listsStatesApart() {
        try {
            return session.hasCapability("UIDPLUS");
        } catch (MailboxException e) {
            return false; // no session to ask: the full listing, which reports the failure itself
        }
    }

    @Override
    public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
        items.setState(folder, state, ids);
    }

    @Override
    public boolean provenGone(String mark, String id) {
        long[] m = ImapIds.numbers(mark);
        long[] i = ImapIds.numbers(id);
        return m != null && i != null && m.length == 2 && i.length == 2 && m[0] == i[0] && i[1] < m[1];
    }
}
