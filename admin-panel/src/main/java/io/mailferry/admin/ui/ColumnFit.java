package io.mailferry.admin.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Sizes a table's columns to what they show: the header and the widest value of the rows, measured with the fonts
 * and paddings the table really renders. One column, the wrapping one, takes the width the others leave (never less
 * than its minimum); when the content is wider than the window, the table scrolls sideways instead of cutting text.
 * Refits once per pulse after the rows change (a poll updates many rows at once).
 */
public final class ColumnFit<R> {

    /** Room for the header's sort arrow. */
    private static final double SORT_ARROW = 22;
    /** Room for the vertical scroll bar, so that the filling column never makes the table scroll sideways. */
    private static final double SCROLL_BAR = 18;

    private final TableView<R> table;
    private final List<Fit<R>> fits = new ArrayList<>();
    private TableColumn<R, ?> filler;
    private double fillerMin;
    private boolean pending;

    private record Fit<R>(TableColumn<R, ?> column, Function<R, String> text, String valueStyle, double extra,
            double max) {
    }

    private ColumnFit(TableView<R> table) {
        this.table = table;
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getItems().addListener((ListChangeListener<R>) c -> refit());
        table.skinProperty().addListener((o, a, b) -> refit());
        table.widthProperty().addListener((o, a, b) -> fill());
    }

    public static <R> ColumnFit<R> of(TableView<R> table) {
        return new ColumnFit<>(table);
    }

    /** {@code column} as wide as its header and its widest {@code text}. */
    public ColumnFit<R> text(TableColumn<R, ?> column, Function<R, String> text) {
        return add(new Fit<>(column, text, null, 0, Double.MAX_VALUE));
    }

    /**
     * {@code column} as wide as its widest {@code text} but at most {@code max}: for addresses, which must not push
     * the figures out of view (the view shows them whole elsewhere, e.g. in a detail pane).
     */
    public ColumnFit<R> text(TableColumn<R, ?> column, Function<R, String> text, double max) {
        return add(new Fit<>(column, text, null, 0, max));
    }

    /** {@code column} shows a chip (style class "chip") with {@code words}: as wide as the widest chip. */
    public ColumnFit<R> chip(TableColumn<R, ?> column, Function<R, String> words) {
        return add(new Fit<>(column, words, "chip", 0, Double.MAX_VALUE));
    }

    /** {@code column} as wide as its header and {@code sample}, plus {@code extra} (e.g. a progress bar). */
    public ColumnFit<R> sample(TableColumn<R, ?> column, String sample, double extra) {
        return add(new Fit<>(column, r -> sample, null, extra, Double.MAX_VALUE));
    }

    /** {@code column} (whose cells wrap) takes what the others leave, at least {@code min}. */
    public ColumnFit<R> rest(TableColumn<R, ?> column, double min) {
        this.filler = column;
        this.fillerMin = min;
        refit();
        return this;
    }

    private void refit() {
        if (pending) {
            return;
        }
        pending = true;
        Platform.runLater(() -> {
            pending = false;
            fit();
        });
    }

    /** Fits now; the view calls it when it knows the rows are complete (tests, screenshots). */
    public void fit() {
        Font cellFont = font(".table-cell", Font.font(13));
        double cellPad = padding(".table-cell", 16);
        Font headerFont = font(".column-header .label", Font.font(cellFont.getFamily(), FontWeight.BOLD,
                cellFont.getSize()));
        double headerPad = padding(".column-header", 8) + SORT_ARROW;
        Font chipFont = font(".chip", Font.font(cellFont.getFamily(), FontWeight.BOLD, 11));
        double chipPad = padding(".chip", 16) + 2;
        for (Fit<R> f : fits) {
            double w = width(f.column().getText(), headerFont) + headerPad;
            for (R row : table.getItems()) {
                String s = f.text().apply(row);
                double content = f.valueStyle() == null ? width(s, cellFont) : width(s, chipFont) + chipPad;
                w = Math.max(w, content + cellPad + f.extra());
            }
            w = Math.ceil(Math.min(w, f.max()));
            f.column().setMinWidth(Math.min(w, f.max() * 0.6));
            f.column().setPrefWidth(w);
        }
        fill();
    }

    private void fill() {
        if (filler == null) {
            return;
        }
        double used = 0;
        for (TableColumn<R, ?> c : table.getVisibleLeafColumns()) {
            if (c != filler) {
                used += c.getWidth();
            }
        }
        Insets in = table.getInsets();
        double room = table.getWidth() - in.getLeft() - in.getRight() - used - SCROLL_BAR;
        double w = Math.floor(Math.max(fillerMin, room));
        filler.setMinWidth(fillerMin);
        filler.setPrefWidth(w);
    }

    private ColumnFit<R> add(Fit<R> fit) {
        fits.add(fit);
        fit.column().widthProperty().addListener((o, a, b) -> fill());
        return this;
    }

    private Font font(String selector, Font fallback) {
        Node n = table.lookup(selector);
        return n instanceof Labeled l ? l.getFont() : fallback;
    }

    private double padding(String selector, double fallback) {
        Node n = table.lookup(selector);
        return n instanceof javafx.scene.layout.Region r ? r.snappedLeftInset() + r.snappedRightInset() : fallback;
    }

    private static double width(String s, Font font) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }
}
