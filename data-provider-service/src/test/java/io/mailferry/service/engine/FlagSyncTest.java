package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagSyncTest {
    @Test
    void wantedShouldBeNullWhenBothSidesAgreeIgnoringCaseAndRecent() {
        assertThat(FlagSync.wanted(Set.of("\\Seen", "Work", "\\Recent"), Set.of("\\SEEN", "work"))).isNull();
    }

    @Test
    void wantedShouldAddAndRemoveFlagsAndKeywordsToMatchTheSource() {
        assertThat(FlagSync.wanted(Set.of("\\Seen", "$Forwarded"), Set.of("\\Flagged", "Old")))
                .containsExactlyInAnyOrder("\\Seen", "$Forwarded");
        assertThat(FlagSync.wanted(Set.of(), Set.of("\\Seen"))).isEmpty();
    }

    @Test
    void wantedShouldKeepDeletedOnTheTargetAndSetItWhenTheSourceHasIt() {
        assertThat(FlagSync.wanted(Set.of("\\Seen"), Set.of("\\Deleted"))).containsExactlyInAnyOrder("\\Seen",
                "\\Deleted");
        assertThat(FlagSync.wanted(Set.of(), Set.of("\\Deleted"))).isNull();
        assertThat(FlagSync.wanted(Set.of("\\Deleted"), Set.of())).containsExactly("\\Deleted");
    }

    @Test
    void keywordsNoTargetCanStoreShouldNotCauseAnUpdate() {
        assertThat(FlagSync.wanted(Set.of("two words", "a(b"), Set.of())).isNull();
    }

    @Test
    void compareShouldGroupUidsThatNeedTheSameFlags() {
        FlagSync sync = new FlagSync();
        sync.compare(1, Set.of("\\Seen"), Set.of());
        sync.compare(2, Set.of("\\Seen"), Set.of("\\Flagged"));
        sync.compare(3, Set.of("\\Seen", "Work"), Set.of());
        sync.compare(4, Set.of("\\Seen"), Set.of("\\Seen"));

        assertThat(sync.count()).isEqualTo(3);
        assertThat(sync.updates()).containsEntry(Set.of("\\Seen"), List.of(1L, 2L))
                .containsEntry(Set.of("\\Seen", "Work"), List.of(3L)).hasSize(2);
    }
}
