package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ItemFilterTest {
    private static ItemRef item(long uid, long size, String date) {
        return ItemRef.message("1:" + uid, uid, size, date == null ? null : Instant.parse(date), ItemState.NONE,
                "<" + uid + "@x>", "h", "s", null);
    }

    private static ItemFilter filter(Instant after, Instant before, Long max, Integer cap) {
        return new ItemFilter(new JobOptions(null, null, after, before, max, null, null, null, null, cap)).forFolder();
    }

    @Test
    void dateRangeShouldSelectOnInternalDateWithAfterInclusiveAndBeforeExclusive() {
        ItemFilter f = filter(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"), null, null);

        assertThat(f.decide(item(1, 10, "2023-12-31T23:59:59Z")).kind()).isEqualTo(ItemFilter.Decision.Kind.NOT_SELECTED);
        assertThat(f.decide(item(2, 10, "2024-01-01T00:00:00Z")).kind()).isEqualTo(ItemFilter.Decision.Kind.COPY);
        assertThat(f.decide(item(3, 10, "2024-02-01T00:00:00Z")).kind()).isEqualTo(ItemFilter.Decision.Kind.NOT_SELECTED);
        assertThat(f.decide(item(4, 10, null)).kind()).isEqualTo(ItemFilter.Decision.Kind.COPY);
    }

    @Test
    void tooLargeItemsShouldBeSkippedWithSizesInWords() {
        ItemFilter.Decision d = filter(null, null, 25_000_000L, null).decide(item(1, 31_200_000, null));

        assertThat(d.kind()).isEqualTo(ItemFilter.Decision.Kind.SKIP);
        assertThat(d.reason()).isEqualTo("too large: 31.2 MB > limit 25 MB");
    }

    @Test
    void capShouldSkipItemsBeyondTheLimitPerFolder() {
        ItemFilter f = filter(Instant.parse("2024-01-01T00:00:00Z"), null, null, 2);
        f.decide(item(1, 1, "2020-01-01T00:00:00Z")); // not selected: does not count
        f.decide(item(2, 1, "2024-03-01T00:00:00Z"));
        f.decide(item(3, 1, "2024-03-01T00:00:00Z"));

        assertThat(f.decide(item(4, 1, "2024-03-01T00:00:00Z")).reason()).isEqualTo("not copied: trial limit of 2 items per folder");
        assertThat(f.forFolder().decide(item(5, 1, "2024-03-01T00:00:00Z")).kind())
                .isEqualTo(ItemFilter.Decision.Kind.COPY);
    }

    @Test
    void aTargetsOwnSizeLimitShouldApplyWhenItIsTheSmaller() {
        ItemFilter job = filter(null, null, 25_000_000L, null);
        ItemFilter none = filter(null, null, null, null);

        assertThat(job.forFolder(10_000_000).decide(item(1, 12_000_000, null)).reason())
                .isEqualTo("too large: 12 MB > limit 10 MB");
        assertThat(job.forFolder(150_000_000).decide(item(2, 31_200_000, null)).reason())
                .isEqualTo("too large: 31.2 MB > limit 25 MB");
        assertThat(job.forFolder(0).decide(item(3, 24_000_000, null)).kind()).isEqualTo(ItemFilter.Decision.Kind.COPY);
        assertThat(none.forFolder(10_000_000).decide(item(4, 12_000_000, null)).reason())
                .isEqualTo("too large: 12 MB > limit 10 MB");
        assertThat(none.forFolder(0).decide(item(5, 900_000_000, null)).kind())
                .isEqualTo(ItemFilter.Decision.Kind.COPY);
    }
}
