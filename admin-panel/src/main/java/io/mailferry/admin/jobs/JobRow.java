package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.Formats;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.Progress;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One job of the list, updated in place on every poll. */
public final class JobRow {

    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty state = new SimpleStringProperty();
    private final StringProperty mailboxes = new SimpleStringProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty lastRun = new SimpleStringProperty();
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
        mailboxes.set(Formats.count(j.mailboxCount()));
        progress.set(j.state() != null && j.state().name().equals("COMPLETED") ? 1.0 : p.fraction());
        lastRun.set(Formats.time(j.lastRunStartedAt()));
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

    public StringProperty mailboxes() {
        return mailboxes;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty lastRun() {
        return lastRun;
    }
}
