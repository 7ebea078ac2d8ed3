package io.mailferry.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void bytesShouldUseBinaryUnitsWithOneDecimalBelowHundred() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KB");
        assertThat(Formats.bytes(150L * 1024 * 1024)).isEqualTo("150 MB");
        assertThat(Formats.bytes(5L * 1024 * 1024 * 1024 * 1024)).isEqualTo("5.0 TB");
    }

    @Test
    void etaShouldPickTheTwoLargestUnitsAndADashWhenUnknown() {
        assertThat(Formats.eta(-1)).isEqualTo("—");
        assertThat(Formats.eta(45)).isEqualTo("45 s");
        assertThat(Formats.eta(185)).isEqualTo("3 min 05 s");
        assertThat(Formats.eta(7_500)).isEqualTo("2 h 05 min");
        assertThat(Formats.eta(90_000)).isEqualTo("1 d 01 h");
    }

    @Test
    void rateCountsAndLabelsShouldReadPlainly() {
        assertThat(Formats.rate(0)).isEqualTo("—");
        assertThat(Formats.rate(2.5 * 1024 * 1024)).isEqualTo("2.5 MB/s");
        assertThat(Formats.ofTotal(1234, 5000)).isEqualTo("1,234 / 5,000");
        assertThat(Formats.percent(0.426)).isEqualTo("43 %");
        assertThat(Formats.label(DuplicatePolicy.CREATE_DUPLICATE)).isEqualTo("Create duplicate");
    }
}
