package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.Figure;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.Progress;
import java.time.Clock;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One mailbox of the grid, updated in place on every poll so that the table keeps its selection and scroll position.
 * Numbers are {@link Figure}s: shown as text, sorted by the number.
 */
public final class PairRow {

    /** The state cell of a STOPPED mailbox a server's limit paused: it resumes by itself. */
    public static final String PAUSED = StateChip.PAUSED;

    private final String id;
    private final StringProperty source = new SimpleStringProperty();
    private final StringProperty target = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    private final StringProperty badge = new SimpleStringProperty();
    private final ObjectProperty<Figure> items = new SimpleObjectProperty<>();
    private final ObjectProperty<Figure> bytes = new SimpleObjectProperty<>();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final ObjectProperty<Figure> rate = new SimpleObjectProperty<>();
    private final ObjectProperty<Figure> eta = new SimpleObjectProperty<>();
    private final ObjectProperty<Figure> throttled = new SimpleObjectProperty<>();
    private final StringProperty note = new SimpleStringProperty();
    private final Clock clock;
    private MailboxPair pair;

    public PairRow(MailboxPair pair) {
        this(pair, Clock.systemDefaultZone());
    }

    /** @param clock reads the time a paused mailbox resumes ("resumes at 14:05") in its zone */
    PairRow(MailboxPair pair, Clock clock) {
        this.id = pair.id();
        this.clock = clock;
        update(pair);
    }

    public void update(MailboxPair p) {
        this.pair = p;
        Progress pr = p.progress() == null ? Progress.empty() : p.progress();
        source.set(p.sourceMailbox());
        target.set(p.targetMailbox());
        state.set(p.state() == null ? null : p.pause() != null && p.state().name().equals("STOPPED") ? PAUSED
                : p.state().name());
        badge.set(StateChip.of(p));
        change(items, new Figure(Formats.ofTotal(pr.itemsDone(), pr.itemsTotal()), pr.itemsDone(), pr.itemsTotal()));
        change(bytes, new Figure(Formats.bytes(pr.bytesDone()) + " / " + Formats.bytes(pr.bytesTotal()), pr.bytesDone(),
                pr.bytesTotal()));
        boolean running = p.state() != null && p.state().name().equals("RUNNING");
        progress.set(p.state() != null && p.state().name().equals("COMPLETED") ? 1.0 : pr.fraction());
        // Shown as "—" when not running: nothing moves (rate 0) and the end is unknown (ETA sorts last).
        change(rate, running ? Figure.of(Formats.rate(pr.bytesPerSecond()), Math.max(0, pr.bytesPerSecond()))
                : Figure.of("—", 0));
        change(eta, running && pr.etaSeconds() >= 0 ? Figure.of(Formats.eta(pr.etaSeconds()), pr.etaSeconds())
                : Figure.of("—", Figure.UNKNOWN_LAST));
        change(throttled, Figure.of(Formats.throttled(pr.throttledMillis()), pr.throttledMillis()));
        note.set(p.pause() != null ? Formats.paused(p.pause(), clock) : p.error() != null ? p.error() : p.verdict() != null ? p.verdict()
                : pr.itemsFailed() > 0 ? Formats.count(pr.itemsFailed()) + " items failed so far"
                : running && pr.currentFolder() != null ? "Copying " + pr.currentFolder() : "");
    }

    /**
     * Sets {@code value} only when it differs: a property holding an object counts every new object as a change, and
     * each change makes a sorted grid re-sort and the columns be measured again — on every poll, for every row, in a
     * job of thousands of mailboxes.
     */
    private static void change(ObjectProperty<Figure> property, Figure value) {
        if (!value.equals(property.get())) {
            property.set(value);
        }
    }

    /** Queued, running or stopping: the service refuses to remove it. */
    public boolean busy() {
        return JobsViewModel.busy(state.get());
    }

    /** The properties whose change may move the row in a sorted grid. */
    Observable[] sortKeys() {
        return new Observable[] {source, target, state, badge, items, bytes, progress, rate, eta, throttled, note};
    }

    public String id() {
        return id;
    }

    public MailboxPair pair() {
        return pair;
    }

    public StringProperty source() {
        return source;
    }

    public StringProperty target() {
        return target;
    }

    /** The MailboxState name, or {@link #PAUSED} for a mailbox a server's limit paused. */
    public StringProperty state() {
        return state;
    }

    /** What the state chip shows: the state's name, or {@link StateChip#INTERRUPTED}. */
    public StringProperty badge() {
        return badge;
    }

    /** "1,234 / 5,000" */
    public ObjectProperty<Figure> items() {
        return items;
    }

    /** "12.0 MB / 48.5 MB" */
    public ObjectProperty<Figure> bytes() {
        return bytes;
    }

    /** 0..1 */
    public DoubleProperty progress() {
        return progress;
    }

    public ObjectProperty<Figure> rate() {
        return rate;
    }

    public ObjectProperty<Figure> eta() {
        return eta;
    }

    /** Time the pass waited because a server asked it to slow down, live while it runs: "4 min 10 s", or "—". */
    public ObjectProperty<Figure> throttled() {
        return throttled;
    }

    /** Paused ("Paused by Google's daily limit — resumes at 14:05"), error, verdict or current folder. */
    public StringProperty note() {
        return note;
    }
}
