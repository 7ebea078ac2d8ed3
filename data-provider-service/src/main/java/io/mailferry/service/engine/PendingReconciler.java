package io.mailferry.service.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles PENDING ledger rows (left by a crash or a dropped connection between "pending written" and "done written")
 * against the target before anything is sent again, so an interrupted append is neither lost nor duplicated.
 *
 * <p>Per target folder: if its UIDVALIDITY still equals the rows', the target items at or above the rows' lowest
 * UIDNEXT-before are listed and hashed (only those), and each row takes the first unclaimed item with its SHA-256
 * and a UID at or above its own UIDNEXT-before (a multiset match: two identical messages need two items). Items the
 * pair's ledger already holds as its copies are never claimed. A row no item matches by hash may take an unclaimed
 * item with its dedup key (Message-ID), for targets that rewrite messages on append. Matched rows become DONE with
 * the target UID; unmatched rows are removed, because their message never arrived and will be copied again.
 */
final class PendingReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PendingReconciler.class);

    /** How many rows became DONE and how many were removed. */
    record Result(int done, int removed) {
    }

    private final Ledger ledger;
    private final Clock clock;

    PendingReconciler(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    Result reconcile(TargetMailbox target, List<LedgerEntry> pending) throws MailboxException {
        if (pending.isEmpty()) {
            return new Result(0, 0);
        }
        Map<String, MailFolder> folders = new TreeMap<>();
        for (MailFolder f : target.folders()) {
            folders.put(f.displayPath(), f);
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
            long uidValidity = target.state(folder).uidValidity();
            List<LedgerEntry> current = new ArrayList<>();
            for (LedgerEntry row : rows) {
                (row.targetUidValidity() == uidValidity ? current : removed).add(row);
            }
            match(target, folder, uidValidity, current, done, removed);
        }
        ledger.put(done);
        ledger.remove(removed);
        LOG.info("Reconciled {} interrupted copies: {} found on the target, {} to send again",
                pending.size(), done.size(), removed.size());
        return new Result(done.size(), removed.size());
    }

    private void match(TargetMailbox target, MailFolder folder, long uidValidity, List<LedgerEntry> rows,
            List<LedgerEntry> done, List<LedgerEntry> removed) throws MailboxException {
        if (rows.isEmpty()) {
            return;
        }
        long from = Math.max(1, rows.stream().mapToLong(LedgerEntry::targetUidNextBefore).min().orElse(1));
        Set<Long> ours = new HashSet<>();
        for (LedgerEntry e : ledger.entriesByTarget(rows.get(0).pairId(), folder.displayPath(), from)) {
            if (e.state() != LedgerState.PENDING && e.targetUidValidity() == uidValidity) {
                ours.add(e.targetUid());
            }
        }
        List<ItemRef> candidates = new ArrayList<>();
        for (ItemRef item : target.listFrom(folder, from)) {
            if (!ours.contains(item.uid())) {
                candidates.add(item);
            }
        }
        candidates.sort(Comparator.comparingLong(ItemRef::uid));
        List<String> hashes = new ArrayList<>(candidates.size());
        for (ItemRef c : candidates) {
            hashes.add(target.sha256(folder, c.uid()));
        }
        boolean[] claimed = new boolean[candidates.size()];
        List<LedgerEntry> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(LedgerEntry::targetUidNextBefore).thenComparingLong(LedgerEntry::sourceUid));
        List<LedgerEntry> unmatched = new ArrayList<>();
        for (LedgerEntry row : sorted) {
            int i = claim(candidates, claimed, row, c -> row.sha256() != null && row.sha256().equals(hashes.get(c)));
            if (i >= 0) {
                done.add(row.withState(LedgerState.DONE, candidates.get(i).uid(), null, clock.millis()));
            } else {
                unmatched.add(row);
            }
        }
        for (LedgerEntry row : unmatched) {
            int i = claim(candidates, claimed, row, c -> row.dedupKey().equals(candidates.get(c).dedupKey()));
            if (i >= 0) {
                LOG.info("Interrupted copy of source UID {} in {} recognised on the target by {} (content differs)",
                        row.sourceUid(), row.sourceFolder(), row.dedupKey());
                done.add(row.withState(LedgerState.DONE, candidates.get(i).uid(), null, clock.millis()));
            } else {
                removed.add(row);
            }
        }
    }

    private static int claim(List<ItemRef> candidates, boolean[] claimed, LedgerEntry row,
            java.util.function.IntPredicate same) {
        for (int i = 0; i < candidates.size(); i++) {
            if (!claimed[i] && candidates.get(i).uid() >= row.targetUidNextBefore() && same.test(i)) {
                claimed[i] = true;
                return i;
            }
        }
        return -1;
    }
}
