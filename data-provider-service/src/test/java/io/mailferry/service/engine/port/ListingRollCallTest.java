package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListingRollCallTest {
    @Test
    void whatNoPageNamedShouldBeUnnamedAndTickingShouldBeIdempotent() {
        ListingRollCall roll = new ListingRollCall();
        for (int i = 0; i < 200; i++) {
            roll.add("id-" + i);
        }
        roll.add("id-7"); // a round may give an id twice: it counts once
        roll.seal();
        assertThat(roll.size()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            if (i != 42 && i != 99) {
                roll.tick("id-" + i);
                roll.tick("id-" + i);
            }
        }
        roll.tick("a newcomer the round did not hold");
        assertThat(roll.unnamedCount()).isEqualTo(2);
        assertThat(roll.unnamed("id-42")).isTrue();
        assertThat(roll.unnamed("id-99")).isTrue();
        assertThat(roll.unnamed("id-41")).isFalse();
        assertThat(roll.unnamed("a newcomer the round did not hold")).isFalse();
        roll.tick("id-42");
        roll.tick("id-99");
        assertThat(roll.unnamedCount()).isZero();
        assertThatThrownBy(() -> roll.add("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listingsUnderWayShouldBeFoundByFolderAndNumberAndTheLeastRecentlyUsedDroppedPastTheirCap() {
        ListingRollCall.UnderWay underWay = new ListingRollCall.UnderWay();
        ListingRollCall mine = new ListingRollCall();
        long n = underWay.keep("inbox", mine);
        assertThat(underWay.get("inbox", n)).isSameAs(mine);
        assertThat(underWay.get("sent", n)).as("another folder's cursor").isNull();
        long oldest = underWay.keep("f0", new ListingRollCall());
        for (int i = 1; i < ListingRollCall.UnderWay.KEPT - 1; i++) {
            underWay.keep("f" + i, new ListingRollCall());
        }
        assertThat(underWay.get("inbox", n)).as("used: now the most recent").isSameAs(mine);
        underWay.keep("one more", new ListingRollCall());
        assertThat(underWay.get("f0", oldest)).as("the least recently used goes").isNull();
        assertThat(underWay.get("inbox", n)).isSameAs(mine);
        for (int i = 0; i < ListingRollCall.UnderWay.KEPT; i++) {
            underWay.keep("g" + i, new ListingRollCall());
        }
        assertThat(underWay.get("inbox", n)).as("unused while sixteen others started").isNull();
        long m = underWay.keep("inbox", new ListingRollCall());
        underWay.end("inbox", m);
        assertThat(underWay.get("inbox", m)).isNull();
    }

    @Test
    void unnamedBesidesShouldLeaveOutWhatTheLastPageNamesWithoutTickingIt() {
        ListingRollCall roll = new ListingRollCall();
        for (int i = 0; i < 5; i++) {
            roll.add("id-" + i);
        }
        roll.seal();
        roll.tick("id-0");
        assertThat(roll.unnamedBesides(java.util.List.of("id-1", "id-2", "id-1", "new"))).isEqualTo(2);
        assertThat(roll.unnamedBesides(java.util.List.of("id-0"))).isEqualTo(4);
        assertThat(roll.unnamedCount()).as("nothing ticked").isEqualTo(4);
    }
}
