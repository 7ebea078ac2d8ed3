package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateSyncTest {
    private static final java.util.function.UnaryOperator<ItemState> ALL = java.util.function.UnaryOperator.identity();
    /** An IMAP-like target: keywords must be atoms. */
    private static final Capabilities IMAP = capabilities(true);
    /** A target holding any keyword (Graph categories). */
    private static final Capabilities ANY_KEYWORD = capabilities(false);

    private static Capabilities capabilities(boolean atomKeywords) {
        return new Capabilities(0, true, false, false, Set.of(ItemKind.MESSAGE), FolderNameRules.CASE_INSENSITIVE,
                atomKeywords);
    }

    private static ItemState state(String... parts) {
        Set<String> p = Set.of(parts);
        return new ItemState(p.contains("read"), p.contains("flagged"), p.contains("answered"),
                p.contains("forwarded"), p.contains("draft"), p.contains("deleted"),
                p.stream().filter(s -> s.startsWith("#")).map(s -> s.substring(1))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void wantedShouldBeNullWhenBothSidesAgreeIgnoringKeywordCase() {
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("read", "#Work"), state("read", "#work"))).isNull();
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, ItemState.NONE, ItemState.NONE)).isNull();
    }

    @Test
    void wantedShouldAddAndRemoveStatesAndKeywordsToMatchTheSource() {
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("read", "forwarded"), state("flagged", "#Old")))
                .isEqualTo(state("read", "forwarded"));
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, ItemState.NONE, state("read"))).isEqualTo(ItemState.NONE);
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("answered", "draft", "#New"), state("answered")))
                .isEqualTo(state("answered", "draft", "#New"));
    }

    @Test
    void wantedShouldKeepDeletedOnTheTargetAndSetItWhenTheSourceHasIt() {
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("read"), state("deleted")))
                .isEqualTo(state("read", "deleted"));
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, ItemState.NONE, state("deleted"))).isNull();
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("deleted"), ItemState.NONE)).isEqualTo(state("deleted"));
    }

    @Test
    void keywordsTheTargetCannotHoldShouldNotCauseAnUpdate() {
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("#two words", "#a(b"), ItemState.NONE)).isNull();
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("read", "#two words"), ItemState.NONE))
                .isEqualTo(state("read"));
        // a target that holds any keyword gets them
        assertThat(StateSync.wanted(ANY_KEYWORD::keptAs, ALL, state("#two words"), ItemState.NONE))
                .isEqualTo(state("#two words"));
    }

    @Test
    void keywordsShouldBeComparedUnderTheNamesTheTargetKeepsThemBy() {
        java.util.function.Function<String, String> renamed = k -> k.equalsIgnoreCase("$label1") ? "Important"
                : k.equalsIgnoreCase("NonJunk") ? null : k;
        assertThat(StateSync.wanted(renamed, ALL, state("#$label1", "#NonJunk"), state("#Important"))).isNull();
        assertThat(StateSync.wanted(renamed, ALL, state("#$label1"), ItemState.NONE)).isEqualTo(state("#Important"));
    }

    @Test
    void compareShouldGroupIdsThatNeedTheSameState() {
        StateSync sync = new StateSync(IMAP::keptAs, java.util.function.UnaryOperator.identity());
        sync.compare("7:1", state("read"), ItemState.NONE);
        sync.compare("7:2", state("read"), state("flagged"));
        sync.compare("7:3", state("read", "#Work"), ItemState.NONE);
        sync.compare("7:4", state("read"), state("read"));

        assertThat(sync.count()).isEqualTo(3);
        assertThat(sync.updates()).containsEntry(state("read"), List.of("7:1", "7:2"))
                .containsEntry(state("read", "#Work"), List.of("7:3")).hasSize(2);
    }

    /** A target that cannot hold a pending deletion (Microsoft Graph): a source item's \\Deleted causes no update. */
    @Test
    void whatTheTargetCannotHoldShouldNeverCauseAnUpdate() {
        java.util.function.UnaryOperator<ItemState> noDeleted = s -> s.withDeleted(false);
        assertThat(StateSync.wanted(IMAP::keptAs, noDeleted, state("read", "deleted"), state("read"))).isNull();
        assertThat(StateSync.wanted(IMAP::keptAs, noDeleted, state("read", "deleted"), ItemState.NONE))
                .isEqualTo(state("read"));
        assertThat(StateSync.wanted(IMAP::keptAs, ALL, state("read", "deleted"), state("read")))
                .as("a target that holds it").isEqualTo(state("read", "deleted"));
    }
}
