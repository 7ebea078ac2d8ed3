package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {
    @Test
    void escapeSequencesAndOtherControlsShouldBeShownAsQuestionMarks() {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(new TerminalSafeWriter(text))) {
            out.print("Inbox\u001b[2J\u001b]0;pwned\u0007/Arch\u0008iv\u009b31m");
            out.print("\tcolumn\r\n");
            out.write('\u001b');
        }
        assertThat(text.toString()).isEqualTo("Inbox?[2J?]0;pwned?/Arch?iv?31m\tcolumn\r\n?");
    }

    @Test
    void theCommandLinesOwnOutputShouldBeFiltered() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            PrintWriter out = MailferryCli.commandLine().getOut();
            out.println("Folder \u001b[31mred\u001b[0m Posteingang/日本語");
            out.flush();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(java.nio.charset.Charset.defaultCharset()))
                .startsWith("Folder ?[31mred?[0m Posteingang/").doesNotContain("\u001b");
    }
}
