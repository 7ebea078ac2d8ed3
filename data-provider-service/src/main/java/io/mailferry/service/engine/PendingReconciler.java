package io.mailferry.service.engine;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles PENDING ledger rows (left by a crash or a dropped connection between "pending written" and "done written")
 * against the target before anything is sent again, so an interrupted write is neither lost nor duplicated.
 *
 * <p>Per target folder, the target is asked which of the pending writes arrived ({@link TargetMailbox#arrived}); it
 * answers in its own way (IMAP: content hashes of the items at or above the recorded UIDNEXT; targets with identity
 * stamps: the stamp), never naming an item the pair's ledger already holds as its copy. Rows that arrived become DONE
 * with the target id; the others are removed, because their item never arrived and will be copied again.
 */
final class PendingReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PendingReconciler.class);

    /** How many rows became DONE and how many were removed. */
    record Result(int done, int removed) {
    }

    private final Ledger ledger;
    private final Clock clock;
    private final Stamps stamps;

    PendingReconciler(Ledger ledger, Clock clock, Stamps stamps) {
        this.ledger = ledger;
        this.clock = clock;
        this.stamps = stamps;
    }

    Result reconcile(TargetMailbox target, List<LedgerEntry> pending) throws MailboxException {
        if (pending.isEmpty()) {
            return new Result(0, 0);
        }
        Map<String, MailFolder> folders = new HashMap<>();
        for (MailFolder f : target.folders()) {
            folders.put(f.id(), f);
        }
        Map<String, List<LedgerEntry>> byFolder = new LinkedHashMap<>();
        pending.forEach(e -> byFolder.computeIfAbsent(e.targetFolder(), k -> new ArrayList<>()).add(e));
        List<LedgerEntry> done = new ArrayList<>();
        List<LedgerEntry> removed = new ArrayList<>();
        for (Map.Entry<String, List<LedgerEntry>> group : byFolder.entrySet()) {
            MailFolder folder = folders.get(group.getKey());
            List<LedgerEntry> rows = group.getValue();
            if (folder == null) {
                LOG.warn("Target folder {} is gone: {} interrupted copies will be sent again", group.getKey(), rows.size());
                removed.addAll(rows);
                continue;
            }
            Set<String> own = new HashSet<>();
            for (LedgerEntry e : ledger.entriesByTarget(rows.get(0).pairId(), folder.id())) {
                if (e.state() != LedgerState.PENDING && e.targetItem() != null) {
                    own.add(e.targetItem());
                }
            }
            List<PendingWrite> writes = rows.stream().map(e -> write(target, folder, e)).toList();
            List<String> arrived = target.arrived(folder, writes, own);
            for (int i = 0; i < rows.size(); i++) {
                String id = i < arrived.size() ? arrived.get(i) : null;
                if (id != null) {
                    done.add(rows.get(i).withState(LedgerState.DONE, id, null, clock.millis()));
                } else {
                    removed.add(rows.get(i));
                }
            }
        }
        ledger.put(done);
        ledger.remove(removed);
        LOG.info("Reconciled {} interrupted copies: {} found on the target, {} to send again",
                pending.size(), done.size(), removed.size());
        return new Result(done.size(), removed.size());
    }

    private PendingWrite write(TargetMailbox target, MailFolder folder, LedgerEntry e) {
        return new PendingWrite(e.targetMark(), e.contentHash(), e.size(), e.dedupKey(),
                stamps.of(target, folder, e.sourceFolder(), e.sourceItem()));
    }
}
