package io.mailferry.service.api;

import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.service.app.JobService;

/** {@code POST /api/v1/csv/pairs} (parse a pairs CSV, store nothing) and {@code POST /api/v1/matching}. */
public final class ToolRoutes implements Routes {
    private final JobService jobs;

    public ToolRoutes(JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    public void register(Router router) {
        router.post("/api/v1/csv/pairs", r -> Response.ok(jobs.parseCsv(r.bodyText())))
                .post("/api/v1/matching", r -> Response.ok(jobs.match(r.body(MatchRequest.class))));
    }
}
