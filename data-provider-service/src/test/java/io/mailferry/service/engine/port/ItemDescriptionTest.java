package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A description worked out on first use gives what one worked out up front gives, each value once. */
class ItemDescriptionTest {
    private static final Instant SENT = Instant.parse("2020-03-03T09:15:00Z");

    /** Decodes by upper-casing and parses any date as {@link #SENT}, counting its calls. */
    private static final class Counting extends ItemDescription.Deferred {
        final AtomicInteger subjects = new AtomicInteger();
        final AtomicInteger dates = new AtomicInteger();

        Counting(String date, String subject) {
            super(date, "Ann <ann@example.org>", "Bob <bob@example.org>", null, subject, 1234);
        }

        @Override
        protected String decodeSubject(String raw) {
            subjects.incrementAndGet();
            return raw.toUpperCase();
        }

        @Override
        protected Instant parseDate(String raw) {
            dates.incrementAndGet();
            return SENT;
        }
    }

    @Test
    void valuesShouldBeWorkedOutOnFirstUseOnlyAndOnce() {
        Counting d = new Counting("Tue, 3 Mar 2020 10:15:00 +0100", "hello");
        ItemRef item = ItemRef.message("1:7", 7, 1234, null, null, "<a@b>", d);

        assertThat(item.dedupKey()).isEqualTo("mid:<a@b>");
        assertThat(d.subjects).hasValue(0);
        assertThat(d.dates).hasValue(0);

        assertThat(item.subject()).isEqualTo("HELLO");
        assertThat(item.subject()).isEqualTo("HELLO");
        assertThat(item.sentDate()).isEqualTo(SENT);
        assertThat(item.sentDate()).isEqualTo(SENT);
        assertThat(d.subjects).hasValue(1);
        assertThat(d.dates).hasValue(1);
        assertThat(item.headerDigest()).isEqualTo(HeaderDigest.of("Tue, 3 Mar 2020 10:15:00 +0100",
                "Ann <ann@example.org>", "Bob <bob@example.org>", null, "hello", 1234));
    }

    @Test
    void absentHeadersShouldGiveNullsWithoutDecoding() {
        Counting d = new Counting(null, null);

        assertThat(d.subject()).isNull();
        assertThat(d.sentDate()).isNull();
        assertThat(d.subjects).hasValue(0);
        assertThat(d.dates).hasValue(0);
        assertThat(ItemRef.message("1:8", 8, 1234, null, null, null, d).dedupKey())
                .isEqualTo("hdr:" + HeaderDigest.of(null, "Ann <ann@example.org>", "Bob <bob@example.org>", null,
                        null, 1234));
    }

    @Test
    void itemsShouldBeEqualWhateverWayTheirDescriptionWasObtained() {
        Counting d = new Counting("Tue, 3 Mar 2020 10:15:00 +0100", "hello");
        ItemRef deferred = ItemRef.message("1:7", 7, 1234, null, null, "<a@b>", d);
        ItemRef known = ItemRef.message("1:7", 7, 1234, null, null, "<a@b>", d.headerDigest(), "HELLO", SENT);

        assertThat(deferred).isEqualTo(known).hasSameHashCodeAs(known);
        assertThat(deferred.withStamp("s").description()).isSameAs(d);
        assertThat(ItemRef.message("1:7", 7, 1234, null, null, "<a@b>", d.headerDigest(), "other", SENT))
                .isNotEqualTo(deferred);
    }
}
