package io.mailferry.admin.client;

import io.mailferry.model.api.Accepted;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.Health;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
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
import java.util.List;
import java.util.Optional;

/**
 * The service's HTTP API (docs/api.md) as the panel uses it. Every method blocks and may throw
 * {@link ServiceException} with a sentence for the admin; view models call it only through a background runner.
 * Implementations are thread-safe.
 */
public interface ServiceClient {

    /** The base URL last reached, for the status bar; empty before the first successful call. */
    Optional<String> baseUrl();

    Health health();

    List<Connection> connections();

    Connection createConnection(ConnectionRequest request);

    Connection updateConnection(String id, ConnectionRequest request);

    void deleteConnection(String id);

    /** Tests a saved connection; the service stores the result as its {@code lastTest}. */
    ConnectionTestResult testConnection(String id);

    /**
     * Tests {@code settings} for a saved connection before they are saved (the edit wizard): a null secret means the
     * stored one. The service keeps the result as {@code lastTest} only when the settings equal the stored ones.
     */
    ConnectionTestResult testConnection(String id, ConnectionRequest settings);

    /** Tests unsaved settings (the wizard's last step). */
    ConnectionTestResult testConnection(ConnectionRequest request);

    /**
     * The mailboxes a connection's directory lists (Microsoft 365: the tenant's user and shared mailboxes), sorted by
     * address and read afresh on every call. Refused with 422 {@code connection_without_directory} for IMAP, 502
     * {@code directory_failed} with the connector's sentence when the tenant refuses (e.g. a missing permission).
     */
    List<DirectoryMailbox> directory(String connectionId);

    List<Job> jobs();

    Job job(String id);

    Job createJob(JobRequest request);

    /** Saves (or replaces) the job's schedule; 400 {@code validation_failed} with the service's sentences. */
    ScheduleStatus saveSchedule(String jobId, JobSchedule schedule);

    /** The job's schedule with its next run; 404 {@code schedule_not_found} when it has none. */
    ScheduleStatus schedule(String jobId);

    /** Removes the job's schedule (nothing starts by itself any more); idempotent. */
    void removeSchedule(String jobId);

    void deleteJob(String id);

    Accepted command(String jobId, JobCommand command);

    Accepted command(String jobId, String pairId, JobCommand command);

    List<MailboxPair> pairs(String jobId);

    /** As {@link #pairs(String)}, telling {@code loaded} how many of how many it has read after each page. */
    default List<MailboxPair> pairs(String jobId, PageProgress loaded) {
        return pairs(jobId);
    }

    /** How far a paged read is: {@code done} of {@code total} items. */
    @FunctionalInterface
    interface PageProgress {
        void loaded(long done, long total);
    }

    List<MailboxPair> addPairs(String jobId, List<MailboxPairRequest> pairs);

    /**
     * Imports a pairs CSV into a job through the service's parser: the pairs are added when no row is bad, or the good
     * ones anyway with {@code acceptValid}; the result lists every bad row by line.
     */
    CsvImportResult importPairs(String jobId, String csv, boolean acceptValid);

    /** Removes a mailbox pair and its ledger from a job; refused (409 {@code pair_running}) while it runs. */
    void deletePair(String jobId, String pairId);

    /** Parses a pairs CSV without touching any job (the matching grid's import). */
    CsvImportResult parsePairsCsv(String csv);

    MatchResult match(MatchRequest request);

    JobReport jobReport(String jobId);

    MailboxReport mailboxReport(String jobId, String pairId);

    /** A job report rendered by the service as CSV or HTML. */
    String jobReportText(String jobId, ReportFormat format);

    /** A mailbox report rendered by the service as CSV or HTML. */
    String mailboxReportText(String jobId, String pairId, ReportFormat format);

    LicenseState license();

    /** Installs a license key, replacing the installed one; a refused key (422) changes nothing. */
    LicenseState installLicense(String key);

    /** Removes the installed license key: the trial's rules apply again, seats stay counted. */
    LicenseState removeLicense();

    List<ThroughputSample> throughput();

    List<Alert> alerts();

    /** Time lost to throttling by the passes running now and by today's passes. */
    ThrottlingSummary throttling();

    /** All jobs at a glance: mailboxes done, in progress, failed; items and bytes; failures by reason. */
    OverallReport overallReport();

    /** The overall report rendered by the service as CSV or HTML. */
    String overallReportText(ReportFormat format);

    /** The job's passes, newest first (the newest {@code limit}). */
    List<PassRecord> passes(String jobId, int limit);

    /** The newest {@code limit} passes of one mailbox pair of the job. */
    List<PassRecord> passes(String jobId, String pairId, int limit);

    /** The alert settings; the SMTP password only as {@code hasPassword}. */
    AlertSettings alertSettings();

    /** Stores new alert settings (400 {@code validation_failed} with one sentence per problem). */
    AlertSettings saveAlertSettings(AlertSettingsRequest request);

    /** Sends a test mail with the stored settings; the result says how it went. */
    ConnectionTestResult sendTestAlert();
}
