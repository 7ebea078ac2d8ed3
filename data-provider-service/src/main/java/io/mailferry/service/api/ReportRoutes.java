package io.mailferry.service.api;

import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.OverallReport;
import io.mailferry.service.app.JobService;
import io.mailferry.service.app.ReportService;
import io.mailferry.service.app.report.ReportCsv;
import io.mailferry.service.app.report.ReportHtml;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET .../report?format=json|csv|html} for a job and for one pair, and {@code GET /api/v1/reports/overall} for
 * all jobs: JSON is the report record, CSV is a download ({@code Content-Disposition: attachment}), HTML a
 * self-contained page in the service's time zone. {@code GET /api/v1/jobs/{id}/passes} pages a job's pass history
 * (newest first, {@code ?offset=&limit=}, the count in {@code X-Total-Count}).
 */
public final class ReportRoutes implements Routes {
    static final String CSV = "text/csv; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private final JobService jobs;
    private final ReportService reports;
    private final ReportCsv csv = new ReportCsv();
    private final ReportHtml html = new ReportHtml(ZoneId.systemDefault());

    public ReportRoutes(JobService jobs, ReportService reports) {
        this.jobs = jobs;
        this.reports = reports;
    }

    @Override
    public void register(Router router) {
        router.get("/api/v1/jobs/{id}/report", r -> {
            JobReport report = jobs.report(r.param("id"));
            return switch (format(r)) {
                case "csv" -> new Response(200, CSV, csv.job(report), attachment("mailferry-job-report.csv"));
                case "html" -> Response.of(200, HTML, html.job(report));
                default -> Response.ok(report);
            };
        }).get("/api/v1/jobs/{id}/pairs/{pairId}/report", r -> {
            MailboxReport report = jobs.pairReport(r.param("id"), r.param("pairId"));
            return switch (format(r)) {
                case "csv" -> new Response(200, CSV, csv.mailbox(report), attachment("mailferry-mailbox-report.csv"));
                case "html" -> Response.of(200, HTML, html.mailbox(report));
                default -> Response.ok(report);
            };
        }).get("/api/v1/reports/overall", r -> {
            OverallReport report = reports.overall();
            return switch (format(r)) {
                case "csv" -> new Response(200, CSV, csv.overall(report), attachment("mailferry-overall-report.csv"));
                case "html" -> Response.of(200, HTML, html.overall(report));
                default -> Response.ok(report);
            };
        }).get("/api/v1/jobs/{id}/passes", r -> {
            Paging paging = Paging.of(r).orElse(new Paging(0, Paging.DEFAULT_LIMIT));
            ReportService.PassPage page = reports.passes(r.param("id"), r.query("pairId").orElse(null),
                    paging.offset(), paging.limit());
            return new Response(200, Response.JSON, page.passes(),
                    Map.of(JobRoutes.TOTAL_COUNT, Integer.toString(page.total())));
        });
    }

    static Map<String, String> attachment(String fileName) {
        return Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    private static String format(Request r) {
        String format = r.query("format").orElse("json").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("csv") && !format.equals("html")) {
            throw new ProblemException(ApiProblem.of(400, "unknown_format", "Unknown format",
                    "The report format must be json, csv or html, not '" + format + "'."));
        }
        return format;
    }
}
