package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void wideCharactersShouldTakeTwoColumnsAndCombiningMarksNone() {
        assertThat(TerminalText.width("Archiv/日本語")).isEqualTo(13);
        assertThat(TerminalText.width("한국어")).isEqualTo(6);
        assertThat(TerminalText.width("Grüße")).isEqualTo(5);
        assertThat(TerminalText.width("Gru\u0308ße")).as("u + combining diaeresis").isEqualTo(5);
    }

    @Test
    void paddingShouldEndEveryNameInTheSameColumn() {
        assertThat(TerminalText.padRight("Archiv/日本語", 16)).isEqualTo("Archiv/日本語   ");
        assertThat(TerminalText.padRight("INBOX", 16)).isEqualTo("INBOX           ");
        assertThat(TerminalText.padRight("a folder name longer than the column", 16))
                .isEqualTo("a folder name longer than the column");
    }
}
