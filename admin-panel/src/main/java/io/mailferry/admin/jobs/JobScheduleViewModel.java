package io.mailferry.admin.jobs;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.wizard.ScheduleForm;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.ScheduleStatus;
import java.time.ZoneId;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The schedule dialog of an existing job: shows its schedule and next run ({@code GET .../schedule}), saves a changed
 * one ({@code PUT}) or removes it ({@code DELETE}). The fields and their checks are the job wizard's schedule step's.
 */
public final class JobScheduleViewModel {
    static final String NONE = "No schedule: the job runs when you press Start.";

    private final ServiceClient client;
    private final Activity activity;
    private final String jobId;
    private final String jobName;
    private final ScheduleForm form;
    private final io.mailferry.admin.ui.Edits edits;
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty saved = new SimpleBooleanProperty(false);
    private final StringBinding error;
    private final BooleanBinding canSave;

    public JobScheduleViewModel(ServiceClient client, BackgroundRunner runner, String jobId, String jobName,
            ZoneId zone) {
        this.client = client;
        this.activity = new Activity(runner);
        this.jobId = jobId;
        this.jobName = jobName;
        this.form = new ScheduleForm(zone);
        this.edits = new io.mailferry.admin.ui.Edits(form.fields());
        this.error = Bindings.createStringBinding(form::error, form.fields());
        this.canSave = Bindings.createBooleanBinding(() -> form.scheduled().get() && form.error() == null,
                form.fields()).and(activity.busy().not());
    }

    public String title() {
        return "Schedule of job '" + jobName + "'";
    }

    /** Reads the job's schedule (none is not an error) into the fields. */
    public void load() {
        activity.run(() -> {
            try {
                return client.schedule(jobId);
            } catch (ServiceException e) {
                if (e.status() == 404 && "schedule_not_found".equals(e.code())) {
                    return null;
                }
                throw e;
            }
        }, this::show);
    }

    /** Saves the schedule in the fields, replacing the job's; {@code onSaved} runs once the service took it. */
    public void save(Runnable onSaved) {
        JobSchedule schedule = form.schedule();
        if (!canSave.get() || schedule == null) {
            return;
        }
        activity.run(() -> client.saveSchedule(jobId, schedule), s -> {
            show(s);
            onSaved.run();
        });
    }

    /** Removes the job's schedule; {@code onRemoved} runs once it is gone. */
    public void remove(Runnable onRemoved) {
        activity.run(() -> {
            client.removeSchedule(jobId);
            return Boolean.TRUE;
        }, done -> {
            show(null);
            onRemoved.run();
        });
    }

    private void show(ScheduleStatus s) {
        form.load(s == null ? null : s.schedule());
        saved.set(s != null);
        status.set(s == null ? NONE : s.summary());
        edits.mark();
    }

    /** True when the admin changed a field since the schedule was read or saved. */
    public boolean edited() {
        return edits.edited();
    }

    public ScheduleForm form() {
        return form;
    }

    /** The saved schedule's state in one sentence ("Next pass Thu 1 Jan 2099 19:00 (UTC)."), or that there is none. */
    public StringProperty status() {
        return status;
    }

    /** True while the job has a saved schedule (Remove is offered). */
    public BooleanProperty saved() {
        return saved;
    }

    /** What is wrong in the fields, null when nothing is. */
    public StringBinding error() {
        return error;
    }

    public BooleanBinding canSave() {
        return canSave;
    }

    public Activity activity() {
        return activity;
    }
}
