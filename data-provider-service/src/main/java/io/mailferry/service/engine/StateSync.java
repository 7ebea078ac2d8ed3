package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Brings the state of items already on the target up to date with the source (read, flagged, answered, forwarded,
 * draft, keywords), from the listings verification makes anyway (no extra round trips to find them). "Deleted" is set
 * when the source has it, but never removed from a target item that has it (a deletion pending on the target is the
 * target user's business). Items needing the same state are grouped, so a folder costs one
 * {@link io.mailferry.service.engine.port.TargetMailbox#setState} per distinct state. Keywords are compared under the
 * names the target keeps them by ({@link io.mailferry.service.engine.port.TargetMailbox#keptAs}); those it cannot hold
 * are left out of the comparison, so neither causes an update on every pass.
 * Not thread-safe: one instance per verified source folder.
 */
final class StateSync {
    private final Function<String, String> keptAs;
    private final java.util.function.UnaryOperator<ItemState> held;
    private final Map<ItemState, List<String>> wanted = new LinkedHashMap<>();
    private long count;

    /**
     * @param keptAs the target's name of a keyword, null for one it cannot hold
     * @param held   the part of a state the target can hold ({@code TargetMailbox#held})
     */
    StateSync(Function<String, String> keptAs, java.util.function.UnaryOperator<ItemState> held) {
        this.keptAs = keptAs;
        this.held = held;
    }

    /**
     * The state the target item should get, or null when it already has it.
     *
     * @param source the source item's state as listed
     * @param have   the target item's state as listed
     * @param held   the part of a state the target can hold (only it is compared)
     */
    static ItemState wanted(Function<String, String> keptAs, java.util.function.UnaryOperator<ItemState> held,
            ItemState source, ItemState have) {
        ItemState want = held.apply(source.keywordsAs(keptAs));
        ItemState now = held.apply(have.keywordsAs(keptAs));
        if (now.deleted()) {
            want = want.withDeleted(true); // a deletion pending on the target only is the target user's business
        }
        return want.equals(now) ? null : want;
    }

    /** Compares one item's state and remembers the target id when they differ. */
    void compare(String targetId, ItemState source, ItemState have) {
        ItemState want = wanted(keptAs, held, source, have);
        if (want != null) {
            wanted.computeIfAbsent(want, k -> new ArrayList<>()).add(targetId);
            count++;
        }
    }

    /** Items whose state differs so far. */
    long count() {
        return count;
    }

    /** The updates to make: one entry per distinct state, with the target ids that need it. */
    Map<ItemState, List<String>> updates() {
        return wanted;
    }
}
