package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which copies a move between two source folders sharing one target folder made redundant. */
class MovedCopiesTest {
    private static final ItemState FLAGGED = new ItemState(false, true, false, false, false, false, Set.of());
    private final Map<String, MovedCopies.Copy> listed = new HashMap<>();

    private LedgerEntry row(String folder, String item, String target, String key, long size, boolean claimed,
            ItemState state) {
        listed.put(target, new MovedCopies.Copy(size, state, claimed));
        return new LedgerEntry("pair-1", folder, "1", item, 1, "Sent", null, target, key, size, null,
                LedgerState.DONE, null, 0);
    }

    private List<LedgerEntry> redundant(List<LedgerEntry> gone, List<LedgerEntry> rows) {
        return MovedCopies.redundant(gone, rows, listed::get, true);
    }

    @Test
    void eachPresentCopyShouldStandForOneGoneCopyAtMost() {
        LedgerEntry a1 = row("Sent Items", "1", "t1", "<m@x>", 100, false, ItemState.NONE);
        LedgerEntry a2 = row("Sent Items", "2", "t2", "<m@x>", 100, false, ItemState.NONE);
        LedgerEntry b = row("Sent", "7", "t3", "<m@x>", 100, true, ItemState.NONE);

        assertThat(redundant(List.of(a1, a2), List.of(a1, a2, b))).containsExactly(a1);
    }

    @Test
    void aCopyOfTheSameFolderOrOfAnotherMessageShouldNotCount() {
        LedgerEntry a = row("Sent Items", "1", "t1", "<m@x>", 100, false, ItemState.NONE);
        LedgerEntry same = row("Sent Items", "9", "t2", "<m@x>", 100, true, ItemState.NONE);
        LedgerEntry larger = row("Sent", "7", "t3", "<m@x>", 101, true, ItemState.NONE);
        LedgerEntry other = row("Sent", "8", "t4", "<n@x>", 100, true, ItemState.NONE);

        assertThat(redundant(List.of(a), List.of(a, same, larger, other))).isEmpty();
    }

    @Test
    void aCopyNotFoundByItsOwnRowOrClaimedByAnotherShouldNotCount() {
        LedgerEntry a = row("Sent Items", "1", "t1", "<m@x>", 100, false, ItemState.NONE);
        LedgerEntry unlisted = row("Sent", "7", "t3", "<m@x>", 100, false, ItemState.NONE); // not found claimed
        assertThat(redundant(List.of(a), List.of(a, unlisted))).isEmpty();

        LedgerEntry claimedGone = row("Sent Items", "2", "t5", "<m@x>", 100, true, ItemState.NONE);
        LedgerEntry b = row("Sent", "8", "t6", "<m@x>", 100, true, ItemState.NONE);
        assertThat(redundant(List.of(claimedGone), List.of(claimedGone, b))).as("another row claims it").isEmpty();
    }

    @Test
    void aMarkOnlyTheGoneCopyCarriesShouldKeepIt() {
        LedgerEntry a = row("Sent Items", "1", "t1", "<m@x>", 100, false, FLAGGED);
        LedgerEntry b = row("Sent", "7", "t3", "<m@x>", 100, true, ItemState.NONE);
        assertThat(redundant(List.of(a), List.of(a, b))).isEmpty();

        LedgerEntry flaggedToo = row("Sent", "8", "t4", "<m@x>", 100, true, FLAGGED);
        assertThat(redundant(List.of(a), List.of(a, flaggedToo))).containsExactly(a);
    }

    @Test
    void sizesOfTheCopiesShouldMatterOnlyWhereTheTargetStoresItemsByteForByte() {
        LedgerEntry a = row("Sent Items", "1", "t1", "<m@x>", 100, false, ItemState.NONE);
        LedgerEntry b = row("Sent", "7", "t3", "<m@x>", 100, true, ItemState.NONE);
        listed.put("t3", new MovedCopies.Copy(120, ItemState.NONE, true)); // rebuilt by the target: another size

        assertThat(redundant(List.of(a), List.of(a, b))).isEmpty();
        assertThat(MovedCopies.redundant(List.of(a), List.of(a, b), listed::get, false)).containsExactly(a);
    }
}
