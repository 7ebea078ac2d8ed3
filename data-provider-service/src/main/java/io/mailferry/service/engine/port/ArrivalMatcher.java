package io.mailferry.service.engine.port;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Crash reconciliation for targets that keep bytes as written and number items in arrival order (IMAP and the
 * like): matches interrupted writes to the items found at or after the order key each write's mark recorded. Writes
 * are taken in the order they were begun; each takes the first unclaimed item with its content hash and an order key
 * at or above its bound, so two identical messages need two items; a write no item matches by hash may take an
 * unclaimed item with its dedup key (servers that rewrite messages on append). Each item answers one write at most.
 * Connectors list and hash the candidates their own way and leave out the items the ledger already holds.
 */
public final class ArrivalMatcher {
    private ArrivalMatcher() {
    }

    /** Hashes one candidate's stored bytes ({@link ContentHash#ofStored}). */
    @FunctionalInterface
    public interface Hasher {
        ContentHash.Computed hash(ItemRef item) throws MailboxException;
    }

    /**
     * @param pending    the interrupted writes
     * @param minOrder   per write, the lowest order key its item can have; negative when it cannot have arrived
     *                   (recorded in another id space)
     * @param candidates the folder's items at or above the lowest bound, without the ledger's own copies
     * @return per write, in the same order, the id of the item that is that write, or null
     */
    public static List<String> match(List<PendingWrite> pending, long[] minOrder, List<ItemRef> candidates,
            Hasher hasher) throws MailboxException {
        String[] answer = new String[pending.size()];
        List<ItemRef> items = new ArrayList<>(candidates);
        items.sort(Comparator.comparingLong(ItemRef::order));
        List<ContentHash.Computed> hashes = new ArrayList<>(items.size());
        for (ItemRef c : items) {
            hashes.add(hasher.hash(c));
        }
        List<Integer> writes = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (minOrder[i] >= 0) {
                writes.add(i);
            }
        }
        writes.sort(Comparator.comparingLong(i -> minOrder[i]));
        boolean[] claimed = new boolean[items.size()];
        List<Integer> unmatched = new ArrayList<>();
        for (int i : writes) {
            PendingWrite w = pending.get(i);
            int c = claim(items, claimed, minOrder[i], k -> hashes.get(k).matches(w.contentHash()));
            if (c >= 0) {
                answer[i] = items.get(c).id();
            } else {
                unmatched.add(i);
            }
        }
        for (int i : unmatched) {
            PendingWrite w = pending.get(i);
            if (w.dedupKey() == null) {
                continue; // recorded before its item was described: its hash alone can tell
            }
            int c = claim(items, claimed, minOrder[i], k -> w.dedupKey().equals(items.get(k).dedupKey()));
            if (c >= 0) {
                answer[i] = items.get(c).id();
            }
        }
        return Arrays.asList(answer);
    }

    private static int claim(List<ItemRef> items, boolean[] claimed, long minOrder, IntPredicate same) {
        for (int i = 0; i < items.size(); i++) {
            if (!claimed[i] && items.get(i).order() >= minOrder && same.test(i)) {
                claimed[i] = true;
                return i;
            }
        }
        return -1;
    }
}
