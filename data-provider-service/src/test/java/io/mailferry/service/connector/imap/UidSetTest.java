package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {
    @Test
    void parseShouldReadASingleUid() {
        assertThat(UidSet.parse("42")).containsExactly(42L);
    }

    @Test
    void parseShouldExpandARange() {
        assertThat(UidSet.parse("3:5")).containsExactly(3L, 4L, 5L);
    }

    @Test
    void parseShouldKeepTheOrderOfAList() {
        assertThat(UidSet.parse("9,3:5,1")).containsExactly(9L, 3L, 4L, 5L, 1L);
    }

    @Test
    void parseShouldCountAReversedRangeUp() {
        assertThat(UidSet.parse("5:3")).containsExactly(3L, 4L, 5L);
    }

    @Test
    void parseShouldNameAMalformedSet() {
        assertThatThrownBy(() -> UidSet.parse("3::5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"3::5\" is not a UID set");
        assertThatThrownBy(() -> UidSet.parse("3,x")).hasMessage("\"3,x\" is not a UID set");
    }

    @Test
    void ofShouldJoinConsecutiveUidsIntoRanges() {
        assertThat(UidSet.of(List.of(9L, 3L, 4L, 5L, 11L, 12L))).isEqualTo("3:5,9,11:12");
    }

    @Test
    void ofShouldNameARepeatedUidOnce() {
        assertThat(UidSet.of(List.of(5L, 3L, 5L, 3L, 4L, 7L, 7L))).isEqualTo("3:5,7");
        assertThat(UidSet.of(List.of(8L, 8L))).isEqualTo("8");
    }

    @Test
    void ofShouldBeEmptyForNoUids() {
        assertThat(UidSet.of(List.of())).isEmpty();
    }

    @Test
    void ascendingShouldSortKeepEachOnceAndIgnoreWhatFollowsTheCount() {
        long[] values = {9, 3, 9, 1, 3, 77, 88};

        assertThat(UidSet.ascending(values, 5)).containsExactly(1, 3, 9);
        assertThat(UidSet.ascending(new long[] {4, 2}, 2)).containsExactly(2, 4);
        assertThat(UidSet.ascending(new long[0], 0)).isEmpty();
    }
}
