package io.mailferry.admin.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.model.api.Accepted;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.api.Health;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.license.LicenseRequest;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.ScheduleStatus;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import io.mailferry.model.report.MailboxReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceClient} over {@code java.net.http}. The endpoint is located again after any failure to connect,
 * because a restarted service announces a new port and token.
 */
public class HttpServiceClient implements ServiceClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServiceClient.class);
    /** How long the service may take to answer an ordinary call; past it, it is taken for not answering. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Calls the service answers only after it reached remote servers (a connection test logs in; a directory of a
     * large or throttled tenant is read page by page, each page waiting out Graph's throttling): the service's own
     * timeouts end them, not the panel's.
     */
    private static final Duration REMOTE_TIMEOUT = Duration.ofMinutes(20);
    /**
     * The health check, which the service answers from memory at once: a service that takes longer is hung (the
     * panel checks every 5 s and greys its tabs out until the service answers again).
     */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
    /** Pairs asked for at a time (the service's largest page). */
    static final int PAIRS_PAGE = 1000;
    /** The service's header with the length of a paged list. */
    static final String TOTAL_COUNT = "X-Total-Count";

    private final ServiceLocator locator;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration remoteTimeout;
    private final ObjectMapper json = Json.mapper();
    private volatile ServiceEndpoint endpoint;

    public HttpServiceClient(ServiceLocator locator) {
        this(locator, REQUEST_TIMEOUT, REMOTE_TIMEOUT);
    }

    /** With other timeouts (tests). */
    HttpServiceClient(ServiceLocator locator, Duration requestTimeout, Duration remoteTimeout) {
        this.requestTimeout = requestTimeout;
        this.remoteTimeout = remoteTimeout;
        this.locator = locator;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @Override
    public Optional<String> baseUrl() {
        ServiceEndpoint e = endpoint;
        return e == null ? Optional.empty() : Optional.of(e.baseUrl().toString());
    }

    @Override
    public Health health() {
        return send("GET", "/health", null, type(Health.class), HEALTH_TIMEOUT);
    }

    @Override
    public List<Connection> connections() {
        return get("/connections", new TypeReference<List<Connection>>() { });
    }

    @Override
    public Connection createConnection(ConnectionRequest request) {
        return send("POST", "/connections", request, type(Connection.class));
    }

    @Override
    public Connection updateConnection(String id, ConnectionRequest request) {
        return send("PUT", "/connections/" + seg(id), request, type(Connection.class));
    }

    @Override
    public void deleteConnection(String id) {
        send("DELETE", "/connections/" + seg(id), null, null);
    }

    @Override
    public ConnectionTestResult testConnection(String id) {
        return remote("POST", "/connections/" + seg(id) + "/test", null, type(ConnectionTestResult.class));
    }

    @Override
    public ConnectionTestResult testConnection(String id, ConnectionRequest settings) {
        return remote("POST", "/connections/" + seg(id) + "/test", settings, type(ConnectionTestResult.class));
    }

    @Override
    public ConnectionTestResult testConnection(ConnectionRequest request) {
        return remote("POST", "/connections/test", request, type(ConnectionTestResult.class));
    }

    @Override
    public List<DirectoryMailbox> directory(String connectionId) {
        return remote("GET", "/connections/" + seg(connectionId) + "/directory", null,
                json.getTypeFactory().constructType(new TypeReference<List<DirectoryMailbox>>() { }));
    }

    @Override
    public List<Job> jobs() {
        return get("/jobs", new TypeReference<List<Job>>() { });
    }

    @Override
    public Job job(String id) {
        return get("/jobs/" + seg(id), Job.class);
    }

    @Override
    public Job createJob(JobRequest request) {
        return send("POST", "/jobs", request, type(Job.class));
    }

    @Override
    public ScheduleStatus saveSchedule(String jobId, JobSchedule schedule) {
        return send("PUT", "/jobs/" + seg(jobId) + "/schedule", schedule, type(ScheduleStatus.class));
    }

    @Override
    public ScheduleStatus schedule(String jobId) {
        return get("/jobs/" + seg(jobId) + "/schedule", ScheduleStatus.class);
    }

    @Override
    public void removeSchedule(String jobId) {
        send("DELETE", "/jobs/" + seg(jobId) + "/schedule", null, null);
    }

    @Override
    public void deleteJob(String id) {
        send("DELETE", "/jobs/" + seg(id), null, null);
    }

    @Override
    public Accepted command(String jobId, JobCommand command) {
        return send("POST", "/jobs/" + seg(jobId) + "/" + command.path(), null, type(Accepted.class));
    }

    @Override
    public Accepted command(String jobId, String pairId, JobCommand command) {
        return send("POST", "/jobs/" + seg(jobId) + "/pairs/" + seg(pairId) + "/" + command.path(), null,
                type(Accepted.class));
    }

    @Override
    public List<MailboxPair> pairs(String jobId) {
        return pairs(jobId, (done, total) -> { });
    }

    @Override
    public List<MailboxPair> pairs(String jobId, PageProgress loaded) {
        // page by page, so that no single answer is the whole of a large job; a service without paging (no
        // X-Total-Count) answers every pair at once
        JavaType type = json.getTypeFactory().constructType(new TypeReference<List<MailboxPair>>() { });
        List<MailboxPair> all = new ArrayList<>();
        while (true) {
            String path = "/jobs/" + seg(jobId) + "/pairs?offset=" + all.size() + "&limit=" + PAIRS_PAGE;
            HttpResponse<String> answer = exchange(request(path).GET(), "GET " + path);
            List<MailboxPair> page = decode(answer, type);
            all.addAll(page == null ? List.of() : page);
            OptionalLong total = answer.headers().firstValueAsLong(TOTAL_COUNT);
            if (total.isEmpty() || page == null || page.isEmpty() || all.size() >= total.getAsLong()) {
                return all;
            }
            loaded.loaded(all.size(), total.getAsLong());
        }
    }

    @Override
    public List<MailboxPair> addPairs(String jobId, List<MailboxPairRequest> pairs) {
        return send("POST", "/jobs/" + seg(jobId) + "/pairs", pairs,
                json.getTypeFactory().constructType(new TypeReference<List<MailboxPair>>() { }));
    }

    @Override
    public CsvImportResult importPairs(String jobId, String csv, boolean acceptValid) {
        return postCsv("/jobs/" + seg(jobId) + "/pairs/import?acceptValid=" + acceptValid, csv);
    }

    @Override
    public void deletePair(String jobId, String pairId) {
        send("DELETE", "/jobs/" + seg(jobId) + "/pairs/" + seg(pairId), null, null);
    }

    @Override
    public CsvImportResult parsePairsCsv(String csv) {
        return postCsv("/csv/pairs", csv);
    }

    private CsvImportResult postCsv(String path, String csv) {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
        return decode(exchange(b, "POST " + path), type(CsvImportResult.class));
    }

    @Override
    public MatchResult match(MatchRequest request) {
        return send("POST", "/matching", request, type(MatchResult.class));
    }

    @Override
    public JobReport jobReport(String jobId) {
        return get("/jobs/" + seg(jobId) + "/report?format=json", JobReport.class);
    }

    @Override
    public MailboxReport mailboxReport(String jobId, String pairId) {
        return get("/jobs/" + seg(jobId) + "/pairs/" + seg(pairId) + "/report?format=json", MailboxReport.class);
    }

    @Override
    public String jobReportText(String jobId, ReportFormat format) {
        return text("/jobs/" + seg(jobId) + "/report?format=" + format.query());
    }

    @Override
    public String mailboxReportText(String jobId, String pairId, ReportFormat format) {
        return text("/jobs/" + seg(jobId) + "/pairs/" + seg(pairId) + "/report?format=" + format.query());
    }

    @Override
    public LicenseState license() {
        return get("/license", LicenseState.class);
    }

    @Override
    public LicenseState installLicense(String key) {
        return send("PUT", "/license", new LicenseRequest(key), type(LicenseState.class));
    }

    @Override
    public LicenseState removeLicense() {
        return send("DELETE", "/license", null, type(LicenseState.class));
    }

    @Override
    public List<ThroughputSample> throughput() {
        return get("/dashboard/throughput", new TypeReference<List<ThroughputSample>>() { });
    }

    @Override
    public List<Alert> alerts() {
        return get("/alerts", new TypeReference<List<Alert>>() { });
    }

    @Override
    public ThrottlingSummary throttling() {
        return get("/dashboard/throttling", ThrottlingSummary.class);
    }

    @Override
    public OverallReport overallReport() {
        return get("/reports/overall?format=json", OverallReport.class);
    }

    @Override
    public String overallReportText(ReportFormat format) {
        return text("/reports/overall?format=" + format.query());
    }

    @Override
    public List<PassRecord> passes(String jobId, int limit) {
        return get("/jobs/" + seg(jobId) + "/passes?limit=" + limit, new TypeReference<List<PassRecord>>() { });
    }

    @Override
    public List<PassRecord> passes(String jobId, String pairId, int limit) {
        return get("/jobs/" + seg(jobId) + "/passes?limit=" + limit + "&pairId=" + seg(pairId),
                new TypeReference<List<PassRecord>>() { });
    }

    @Override
    public AlertSettings alertSettings() {
        return get("/settings/alerts", AlertSettings.class);
    }

    @Override
    public AlertSettings saveAlertSettings(AlertSettingsRequest request) {
        return send("PUT", "/settings/alerts", request, type(AlertSettings.class));
    }

    @Override
    public ConnectionTestResult sendTestAlert() {
        return remote("POST", "/settings/alerts/test", null, type(ConnectionTestResult.class));
    }

    // --- plumbing

    private <T> T get(String path, Class<T> type) {
        return send("GET", path, null, type(type));
    }

    private <T> T get(String path, TypeReference<T> type) {
        return send("GET", path, null, json.getTypeFactory().constructType(type));
    }

    private String text(String path) {
        return exchange(request(path).GET(), "GET " + path).body();
    }

    private JavaType type(Class<?> type) {
        return json.getTypeFactory().constructType(type);
    }

    /** {@link #send} with {@link #REMOTE_TIMEOUT}. */
    private <T> T remote(String method, String path, Object body, JavaType answer) {
        return send(method, path, body, answer, remoteTimeout);
    }

    private <T> T send(String method, String path, Object body, JavaType answer) {
        return send(method, path, body, answer, requestTimeout);
    }

    private <T> T send(String method, String path, Object body, JavaType answer, Duration timeout) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new ServiceException(0, "client_error", "The panel could not encode its request.", e);
        }
        HttpRequest.Builder b = request(path).method(method, publisher).timeout(timeout);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return decode(exchange(b, method + " " + path), answer);
    }

    private <T> T decode(HttpResponse<String> response, JavaType answer) {
        if (answer == null || response.statusCode() == 204 || response.body().isEmpty()) {
            return null;
        }
        try {
            return json.readValue(response.body(), answer);
        } catch (IOException e) {
            throw new ServiceException(response.statusCode(), "bad_answer",
                    "The service answered something the panel does not understand.", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        ServiceEndpoint e = endpoint;
        if (e == null) {
            e = locator.locate();
            endpoint = e;
        }
        return HttpRequest.newBuilder(URI.create(e.baseUrl() + "/api/v1" + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + e.token())
                .header("Accept", "application/json, application/problem+json, text/csv, text/html");
    }

    private HttpResponse<String> exchange(HttpRequest.Builder builder, String what) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Forget the endpoint: the next call re-reads service.url, which a restarted service rewrote.
            endpoint = null;
            LOG.debug("{} failed", what, e);
            throw new ServiceException(0, ServiceException.NOT_RUNNING,
                    "The Mailferry service does not answer at " + request.uri().resolve("/") + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(0, "interrupted", "The call to the service was interrupted.", e);
        }
        int status = response.statusCode();
        if (status >= 400) {
            if (status == 401) {
                endpoint = null;
            }
            throw problem(response, what);
        }
        return response;
    }

    private ServiceException problem(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        try {
            ApiProblem p = json.readValue(response.body(), ApiProblem.class);
            if (p.detail() != null && !p.detail().isBlank()) {
                return new ServiceException(status, p.code(), p.detail());
            }
            if (p.title() != null) {
                return new ServiceException(status, p.code(), p.title() + ".");
            }
        } catch (IOException | RuntimeException ignored) {
            // not a problem body; fall through to a generic sentence
        }
        LOG.warn("{} answered {} without a problem body", what, status);
        return new ServiceException(status, "http_" + status,
                "The service refused the request (HTTP " + status + ").");
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
