package io.mailferry.service.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What the CLI prints, with every control character a terminal would act on — escape sequences, bells, backspaces, C1
 * controls — shown as {@code ?}: names come from mail servers, directories and CSV files, and none of them may move the
 * cursor, recolour the screen or hide a line. Tabs and line ends stay (the CLI's own tables and CSV output use them).
 */
final class TerminalSafeWriter extends FilterWriter {
    TerminalSafeWriter(Writer out) {
        super(out);
    }

    /** {@code c} as the terminal may see it. */
    static char safe(char c) {
        boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F;
        return control ? '?' : c;
    }

    @Override
    public void write(int c) throws IOException {
        out.write(safe((char) c));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        char[] copy = new char[len];
        for (int i = 0; i < len; i++) {
            copy[i] = safe(buf[off + i]);
        }
        out.write(copy, 0, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        write(s.toCharArray(), off, len);
    }
}
