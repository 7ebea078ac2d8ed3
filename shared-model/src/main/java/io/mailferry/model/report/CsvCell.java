package io.mailferry.model.report;

/**
 * A text cell of every CSV Mailferry writes (reports, pairs, directories): control characters (C0, DEL and C1: an
 * escape sequence or a line break in a folder name or subject a server sent) become {@code ?}, so a cell can neither
 * drive a terminal nor split a row in a tool that reads lines; then text a spreadsheet would run as a formula —
 * starting with {@code = + - @} (OWASP "CSV injection"; a leading tab or carriage return is a {@code ?} by then) —
 * gets a leading apostrophe, which spreadsheets show as text; {@link #original} takes it off again when Mailferry
 * reads its own CSV back (also before a tab or carriage return, as files written by earlier releases have them).
 */
public final class CsvCell {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCell() {
    }

    /** {@code value} safe to open in a spreadsheet; null as empty. */
    public static String neutral(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = value;
        if (value.chars().anyMatch(Character::isISOControl)) {
            StringBuilder b = new StringBuilder(value.length());
            value.chars().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
            text = b.toString();
        }
        return FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /** The value {@link #neutral} was given: one apostrophe before a formula character is taken off. */
    public static String original(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }
}
