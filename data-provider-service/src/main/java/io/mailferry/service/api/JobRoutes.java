package io.mailferry.service.api;

import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.app.JobService;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/jobs}: jobs, their pairs, start/stop/delta of a job or one pair, CSV import/export (docs/api.md). */
public final class JobRoutes implements Routes {
    private static final String JOBS = "/api/v1/jobs";
    private static final String JOB = JOBS + "/{id}";
    private static final String PAIR = JOB + "/pairs/{pairId}";
    /** Response header of a pair list: how many pairs the job has. */
    static final String TOTAL_COUNT = "X-Total-Count";
    /** Pairs read at a time when the whole list is asked for. */
    private static final int STREAM_PAGE = 500;

    private final JobService jobs;
    private final JobRunner runner;
    private final RunWait runWait;

    public JobRoutes(JobService jobs, JobRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
        this.runWait = new RunWait(runner);
    }

    @Override
    public void register(Router router) {
        router.get(JOBS, r -> Response.ok(jobs.list()))
                .post(JOBS, r -> {
                    var job = jobs.create(r.body(JobRequest.class));
                    return Response.created(job, JOBS + "/" + job.id());
                })
                .get(JOB, r -> {
                    runWait.await(r, r.param("id"));
                    return Response.ok(jobs.get(r.param("id")));
                })
                .put(JOB, r -> Response.ok(jobs.update(r.param("id"), r.body(JobRequest.class))))
                .delete(JOB, r -> {
                    jobs.delete(r.param("id"));
                    return Response.noContent();
                })
                .post(JOB + "/start", r -> Response.accepted(runner.start(r.param("id"), RunKind.FULL, List.of())))
                .post(JOB + "/delta", r -> Response.accepted(runner.start(r.param("id"), RunKind.DELTA, List.of())))
                .post(JOB + "/stop", r -> Response.accepted(runner.stop(r.param("id"), List.of())))
                .get(JOB + "/pairs", this::pairs)
                .post(JOB + "/pairs", r -> Response.ok(jobs.addPairs(r.param("id"),
                        Arrays.asList(r.body(MailboxPairRequest[].class)))))
                .post(JOB + "/pairs/import", r -> Response.ok(jobs.importPairs(r.param("id"), r.bodyText(),
                        r.queryFlag("acceptValid", false))))
                .get(JOB + "/pairs/export", r -> new Response(200, ReportRoutes.CSV, jobs.exportPairs(r.param("id")),
                        ReportRoutes.attachment("mailferry-pairs.csv")))
                .get(PAIR, r -> Response.ok(jobs.pair(r.param("id"), r.param("pairId"))))
                .delete(PAIR, r -> {
                    jobs.deletePair(r.param("id"), r.param("pairId"));
                    return Response.noContent();
                })
                .post(PAIR + "/start", r -> Response.accepted(runner.start(r.param("id"), RunKind.FULL,
                        List.of(r.param("pairId")))))
                .post(PAIR + "/delta", r -> Response.accepted(runner.start(r.param("id"), RunKind.DELTA,
                        List.of(r.param("pairId")))))
                .post(PAIR + "/stop", r -> Response.accepted(runner.stop(r.param("id"), List.of(r.param("pairId")))));
    }

    /**
     * A page of the job's pairs with the pair count in {@link #TOTAL_COUNT}; without paging parameters every pair,
     * written page by page as they are read, so that no request holds a large job's pairs in memory at once.
     */
    private Response pairs(Request r) {
        String id = r.param("id");
        Optional<Paging> paging = Paging.of(r);
        JobService.PairPage first = paging.map(p -> jobs.pairs(id, p.offset(), p.limit()))
                .orElseGet(() -> jobs.pairs(id, 0, STREAM_PAGE));
        Map<String, String> headers = Map.of(TOTAL_COUNT, Integer.toString(first.total()));
        if (paging.isPresent()) {
            return new Response(200, Response.JSON, first.pairs(), headers);
        }
        Response.Streamed all = json -> {
            json.writeStartArray();
            JobService.PairPage page = first;
            for (int offset = 0; !page.pairs().isEmpty(); page = jobs.pairs(id, offset, STREAM_PAGE)) {
                for (var pair : page.pairs()) {
                    json.writeObject(pair);
                }
                offset += page.pairs().size();
            }
            json.writeEndArray();
        };
        return new Response(200, Response.JSON, all, headers);
    }
}
