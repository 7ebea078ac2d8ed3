package io.mailferry.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {
    @Test
    void formulaStartsShouldGetAnApostropheThatReadingTakesOffAgain() {
        for (String formula : new String[] {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(CsvCell.neutral(formula)).isEqualTo("'" + formula);
            assertThat(CsvCell.original(CsvCell.neutral(formula))).isEqualTo(formula);
        }
    }

    @Test
    void ordinaryTextShouldStayAsItIs() {
        assertThat(CsvCell.neutral("anna@example.com")).isEqualTo("anna@example.com");
        assertThat(CsvCell.neutral(null)).isEmpty();
        assertThat(CsvCell.original("'quoted on purpose")).isEqualTo("'quoted on purpose");
        assertThat(CsvCell.original("anna@example.com")).isEqualTo("anna@example.com");
    }
}
