package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinkRoundTripsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final LinkRoundTrips links = new LinkRoundTrips(now::get);

    @Test
    void aServerShouldBeJudgedByTheShortestRoundTripMeasuredToIt() {
        assertThat(links.shortest("source a", 30 * MS)).as("the first: its own").isEqualTo(30 * MS);
        assertThat(links.shortest("source a", MS / 2)).isEqualTo(MS / 2);
        assertThat(links.shortest("source a", 120 * MS)).as("a busy machine's pause").isEqualTo(MS / 2);
        assertThat(links.shortest("target b", 40 * MS)).as("another server: its own link").isEqualTo(40 * MS);
    }

    @Test
    void aRoundTripNotMeasuredShouldNotCountButTellWhatWas() {
        assertThat(links.shortest("source a", -1)).isEqualTo(-1);
        links.shortest("source a", 12 * MS);
        assertThat(links.shortest("source a", -1)).isEqualTo(12 * MS);
    }

    @Test
    void measurementsOlderThanTheWindowShouldBeForgotten() {
        links.shortest("source a", MS);
        now.addAndGet(TimeUnit.MINUTES.toNanos(LinkRoundTrips.WINDOW_MINUTES) + 1);

        assertThat(links.shortest("source a", 40 * MS)).as("the route became slow").isEqualTo(40 * MS);
    }

    @Test
    void onlyTheNewestMeasurementsShouldBeKept() {
        links.shortest("source a", MS);
        for (int i = 0; i < LinkRoundTrips.KEPT; i++) {
            links.shortest("source a", 20 * MS);
        }
        assertThat(links.shortest("source a", -1)).isEqualTo(20 * MS);
    }
}
