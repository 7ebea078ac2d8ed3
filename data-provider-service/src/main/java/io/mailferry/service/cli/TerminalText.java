package io.mailferry.service.cli;

/**
 * Column padding for a terminal by display width, not by {@code char}s: CJK and other East Asian wide characters
 * take two columns, combining marks none, so a folder named "Archiv/日本語" does not push its row out of line.
 */
final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} followed by spaces up to {@code columns} display columns (unchanged when already wider). */
    static String padRight(String text, int columns) {
        int width = width(text);
        return width >= columns ? text : text + " ".repeat(columns - width);
    }

    /** Columns {@code text} takes on a terminal. */
    static int width(String text) {
        return text.codePoints().map(TerminalText::columns).sum();
    }

    private static int columns(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth ranges (Unicode UAX #11), plus the common emoji blocks. */
    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
