package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
