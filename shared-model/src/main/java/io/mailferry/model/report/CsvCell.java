package io.mailferry.model.report;

/**
 * A text cell of every CSV Mailferry writes (reports, pairs, directories): text a spreadsheet would run as a formula —
 * starting with {@code = + - @}, a tab or a carriage return (OWASP "CSV injection") — gets a leading apostrophe, which
 * spreadsheets show as text; {@link #original} takes it off again when Mailferry reads its own CSV back.
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
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** The value {@link #neutral} was given: one apostrophe before a formula character is taken off. */
    public static String original(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }
}
