package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.Formats;
import io.mailferry.model.job.Progress;
import io.mailferry.model.mailbox.MailboxPair;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One mailbox of the grid, updated in place on every poll so that the table keeps its selection and scroll position.
 */
public final class PairRow {

    private final String id;
    private final StringProperty source = new SimpleStringProperty();
    private final StringProperty target = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    private final StringProperty items = new SimpleStringProperty();
    private final StringProperty bytes = new SimpleStringProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty rate = new SimpleStringProperty();
    private final StringProperty eta = new SimpleStringProperty();
    private final StringProperty note = new SimpleStringProperty();
    private MailboxPair pair;

    public PairRow(MailboxPair pair) {
        this.id = pair.id();
        update(pair);
    }

    public void update(MailboxPair p) {
        this.pair = p;
        Progress pr = p.progress() == null ? Progress.empty() : p.progress();
        source.set(p.sourceMailbox());
        target.set(p.targetMailbox());
        state.set(p.state() == null ? null : p.state().name());
        items.set(Formats.ofTotal(pr.itemsDone(), pr.itemsTotal()));
        bytes.set(Formats.bytes(pr.bytesDone()) + " / " + Formats.bytes(pr.bytesTotal()));
        boolean running = p.state() != null && p.state().name().equals("RUNNING");
        progress.set(p.state() != null && p.state().name().equals("COMPLETED") ? 1.0 : pr.fraction());
        rate.set(running ? Formats.rate(pr.bytesPerSecond()) : "—");
        eta.set(running ? Formats.eta(pr.etaSeconds()) : "—");
        note.set(p.error() != null ? p.error() : p.verdict() != null ? p.verdict()
                : pr.itemsFailed() > 0 ? Formats.count(pr.itemsFailed()) + " items failed so far"
                : running && pr.currentFolder() != null ? "Copying " + pr.currentFolder() : "");
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

    /** The MailboxState name. */
    public StringProperty state() {
        return state;
    }

    /** "1,234 / 5,000" */
    public StringProperty items() {
        return items;
    }

    /** "12.0 MB / 48.5 MB" */
    public StringProperty bytes() {
        return bytes;
    }

    /** 0..1 */
    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty rate() {
        return rate;
    }

    public StringProperty eta() {
        return eta;
    }

    /** Error, verdict or current folder. */
    public StringProperty note() {
        return note;
    }
}
