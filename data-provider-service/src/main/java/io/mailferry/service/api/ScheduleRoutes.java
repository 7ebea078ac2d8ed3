package io.mailferry.service.api;

import io.mailferry.model.job.JobSchedule;
import io.mailferry.service.app.JobScheduler;

/** {@code /api/v1/jobs/{id}/schedule}: a job's schedule, saved, read and removed (docs/api.md). */
public final class ScheduleRoutes implements Routes {
    private static final String SCHEDULE = "/api/v1/jobs/{id}/schedule";

    private final JobScheduler scheduler;

    public ScheduleRoutes(JobScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void register(Router router) {
        router.put(SCHEDULE, r -> Response.ok(scheduler.save(r.param("id"), r.body(JobSchedule.class))))
                .get(SCHEDULE, r -> Response.ok(scheduler.status(r.param("id"))))
                .delete(SCHEDULE, r -> {
                    scheduler.remove(r.param("id"));
                    return Response.noContent();
                });
    }
}
