package io.mailferry.service.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void bytesShouldUseBinaryUnitsWithOneDecimal() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1024)).isEqualTo("1.0 KB");
        assertThat(Formats.bytes(32_715_571)).isEqualTo("31.2 MB");
        assertThat(Formats.bytes(1_048_575)).isEqualTo("1.0 MB");
        assertThat(Formats.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
        assertThat(Formats.bytes(-1)).isEqualTo("–");
    }

    @Test
    void countShouldUseThousandsSeparators() {
        assertThat(Formats.count(0)).isEqualTo("0");
        assertThat(Formats.count(12_345)).isEqualTo("12,345");
        assertThat(Formats.count(1_234_567_890L)).isEqualTo("1,234,567,890");
    }

    @Test
    void durationShouldShowTheTwoLargestUnits() {
        assertThat(Formats.duration(850)).isEqualTo("850 ms");
        assertThat(Formats.duration(12_999)).isEqualTo("12 s");
        assertThat(Formats.duration(245_000)).isEqualTo("4 min 05 s");
        assertThat(Formats.duration((2 * 3600 + 3 * 60 + 59) * 1000L)).isEqualTo("2 h 03 min");
        assertThat(Formats.duration((3 * 86400 + 4 * 3600) * 1000L)).isEqualTo("3 d 04 h");
        assertThat(Formats.duration(-5)).isEqualTo("–");
    }

    @Test
    void ratesShouldBeReadable() {
        assertThat(Formats.itemRate(12_345.67)).isEqualTo("12,345.7 items/s");
        assertThat(Formats.byteRate(1.4 * 1024 * 1024)).isEqualTo("1.4 MB/s");
        assertThat(Formats.perSecond(100, 2000)).isEqualTo(50.0);
        assertThat(Formats.perSecond(100, 0)).isZero();
    }

    @Test
    void dateTimeShouldUseTheGivenZone() {
        Instant instant = Instant.parse("2025-03-01T10:00:05Z");

        assertThat(Formats.dateTime(instant, ZoneId.of("UTC"))).isEqualTo("2025-03-01 10:00:05");
        assertThat(Formats.dateTime(instant, ZoneId.of("Europe/Berlin"))).isEqualTo("2025-03-01 11:00:05");
        assertThat(Formats.dateTime(null, ZoneId.of("UTC"))).isEqualTo("–");
    }
}
