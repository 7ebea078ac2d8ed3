package io.mailferry.admin.ui;

/**
 * A value shown as formatted text but ordered by its number, so a table column sorts "849 / 1,931" before
 * "6,317 / 6,317" (text order would not). {@code tie} breaks equal values (e.g. the total after the done count).
 * Equal figures have equal text and numbers; {@link #toString()} is the text a cell shows.
 */
public record Figure(String text, double value, double tie) implements Comparable<Figure> {

    /** Sorts after every real number: for "—" (unknown) in an ascending ETA column. */
    public static final double UNKNOWN_LAST = Double.POSITIVE_INFINITY;

    public static Figure of(String text, double value) {
        return new Figure(text, value, 0);
    }

    @Override
    public int compareTo(Figure o) {
        int c = Double.compare(value, o.value);
        return c != 0 ? c : Double.compare(tie, o.tie);
    }

    @Override
    public String toString() {
        return text;
    }
}
