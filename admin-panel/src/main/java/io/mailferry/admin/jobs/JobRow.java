package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.Figure;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.job.Job;
import io.mailferry.model.mailbox.Progress;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One job of the list, updated in place on every poll. */
public final class JobRow {

    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    private final ObjectProperty<Figure> mailboxes = new SimpleObjectProperty<>();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty lastRun = new SimpleStringProperty();
    private final StringProperty nextRun = new SimpleStringProperty();
    private Job job;

    public JobRow(Job job) {
        this.id = job.id();
        update(job);
    }

    public void update(Job j) {
        this.job = j;
        Progress p = j.progress() == null ? Progress.empty() : j.progress();
        name.set(j.name());
        state.set(j.state() == null ? null : j.state().name());
        mailboxes.set(Figure.of(Formats.count(j.mailboxCount()), j.mailboxCount()));
        progress.set(j.state() != null && j.state().name().equals("COMPLETED") ? 1.0 : p.fraction());
        lastRun.set(Formats.time(j.lastRunStartedAt()));
        nextRun.set(Formats.time(j.nextRunAt()));
    }

    /** The properties whose change may move the row in a sorted list. */
    Observable[] sortKeys() {
        return new Observable[] {name, state, mailboxes, progress, lastRun, nextRun};
    }

    public String id() {
        return id;
    }

    public Job job() {
        return job;
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty state() {
        return state;
    }

    public ObjectProperty<Figure> mailboxes() {
        return mailboxes;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty lastRun() {
        return lastRun;
    }

    /** When the job's schedule next starts or resumes a pass; "" without one. */
    public StringProperty nextRun() {
        return nextRun;
    }
}
