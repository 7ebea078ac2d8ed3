package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Copies made redundant by a move between two source folders that share one target folder (merged on purpose: "Sent"
 * and "Sent Items" both typed Sent). A message a user moves from one to the other between two passes is a new item
 * of the second folder, which the next pass copies into the same target folder; without deletion sync the first copy
 * stayed, so the target folder held the message twice while the source held it once.
 *
 * <p>A copy is redundant when its row's source item is gone from its folder (a complete listing no longer holds it)
 * and another of the shared folders holds the same message — the same dedup key and size — as an item new to it whose
 * copy this pass wrote and verification has just found in the target folder. Each such copy stands for one gone copy
 * at most, so identical messages keep as many copies as the source folders hold. A gone copy that carries a mark the
 * other does not (flagged, answered, forwarded, draft, a keyword: a user's mark set on the target) is kept, and so is
 * one another row claims, or whose size differs from the other's where the target stores items byte for byte.
 */
final class MovedCopies {
    private MovedCopies() {
    }

    /** What verification's complete listing of the target folder says of one of its items. */
    record Copy(long size, ItemState state, boolean claimed) {
    }

    /**
     * @param gone          rows (DONE, with a target id) whose source item the complete listing of their folder no
     *                      longer holds, of the folders sharing the target folder
     * @param rows          the pair's rows of that target folder that this pass wrote (a moved message is new to its
     *                      folder: its copy is this pass's, while an identical message that was there all along keeps
     *                      the copy of a user's deletion in the other folder, as without deletion sync it must)
     * @param listed        a target id's item as listed, or null when the listing does not hold it
     * @param byteIdentical the target stores items byte for byte, so sizes of two copies of a message are equal
     * @return the gone rows whose copies are redundant, in the order given
     */
    static List<LedgerEntry> redundant(List<LedgerEntry> gone, Collection<LedgerEntry> rows,
            Function<String, Copy> listed, boolean byteIdentical) {
        Map<String, Deque<LedgerEntry>> present = new HashMap<>();
        for (LedgerEntry e : rows) {
            Copy c = e.state() == LedgerState.DONE && e.targetItem() != null && e.dedupKey() != null
                    ? listed.apply(e.targetItem()) : null;
            if (c != null && c.claimed()) { // claimed by the row naming it: its source item was listed
                present.computeIfAbsent(key(e), k -> new ArrayDeque<>()).add(e);
            }
        }
        List<LedgerEntry> out = new ArrayList<>();
        for (LedgerEntry a : gone) {
            Copy ca = a.dedupKey() == null ? null : listed.apply(a.targetItem());
            Deque<LedgerEntry> twins = ca == null || ca.claimed() ? null : present.get(key(a));
            if (twins == null) {
                continue;
            }
            for (Iterator<LedgerEntry> it = twins.iterator(); it.hasNext(); ) {
                LedgerEntry b = it.next();
                Copy cb = listed.apply(b.targetItem());
                if (!b.sourceFolder().equals(a.sourceFolder()) && !Objects.equals(b.targetItem(), a.targetItem())
                        && (!byteIdentical || ca.size() == cb.size()) && marksKept(ca.state(), cb.state())) {
                    it.remove();
                    out.add(a);
                    break;
                }
            }
        }
        return out;
    }

    private static String key(LedgerEntry e) {
        return e.size() + " " + e.dedupKey();
    }

    /** Every mark and keyword of the gone copy is on the other one too: removing it loses none. */
    private static boolean marksKept(ItemState gone, ItemState other) {
        return (!gone.flagged() || other.flagged()) && (!gone.answered() || other.answered())
                && (!gone.forwarded() || other.forwarded()) && (!gone.draft() || other.draft())
                && other.keywords().containsAll(gone.keywords());
    }
}
