package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailFolder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows a source folder's earlier epoch left (IMAP: the folder got a new UIDVALIDITY, so every item has a new id),
 * by dedup key, so the items of the new epoch find the target copies the pair itself wrote instead of being written
 * again — whatever the duplicate policy, which is about mail that was on the target before the pair touched it. Each
 * old row answers one new item (k identical messages, k copies). Rows whose target item a row of the current epoch
 * already names were taken over by an earlier, interrupted pass and are not offered again. The old rows stay in the
 * ledger until the folder's copy step ends ({@link Ledger#removeEpoch}), so a crash in between loses nothing.
 */
final class RenumberedRows {
    private final Map<String, Deque<LedgerEntry>> byKey = new HashMap<>();
    private final Set<String> oldEpochs;

    private RenumberedRows(Set<String> oldEpochs) {
        this.oldEpochs = oldEpochs;
    }

    static RenumberedRows load(Ledger ledger, String pairId, MailFolder source, String epoch, MailFolder target) {
        Set<String> old = new HashSet<>(ledger.sourceEpochs(pairId, source.id()));
        old.remove(epoch);
        RenumberedRows rows = new RenumberedRows(Set.copyOf(old));
        if (old.isEmpty()) {
            return rows;
        }
        List<LedgerEntry> intoTarget = ledger.entriesByTarget(pairId, target.id()).stream()
                .filter(e -> e.sourceFolder().equals(source.id())).toList();
        Set<String> taken = new HashSet<>();
        intoTarget.stream().filter(e -> epoch.equals(e.sourceEpoch()) && e.targetItem() != null)
                .forEach(e -> taken.add(e.targetItem()));
        for (LedgerEntry e : intoTarget) {
            // not a MOVED row: its item left the source, so what the new numbering lists under its key is another
            // message (the same Message-ID, another footer), which the row would have deleted uncopied in move mode
            if (old.contains(e.sourceEpoch()) && e.onTarget() && e.state() != LedgerState.MOVED
                    && (e.targetItem() == null || !taken.contains(e.targetItem()))) {
                rows.byKey.computeIfAbsent(e.dedupKey(), k -> new ArrayDeque<>()).addLast(e);
            }
        }
        return rows;
    }

    /** The epochs whose rows are to go once the folder's copy step has ended. */
    Set<String> oldEpochs() {
        return oldEpochs;
    }

    /**
     * The row of {@code item} in the current epoch when an old row of the same dedup key names the pair's own copy
     * (that row's target item, state and reason), or null.
     */
    LedgerEntry takeOver(ItemRef item, String epoch, long now) {
        Deque<LedgerEntry> rows = byKey.get(item.dedupKey());
        LedgerEntry old = rows == null ? null : rows.pollFirst();
        if (old == null) {
            return null;
        }
        return new LedgerEntry(old.pairId(), old.sourceFolder(), epoch, item.id(), item.order(), old.targetFolder(),
                old.targetMark(), old.targetItem(), item.dedupKey(), item.size(), old.contentHash(), old.state(),
                old.reason(), now);
    }
}
