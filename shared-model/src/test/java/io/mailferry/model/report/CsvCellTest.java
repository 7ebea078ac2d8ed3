package io.mailferry.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {
    @Test
    void formulaStartsShouldGetAnApostropheThatReadingTakesOffAgain() {
        for (String formula : new String[] {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"}) {
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

    @Test
    void controlCharactersShouldBecomeQuestionMarksBeforeTheFormulaCheck() {
        assertThat(CsvCell.neutral("In\u001b[2J\nbox")).isEqualTo("In?[2J?box");
        assertThat(CsvCell.neutral("\u0085next\u007f")).isEqualTo("?next?");
        assertThat(CsvCell.neutral("\t=1+1")).as("a leading tab is no formula start any more").isEqualTo("?=1+1");
        assertThat(CsvCell.neutral("\rx")).isEqualTo("?x");
        assertThat(CsvCell.original("'\tx")).as("files written before still read back").isEqualTo("\tx");
        assertThat(CsvCell.neutral("Grüße, Ωmega")).isEqualTo("Grüße, Ωmega");
    }
}
