package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target folder's items that were there before this pair touched it, by dedup key, as a multiset: every item
 * the pair's ledger names as its copy (DONE, MATCHED, MOVED) is left out — by target id when listed; on targets
 * without stamps also, for rows whose id is unknown, one item of the same key per row (the newest: we wrote after the
 * others). Each pre-existing item can match one source item only ({@link #take}), so k identical source messages
 * against m pre-existing ones match m and copy k - m: a 1:1 copy. On targets that keep identity stamps, an item
 * carrying the stamp of a source item is that item's copy from an earlier pass whose rows were lost ({@link
 * #takeStamp}); stamped items of other sources (another job, another pair) stay available to the duplicate policy.
 * Holds keys and ids, never bodies.
 */
final class DuplicateIndex {
    private final Map<String, Deque<String>> available = new HashMap<>();
    /** Stamped items by key: offered to the duplicate policy after the unstamped ones (they may be copies of ours). */
    private final Map<String, Deque<String>> availableStamped = new HashMap<>();
    private final Map<String, String> stamped = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();

    private DuplicateIndex() {
    }

    /**
     * Builds the index of one target folder; {@link #on} may be called again by a retry, on a new connection: the
     * listing goes on where it stopped ({@link Listings.Walk}), each item is counted once.
     */
    static final class Build {
        private final DuplicateIndex index = new DuplicateIndex();
        private final MailFolder folder;
        private final Ledger ledger;
        private final String pairId;
        private final int pageSize;
        private FolderState state;
        private Listings.Walk walk;
        private boolean stamps;
        private List<LedgerEntry> rows;
        private final Set<String> ours = new HashSet<>();
        private final Map<String, Integer> ourUnknown = new HashMap<>();
        private final Set<String> listed = new HashSet<>();
        private boolean finished;

        /**
         * @param state the target folder's state, read before this copy wrote to it (for a target folder that
         *              several source folders share, after the earlier ones wrote theirs: the ledger names those as
         *              ours), or null: read it first; only its item count is used — none: nothing pre-exists, nothing
         *              is listed
         */
        Build(MailFolder folder, FolderState state, Ledger ledger, String pairId, int pageSize) {
            this.folder = folder;
            this.state = state;
            this.ledger = ledger;
            this.pairId = pairId;
            this.pageSize = pageSize;
        }

        /** Pages of the target folder read so far: the build's headway (see {@link Listings.Walk#pages}). */
        long pages() {
            return walk == null ? 0 : walk.pages();
        }

        DuplicateIndex on(TargetMailbox target) throws MailboxException {
            if (state == null) {
                state = target.state(folder);
            }
            if (state.messageCount() == 0 || finished) {
                return index; // nothing pre-exists: skip the listing
            }
            if (walk == null) {
                stamps = target.capabilities(folder).stamps();
                rows = ledger.entriesByTarget(pairId, folder.id()).stream().filter(LedgerEntry::onTarget).toList();
                for (LedgerEntry e : rows) {
                    if (e.targetItem() != null) {
                        ours.add(e.targetItem());
                    }
                    ourUnknown.merge(e.dedupKey(), 1, Integer::sum);
                }
                walk = new Listings.Walk(folder, pageSize, null, this::add);
            }
            walk.run(target);
            finished = true;
            if (stamps) {
                return index; // our copies are known by id or by stamp; listings need not be in arrival order
            }
            // rows whose item the listing found by id are settled; the others (id unknown, or another id space after
            // the target renumbered the folder): the newest items of their key are ours (we wrote after the others)
            for (LedgerEntry e : rows) {
                if (e.targetItem() != null && listed.contains(e.targetItem())) {
                    ourUnknown.merge(e.dedupKey(), -1, Integer::sum);
                }
            }
            ourUnknown.forEach((key, n) -> {
                Deque<String> ids = index.available.get(key);
                for (int i = 0; i < n && ids != null && !ids.isEmpty(); i++) {
                    ids.removeLast();
                }
            });
            return index;
        }

        private void add(ItemRef item) {
            listed.add(item.id());
            if (ours.contains(item.id())) {
                return;
            }
            if (item.stamp() != null) {
                index.stamped.putIfAbsent(item.stamp(), item.id());
                index.availableStamped.computeIfAbsent(item.dedupKey(), k -> new ArrayDeque<>()).addLast(item.id());
            } else {
                index.available.computeIfAbsent(item.dedupKey(), k -> new ArrayDeque<>()).addLast(item.id());
            }
        }
    }

    /** Claims one pre-existing item with {@code key}: its id, or null when none is left. */
    String take(String key) {
        String id = take(available.get(key));
        return id != null ? id : take(availableStamped.get(key));
    }

    private String take(Deque<String> ids) {
        while (ids != null && !ids.isEmpty()) {
            String id = ids.removeFirst();
            if (claimed.add(id)) {
                return id;
            }
        }
        return null;
    }

    /** Claims the item that carries {@code stamp} and that the ledger does not know: its id, or null. */
    String takeStamp(String stamp) {
        String id = stamp == null ? null : stamped.remove(stamp);
        return id != null && claimed.add(id) ? id : null;
    }
}
