package io.mailferry.admin;

import io.mailferry.admin.client.JobCommand;
import io.mailferry.admin.client.ReportFormat;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.api.Accepted;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.Health;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.ScheduleStatus;
import io.mailferry.model.job.JobState;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchRule;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import io.mailferry.model.report.MailboxReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory service with the documented behaviour the panel relies on: connections, jobs, pairs, matching by
 * local part, a simple CSV parser, and scripted answers (test results, license, throughput, alerts, throttling).
 */
public class FakeServiceClient implements ServiceClient {

    public final Map<String, Connection> connections = new LinkedHashMap<>();
    public final Map<String, Job> jobs = new LinkedHashMap<>();
    public final Map<String, List<MailboxPair>> pairs = new LinkedHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<JobRequest> createdJobs = new ArrayList<>();
    /** The schedules saved, by job id. */
    public final Map<String, JobSchedule> schedules = new LinkedHashMap<>();
    /** When set, saving a schedule fails with it (the service refusing the schedule). */
    public ServiceException refuseSchedule;
    public final List<ConnectionRequest> testedRequests = new ArrayList<>();
    public ConnectionTestResult nextTest = ConnectionTestResult.success("Logged in to imap.example.com:993 as anna.",
            "IMAP4rev1 IDLE MOVE", Instant.parse("2025-05-01T10:00:00Z"), 42);
    public LicenseState license = new LicenseState(true, null, 0, 3, Instant.parse("2025-06-01T00:00:00Z"), true,
            "Trial: 23 days left, 10 items per folder.");
    public List<ThroughputSample> throughput = new ArrayList<>();
    public List<Alert> alerts = new ArrayList<>();
    public ThrottlingSummary throttling = new ThrottlingSummary(0, 0, 0, 0, Instant.parse("2025-05-01T00:00:00Z"));
    public Map<String, String> reportHtml = new LinkedHashMap<>();
    public Map<String, JobReport> reports = new LinkedHashMap<>();
    public OverallReport overall = new OverallReport(Instant.parse("2025-05-01T10:00:00Z"),
            new OverallLine(null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of());
    public Map<String, List<PassRecord>> passes = new LinkedHashMap<>();
    public AlertSettings alertSettings = AlertSettings.defaults();
    public final List<AlertSettingsRequest> savedAlertSettings = new ArrayList<>();
    public ConnectionTestResult nextTestMail = ConnectionTestResult.success(
            "The SMTP server smtp.example.com:587 accepted the mail for admin@example.com.", "",
            Instant.parse("2025-05-01T10:00:00Z"), 12);
    public RuntimeException down;
    /** Thrown once by the next {@link #job} (the service went away just after an earlier call). */
    public RuntimeException failNextJobRead;
    /** Directories by connection id (Microsoft 365 connections); a connection without one answers like the service. */
    public final Map<String, List<DirectoryMailbox>> directories = new LinkedHashMap<>();
    /** When set, the directory call fails with it (e.g. the tenant refusing for a missing permission). */
    public RuntimeException directoryFailure;
    private final AtomicInteger ids = new AtomicInteger();

    /** Plays the panel's starter: the service process comes up, so every call answers again. */
    public void start() {
        calls.add("start service");
        down = null;
    }

    private void check(String call) {
        calls.add(call);
        if (down != null) {
            throw down;
        }
    }

    @Override
    public Optional<String> baseUrl() {
        return down == null ? Optional.of("http://127.0.0.1:52731") : Optional.empty();
    }

    @Override
    public Health health() {
        check("health");
        long running = jobs.values().stream().filter(j -> j.state() == JobState.RUNNING).count();
        return new Health("ok", "0.1.0", Instant.parse("2025-05-01T08:00:00Z"), "/data", (int) running);
    }

    @Override
    public List<Connection> connections() {
        check("connections");
        return List.copyOf(connections.values());
    }

    @Override
    public Connection createConnection(ConnectionRequest r) {
        check("createConnection");
        String id = "c" + ids.incrementAndGet();
        Connection c = new Connection(id, r.name(), r.role(), r.kind(), r.imap(), r.graph(), r.ews(),
                r.secret() != null, Instant.now(), Instant.now(), null);
        connections.put(id, c);
        return c;
    }

    public Connection add(Connection c) {
        connections.put(c.id(), c);
        return c;
    }

    @Override
    public Connection updateConnection(String id, ConnectionRequest r) {
        check("updateConnection " + id);
        Connection old = connections.get(id);
        Connection c = new Connection(id, r.name(), r.role(), r.kind(), r.imap(), r.graph(), r.ews(),
                r.secret() != null || old.hasSecret(), old.createdAt(), Instant.now(), old.lastTest());
        connections.put(id, c);
        return c;
    }

    @Override
    public void deleteConnection(String id) {
        check("deleteConnection " + id);
        if (jobs.values().stream().anyMatch(j -> id.equals(j.sourceConnectionId()) || id.equals(j.targetConnectionId()))) {
            throw new ServiceException(409, "connection_in_use",
                    "Connection '" + connections.get(id).name() + "' is used by a job; delete the job first.");
        }
        connections.remove(id);
    }

    @Override
    public ConnectionTestResult testConnection(String id) {
        check("testConnection " + id);
        Connection c = connections.get(id);
        connections.put(id, new Connection(c.id(), c.name(), c.role(), c.kind(), c.imap(), c.graph(), c.ews(),
                c.hasSecret(), c.createdAt(), c.updatedAt(), nextTest));
        return nextTest;
    }

    /** Like the service: the stored secret when none is given; the result is not stored. */
    @Override
    public ConnectionTestResult testConnection(String id, ConnectionRequest settings) {
        check("testEdited " + id);
        testedRequests.add(settings);
        if (!connections.containsKey(id)) {
            throw new ServiceException(404, "connection_not_found", "There is no connection with id " + id + ".");
        }
        return nextTest;
    }

    @Override
    public ConnectionTestResult testConnection(ConnectionRequest request) {
        check("testUnsaved");
        testedRequests.add(request);
        return nextTest;
    }

    public static ConnectionTestResult failed(String message) {
        return ConnectionTestResult.failed(ConnectionFailure.AUTHENTICATION, message, Instant.now(), 12);
    }

    /** Like the service: 404 for an unknown connection, 422 for an IMAP one, the directory sorted by address. */
    @Override
    public List<DirectoryMailbox> directory(String connectionId) {
        check("directory " + connectionId);
        Connection c = connections.get(connectionId);
        if (c == null) {
            throw new ServiceException(404, "connection_not_found", "There is no connection with id " + connectionId
                    + ".");
        }
        if (c.kind() == ConnectionKind.IMAP) {
            throw new ServiceException(422, "connection_without_directory",
                    "An IMAP connection has no directory: paste or import the mailbox addresses.");
        }
        if (directoryFailure != null) {
            throw directoryFailure;
        }
        return directories.getOrDefault(connectionId, List.of()).stream()
                .sorted(java.util.Comparator.comparing(DirectoryMailbox::address)).toList();
    }

    @Override
    public List<Job> jobs() {
        check("jobs");
        return List.copyOf(jobs.values());
    }

    @Override
    public Job job(String id) {
        check("job " + id);
        if (failNextJobRead != null) {
            RuntimeException e = failNextJobRead;
            failNextJobRead = null;
            throw e;
        }
        return jobs.get(id);
    }

    @Override
    public Job createJob(JobRequest r) {
        check("createJob");
        createdJobs.add(r);
        String id = "j" + ids.incrementAndGet();
        Job j = new Job(id, r.name(), r.sourceConnectionId(), r.targetConnectionId(),
                r.options() == null ? JobOptions.defaults() : r.options(), JobState.NEW, r.pairs().size(),
                Progress.empty(), null, Instant.now(), null, null);
        jobs.put(id, j);
        List<MailboxPair> list = new ArrayList<>();
        for (MailboxPairRequest p : r.pairs()) {
            list.add(pair(id, "p" + ids.incrementAndGet(), p.sourceMailbox(), p.targetMailbox(), MailboxState.NEW,
                    Progress.empty(), null, null));
        }
        pairs.put(id, list);
        return j;
    }

    @Override
    public ScheduleStatus saveSchedule(String jobId, JobSchedule schedule) {
        check("saveSchedule " + jobId);
        if (refuseSchedule != null) {
            throw refuseSchedule;
        }
        schedules.put(jobId, schedule);
        Instant next = schedule.startAt() == null ? Instant.now() : schedule.startAt();
        jobs.computeIfPresent(jobId, (id, j) -> j.withNextRunAt(next));
        return new ScheduleStatus(schedule, schedule.timeZone(), next, false, "Next pass " + next + ".");
    }

    @Override
    public ScheduleStatus schedule(String jobId) {
        check("schedule " + jobId);
        JobSchedule s = schedules.get(jobId);
        if (s == null) {
            throw new ServiceException(404, "schedule_not_found", "Job " + jobId + " has no schedule.");
        }
        Instant next = s.startAt() == null ? Instant.parse("2099-01-01T00:00:00Z") : s.startAt();
        return new ScheduleStatus(s, s.timeZone(), next, false, "Next pass " + next + ".");
    }

    @Override
    public void removeSchedule(String jobId) {
        check("removeSchedule " + jobId);
        schedules.remove(jobId);
        jobs.computeIfPresent(jobId, (id, j) -> j.withNextRunAt(null));
    }

    public static MailboxPair pair(String jobId, String id, String source, String target, MailboxState state,
            Progress progress, String error, String verdict) {
        return new MailboxPair(id, jobId, source, target, null, null, false, false, state, progress, error, verdict,
                null, null);
    }

    public Job add(Job j, List<MailboxPair> ps) {
        jobs.put(j.id(), j);
        pairs.put(j.id(), new ArrayList<>(ps));
        return j;
    }

    @Override
    public void deleteJob(String id) {
        check("deleteJob " + id);
        jobs.remove(id);
        pairs.remove(id);
    }

    @Override
    public Accepted command(String jobId, JobCommand command) {
        check(command.path() + " " + jobId);
        return new Accepted(command.path() + " requested", "/api/v1/jobs/" + jobId);
    }

    @Override
    public Accepted command(String jobId, String pairId, JobCommand command) {
        check(command.path() + " " + jobId + "/" + pairId);
        return new Accepted(command.path() + " requested", "/api/v1/jobs/" + jobId + "/pairs/" + pairId);
    }

    @Override
    public List<MailboxPair> pairs(String jobId) {
        check("pairs " + jobId);
        return List.copyOf(pairs.getOrDefault(jobId, List.of()));
    }

    /** All or none, like the service: a source already in the job is a 400 with the service's kind of sentence. */
    @Override
    public List<MailboxPair> addPairs(String jobId, List<MailboxPairRequest> ps) {
        check("addPairs " + jobId);
        List<MailboxPair> list = pairs.computeIfAbsent(jobId, k -> new ArrayList<>());
        for (MailboxPairRequest p : ps) {
            if (list.stream().anyMatch(x -> x.sourceMailbox().equalsIgnoreCase(p.sourceMailbox()))) {
                throw new ServiceException(400, "validation_failed",
                        "Source mailbox " + p.sourceMailbox() + " is already in this job.");
            }
        }
        List<MailboxPair> added = new ArrayList<>();
        for (MailboxPairRequest p : ps) {
            added.add(pair(jobId, "p" + ids.incrementAndGet(), p.sourceMailbox(), p.targetMailbox(), MailboxState.NEW,
                    Progress.empty(), null, null));
        }
        list.addAll(added);
        return added;
    }

    @Override
    public CsvImportResult importPairs(String jobId, String csv, boolean acceptValid) {
        check("importPairs " + jobId + " acceptValid=" + acceptValid);
        CsvImportResult result = parsePairsCsv(csv);
        if (result.errors().isEmpty() || acceptValid) {
            addPairs(jobId, result.pairs());
        }
        return result;
    }

    /** A running pair answers 409 like the service. */
    @Override
    public void deletePair(String jobId, String pairId) {
        check("deletePair " + jobId + "/" + pairId);
        List<MailboxPair> list = pairs.getOrDefault(jobId, new ArrayList<>());
        MailboxPair p = list.stream().filter(x -> x.id().equals(pairId)).findFirst().orElseThrow(() ->
                new ServiceException(404, "pair_not_found", "Job " + jobId + " has no mailbox pair with id " + pairId + "."));
        if (p.state() == MailboxState.RUNNING) {
            throw new ServiceException(409, "pair_running",
                    "Mailbox " + p.sourceMailbox() + " is running; stop it before removing it.");
        }
        list.remove(p);
    }

    /**
     * Header "SourceMailbox,TargetMailbox[,SourceUser,SourcePassword]"; a row without '@' in the source is rejected
     * with its line.
     */
    @Override
    public CsvImportResult parsePairsCsv(String csv) {
        check("parsePairsCsv");
        List<MailboxPairRequest> ok = new ArrayList<>();
        List<CsvImportResult.RowError> errors = new ArrayList<>();
        List<String> lines = csv.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue; // the service ignores blank lines too
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length < 2 || !cells[0].contains("@")) {
                errors.add(new CsvImportResult.RowError(i + 1, "the source mailbox is not an address"));
            } else {
                ok.add(new MailboxPairRequest(cells[0].trim(), cells[1].trim(), cells.length > 2 ? cells[2] : null,
                        cells.length > 3 ? io.mailferry.model.connection.Secret.of(cells[3]) : null, null, null));
            }
        }
        return new CsvImportResult("pairs", ok, errors);
    }

    /** Same local part, like the service's SAME_LOCAL_PART rule. */
    @Override
    public MatchResult match(MatchRequest request) {
        check("match");
        List<MatchResult.Match> out = new ArrayList<>();
        for (String s : request.sources()) {
            String local = s.substring(0, Math.max(0, s.indexOf('@')));
            Optional<String> t = request.targets().stream()
                    .filter(x -> x.equalsIgnoreCase(s)).findFirst();
            MatchRule rule = MatchRule.SAME_ADDRESS;
            if (t.isEmpty()) {
                t = request.targets().stream().filter(x -> x.toLowerCase().startsWith(local.toLowerCase() + "@"))
                        .findFirst();
                rule = MatchRule.SAME_LOCAL_PART;
            }
            out.add(new MatchResult.Match(s, t.orElse(null), t.isPresent() ? rule : null));
        }
        return new MatchResult(out);
    }

    @Override
    public JobReport jobReport(String jobId) {
        check("jobReport " + jobId);
        JobReport r = reports.get(jobId);
        if (r == null) {
            throw new ServiceException(404, "job_not_found", "There is no job " + jobId + ".");
        }
        return r;
    }

    @Override
    public MailboxReport mailboxReport(String jobId, String pairId) {
        check("mailboxReport " + jobId + "/" + pairId);
        return jobReport(jobId).mailboxes().stream().filter(m -> m.pairId().equals(pairId)).findFirst().orElseThrow();
    }

    @Override
    public String jobReportText(String jobId, ReportFormat format) {
        check("jobReportText " + jobId + " " + format);
        return format == ReportFormat.CSV ? "mailbox,items\r\nanna,3\r\n"
                : reportHtml.getOrDefault(jobId, "<html><body><h1>Report</h1></body></html>");
    }

    @Override
    public String mailboxReportText(String jobId, String pairId, ReportFormat format) {
        check("mailboxReportText " + jobId + "/" + pairId + " " + format);
        return format == ReportFormat.CSV ? "folder,items\r\nINBOX,3\r\n" : "<html><body>mailbox</body></html>";
    }

    @Override
    public LicenseState license() {
        check("license");
        return license;
    }

    /** Keys the fake accepts, with the state each installs; any other key is refused as the service refuses it. */
    public final Map<String, LicenseState> validKeys = new LinkedHashMap<>();

    @Override
    public LicenseState installLicense(String key) {
        check("installLicense");
        LicenseState installed = validKeys.get(key);
        if (installed == null) {
            throw new ServiceException(422, "license_invalid", "The license key is not genuine: its signature does not"
                    + " match. The license in use has not changed.");
        }
        license = installed;
        return license;
    }

    @Override
    public LicenseState removeLicense() {
        check("removeLicense");
        license = new LicenseState(true, null, 0, license.seatsUsed(), Instant.parse("2025-06-01T00:00:00Z"), true,
                "Trial: 23 days left, 10 items per folder.");
        return license;
    }

    @Override
    public List<ThroughputSample> throughput() {
        check("throughput");
        return throughput;
    }

    @Override
    public List<Alert> alerts() {
        check("alerts");
        return alerts;
    }

    @Override
    public ThrottlingSummary throttling() {
        check("throttling");
        return throttling;
    }

    @Override
    public OverallReport overallReport() {
        check("overallReport");
        return overall;
    }

    @Override
    public String overallReportText(ReportFormat format) {
        check("overallReportText " + format);
        return format == ReportFormat.CSV ? "section,job_name\r\ntotal,\r\n"
                : "<html><body><h1>All jobs</h1></body></html>";
    }

    @Override
    public List<PassRecord> passes(String jobId, int limit) {
        check("passes " + jobId);
        return passes.getOrDefault(jobId, List.of()).stream().limit(limit).toList();
    }

    @Override
    public List<PassRecord> passes(String jobId, String pairId, int limit) {
        check("passes " + jobId + " " + pairId);
        return passes.getOrDefault(jobId, List.of()).stream().filter(p -> pairId.equals(p.pairId())).limit(limit)
                .toList();
    }

    @Override
    public AlertSettings alertSettings() {
        check("alertSettings");
        return alertSettings;
    }

    /** Like the service: refuses a sender that is no address; keeps the password only as "stored". */
    @Override
    public AlertSettings saveAlertSettings(AlertSettingsRequest r) {
        check("saveAlertSettings");
        if (r.host() != null && !r.host().isBlank() && (r.from() == null || !r.from().contains("@"))) {
            throw new ServiceException(400, "validation_failed", "The sender must be an email address, not \""
                    + (r.from() == null ? "" : r.from()) + "\".");
        }
        savedAlertSettings.add(r);
        boolean hasPassword = r.password() == null ? alertSettings.hasPassword() : !r.password().isBlank();
        alertSettings = new AlertSettings(r.host(), r.port(), r.security(), r.user(), hasPassword,
                r.trustedCertificatePem(), r.from(), r.recipients(), r.periodMinutes(), r.stalledAfterMinutes(),
                r.diskFreeMegabytes(), r.licenseDaysBefore());
        return alertSettings;
    }

    @Override
    public ConnectionTestResult sendTestAlert() {
        check("sendTestAlert");
        return nextTestMail;
    }
}
