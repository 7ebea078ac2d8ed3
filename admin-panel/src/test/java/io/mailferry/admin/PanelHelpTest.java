package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mailferry-panel --help} prints every option the panel parses and returns without starting JavaFX. */
class PanelHelpTest {

    @Test
    void helpShouldPrintTheOptionsAndReturnWithoutAWindow() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Launcher.main(new String[] {"--data-dir", "/x", "--help"}); // JavaFX would fail here without a display
        } finally {
            System.setOut(original);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("Usage: mailferry-panel")
                .contains("--data-dir DIR", "--service-command", ServiceCheck.OPTION, "--help");
    }

    @Test
    void everyOptionTheHelpNamesShouldBeParsed() {
        PanelOptions parsed = PanelOptions.parse(List.of("--data-dir", "/d", "--service-command", "mailferry serve"));

        assertThat(parsed.dataDir()).isEqualTo("/d");
        assertThat(parsed.serviceCommand()).isEqualTo("mailferry serve");
        assertThat(PanelOptions.helpAsked(List.of("-h"))).isTrue();
        assertThat(PanelOptions.helpAsked(List.of("--data-dir", "/d"))).isFalse();
    }
}
