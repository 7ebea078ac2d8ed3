package io.mailferry.service.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The target folder's items that were there before this pair touched it, by dedup key, as a multiset: every item
 * the pair's ledger names as its copy (DONE, MATCHED, MOVED) is left out — by UID when known, else one item of the
 * same key per row. Each pre-existing item can match one source item only ({@link #take}), so k identical source
 * messages against m pre-existing ones match m and copy k - m: a 1:1 copy. Holds keys and UIDs, never bodies.
 */
final class DuplicateIndex {
    static final Set<LedgerState> ON_TARGET = EnumSet.of(LedgerState.DONE, LedgerState.MATCHED, LedgerState.MOVED);

    private final Map<String, Deque<Long>> available = new HashMap<>();
    private final long uidValidity;

    private DuplicateIndex(long uidValidity) {
        this.uidValidity = uidValidity;
    }

    /** The target folder's UIDVALIDITY the UIDs belong to. */
    long uidValidity() {
        return uidValidity;
    }

    static DuplicateIndex build(TargetMailbox target, MailFolder folder, Ledger ledger, String pairId, int pageSize)
            throws MailboxException {
        FolderState state = target.state(folder);
        long uidValidity = state.uidValidity();
        if (state.messageCount() == 0) {
            return new DuplicateIndex(uidValidity); // nothing pre-exists: skip the listing
        }
        Set<Long> ourUids = new HashSet<>();
        Map<String, Integer> ourUnknown = new HashMap<>();
        for (LedgerEntry e : ledger.entriesByTarget(pairId, folder.displayPath(), 0)) {
            if (!ON_TARGET.contains(e.state())) {
                continue;
            }
            if (e.targetUid() > 0 && e.targetUidValidity() == uidValidity) {
                ourUids.add(e.targetUid());
            } else {
                ourUnknown.merge(e.dedupKey(), 1, Integer::sum);
            }
        }
        DuplicateIndex index = new DuplicateIndex(uidValidity);
        Listings.forEach(target, folder, pageSize, item -> {
            if (!ourUids.contains(item.uid())) {
                index.available.computeIfAbsent(item.dedupKey(), k -> new ArrayDeque<>()).addLast(item.uid());
            }
        });
        // copies whose UID we never learned: the newest items of their key are ours (we appended after the others)
        ourUnknown.forEach((key, n) -> {
            Deque<Long> uids = index.available.get(key);
            for (int i = 0; i < n && uids != null && !uids.isEmpty(); i++) {
                uids.removeLast();
            }
        });
        return index;
    }

    /** Claims one pre-existing item with {@code key}: its UID, or -1 when none is left. */
    long take(String key) {
        Deque<Long> uids = available.get(key);
        return uids == null || uids.isEmpty() ? -1 : uids.removeFirst();
    }
}
