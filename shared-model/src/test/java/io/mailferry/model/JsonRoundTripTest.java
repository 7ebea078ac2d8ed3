package io.mailferry.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.alert.SmtpSecurity;
import io.mailferry.model.api.Accepted;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.api.Health;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.MatchRequest;
import io.mailferry.model.mailbox.MatchResult;
import io.mailferry.model.mailbox.MatchRule;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.FailureReason;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every record of the contract survives JSON and back with a mapper configured like the service's and the panel's
 * (JavaTimeModule, ISO instants, unknown properties ignored — derived getters such as Progress.fraction() are
 * written but not read back).
 */
class JsonRoundTripTest {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final Instant T = Instant.parse("2025-03-04T05:06:07.123Z");

    static final ImapSettings IMAP = new ImapSettings("imap.example.com", 993, ImapSecurity.TLS,
            ImapAuthMode.MASTER_USER, "admin", "*", "-----BEGIN CERTIFICATE-----\nMII...\n-----END CERTIFICATE-----\n");
    static final ConnectionTestResult TESTED = ConnectionTestResult.failed(ConnectionFailure.TLS_CERTIFICATE,
            "Source IMAP server imap.example.com:993 presented an untrusted certificate.", T, 120);
    static final Progress PROGRESS = new Progress(100, 40, 30, 5, 1, 10_000, 4_000, 2.5, 250.0, 24, "INBOX",
            250_000);
    static final FolderReport FOLDER = new FolderReport("INBOX", "Inbox", 10, 8, 1, 1, 0, 800, 5, 0, 3);
    static final ItemIssue ISSUE = new ItemIssue("anna@old", "INBOX", 42, T, "Hello", "<id@x>", 12_345,
            ItemOutcome.SKIPPED, "too large");
    static final MailboxReport MAILBOX_REPORT = new MailboxReport("p1", "anna@old", "anna@new",
            MailboxState.COMPLETED_WITH_ISSUES, T, T.plusSeconds(60), 60_000, 1.5, 1000, true,
            "9 of 10 source items are on the target; 1 skipped.", null, List.of(FOLDER), List.of(ISSUE), 61_000);
    static final JobOptions OPTIONS = new JobOptions(MigrationType.FULL,
            new FolderFilter(List.of("**"), List.of("Trash/**"), Set.of(FolderType.INBOX, FolderType.SENT),
                    List.of(new RenameRule("^Old/(.*)$", "New/$1"))),
            T, T.plusSeconds(86_400), 25_000_000L, DuplicatePolicy.OVERWRITE, true, 5, 3, 10);

    static Stream<Object> records() {
        return Stream.of(
                new Connection("c1", "Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP, IMAP, null, null, true,
                        T, T.plusSeconds(1), TESTED),
                new Connection("c2", "Tenant", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                        new GraphSettings("contoso.onmicrosoft.com", "client-id", "us-government", GraphCredential.CERTIFICATE), null, true, T, T, null),
                new Connection("c2g", "Tenant, Graph write path", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                        null, new GraphSettings("contoso.onmicrosoft.com", "client-id", null,
                        GraphCredential.CLIENT_SECRET, 2, GraphWritePath.GRAPH), null, true, T, T, null),
                new Connection("c3", "Exchange", ConnectionRole.SOURCE, ConnectionKind.EXCHANGE, null, null,
                        new EwsSettings("https://mail.example.com/EWS/Exchange.asmx", "svc", true, null), false,
                        T, T, ConnectionTestResult.success("Logged in.", "Exchange2016", T, 80)),
                new ConnectionRequest("Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP, IMAP, null, null,
                        new Secret("pw")),
                new Job("j1", "Pilot", "c1", "c2", OPTIONS, JobState.RUNNING, 3, PROGRESS,
                        "All 12,345 source items are on the target.", T, T, null),
                new JobRequest("Pilot", "c1", "c2", JobOptions.defaults(),
                        List.of(MailboxPairRequest.of("a@old", "a@new"),
                                new MailboxPairRequest("b@old", "b@new", "b", new Secret("x"), "bt", new Secret("y")),
                                new MailboxPairRequest("c@old", "c@new", "admin", new Secret("z"), null, null,
                                        "users/c"))),
                OPTIONS,
                new MailboxPair("p1", "j1", "a@old", "a@new", "a", null, true, false, MailboxState.RUNNING, PROGRESS,
                        null, null, T, null),
                new MailboxPair("p2", "j1", "c@old", "c@new", "admin", null, true, false, MailboxState.QUEUED, PROGRESS,
                        null, null, null, null, "users/c"),
                new CsvImportResult("pairs", List.of(MailboxPairRequest.of("a@old", "a@new")),
                        List.of(new CsvImportResult.RowError(3, "The target mailbox is empty."))),
                new MatchRequest(List.of("a@old"), List.of("a@new"), List.of(MatchRule.DOMAIN_MAPPING),
                        Map.of("old", "new")),
                new MatchResult(List.of(new MatchResult.Match("a@old", "a@new", MatchRule.SAME_LOCAL_PART),
                        new MatchResult.Match("z@old", null, null))),
                MAILBOX_REPORT,
                new JobReport("j1", "Pilot", JobState.COMPLETED_WITH_ISSUES, T, T.plusSeconds(60), 60_000, true,
                        "9 of 10 source items are on the target.", List.of(MAILBOX_REPORT)),
                FOLDER, ISSUE, PROGRESS,
                new LicenseState(true, null, 0, 2, T, true, "Trial: 23 days left, 10 items per folder."),
                ApiProblem.of(404, "connection_not_found", "Not found", "There is no connection with id c9."),
                new Health("ok", "0.1.0", T, "/var/lib/mailferry", 2),
                new Accepted("Job started.", "/api/v1/jobs/j1"),
                new Alert("CONNECTION_FAILED", "c1", "Source IMAP server refused the login.", T),
                new ThroughputSample(T, 12.5, 1_000_000),
                new ThrottlingSummary(65_000, 2, 250_000, 3, T),
                new Alert("DISK_LOW", "/var/lib/mailferry", "The disk has only 200.0 MB free.", T, T.minusSeconds(60),
                        T.plusSeconds(60)),
                new PassRecord(7, "j1", "p1", "a@old", "a@new", RunKind.DELTA, MailboxState.COMPLETED, T,
                        T.plusSeconds(5), 1, 0, 0, 2048, true, "All 6 source items are on the target."),
                new OverallReport(T, new OverallLine(null, null, null, 3, 1, 0, 1, 1, 0, 30, 10, 0, 1, 300, 100),
                        List.of(new OverallLine("j1", "Pilot", JobState.RUNNING, 3, 1, 0, 1, 1, 0, 30, 10, 0, 1, 300,
                                100)), List.of(new FailureReason("ITEM", "Target refused the message: too big", 1))),
                new AlertSettings("smtp.example.com", 0, SmtpSecurity.TLS, "alerts", true, null,
                        "mailferry@example.com", List.of("admin@example.com"), 0, 15, 0, 0),
                new AlertSettingsRequest("smtp.example.com", 25, SmtpSecurity.NONE, null, new Secret("pw"), null,
                        "mailferry@example.com", List.of("admin@example.com"), 60, 30, 1024, 7));
    }

    @Test
    void alertSettingsShouldFillDefaultsForMissingFields() throws Exception {
        AlertSettings s = JSON.readValue("{\"host\":\"smtp.example.com\",\"security\":\"TLS\"}", AlertSettings.class);
        assertThat(s.port()).isEqualTo(465);
        assertThat(s.periodMinutes()).isEqualTo(AlertSettings.DEFAULT_PERIOD_MINUTES);
        assertThat(s.recipients()).isEmpty();
        assertThat(s.mailConfigured()).isFalse();
        assertThat(JSON.readValue("{\"kind\":\"X\",\"subject\":\"s\",\"message\":\"m\"}", Alert.class).firstSeen())
                .isNull();
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyRecordShouldSurviveJsonAndBack(Object record) throws Exception {
        String json = JSON.writeValueAsString(record);
        assertThat(JSON.readValue(json, record.getClass())).isEqualTo(record);
    }

    @Test
    void instantsShouldBeIsoStrings() throws Exception {
        assertThat(JSON.writeValueAsString(new Health("ok", "1", T, "/d", 0)))
                .contains("\"startedAt\":\"2025-03-04T05:06:07.123Z\"");
    }

    @Test
    void folderReportWrittenBeforeFlagSyncShouldReadWithZeroFlagsUpdated() throws Exception {
        String old = "{\"sourceFolder\":\"INBOX\",\"targetFolder\":\"Inbox\",\"itemsSelected\":10,\"itemsCopied\":8,"
                + "\"itemsAlreadyThere\":1,\"itemsSkipped\":1,\"itemsFailed\":0,\"bytesCopied\":800,"
                + "\"bytesSkipped\":5,\"bytesFailed\":0}";
        assertThat(JSON.readValue(old, FolderReport.class)).isEqualTo(new FolderReport("INBOX", "Inbox", 10, 8, 1, 1,
                0, 800, 5, 0, 0));
        assertThat(JSON.writeValueAsString(FOLDER)).contains("\"flagsUpdated\":3");
    }

    @Test
    void jobProgressShouldCarryItsWeightedFractionAndPairProgressShouldNot() throws Exception {
        Progress job = PROGRESS.withWeightedFraction(0.25);

        assertThat(JSON.readValue(JSON.writeValueAsString(job), Progress.class)).isEqualTo(job);
        assertThat(JSON.readValue(JSON.writeValueAsString(job), Progress.class).fraction()).isEqualTo(0.25);
        assertThat(JSON.writeValueAsString(PROGRESS)).doesNotContain("weightedFraction");
        assertThat(JSON.readValue(JSON.writeValueAsString(PROGRESS), Progress.class).fraction())
                .isEqualTo(PROGRESS.fraction());
    }

    @Test
    void progressAndReportsWrittenBeforeThrottledTimeShouldReadWithZero() throws Exception {
        String progress = "{\"itemsTotal\":10,\"itemsDone\":4,\"itemsCopied\":4,\"itemsSkipped\":0,"
                + "\"itemsFailed\":0,\"bytesTotal\":100,\"bytesDone\":40,\"itemsPerSecond\":1.0,"
                + "\"bytesPerSecond\":10.0,\"etaSeconds\":6,\"currentFolder\":\"INBOX\"}";
        assertThat(JSON.readValue(progress, Progress.class))
                .isEqualTo(new Progress(10, 4, 4, 0, 0, 100, 40, 1.0, 10.0, 6, "INBOX", 0));
        String report = JSON.writeValueAsString(MAILBOX_REPORT).replace(",\"throttledMillis\":61000", "");
        assertThat(report).doesNotContain("throttledMillis");
        assertThat(JSON.readValue(report, MailboxReport.class).throttledMillis()).isZero();
        assertThat(JSON.writeValueAsString(PROGRESS)).contains("\"throttledMillis\":250000");
    }

    @Test
    void jobReportShouldSumItsMailboxesThrottledTimeUnlessGivenOne() {
        JobReport summed = new JobReport("j1", "Pilot", JobState.COMPLETED, T, T, 0, true, "v",
                List.of(MAILBOX_REPORT, MAILBOX_REPORT));
        assertThat(summed.throttledMillis()).isEqualTo(122_000);
    }

    @Test
    void jobOptionsWithACapShouldKeepEveryOtherOption() {
        JobOptions synced = OPTIONS.withDeletionSync(true);
        assertThat(synced.withMaxItemsPerFolder(3)).isEqualTo(new JobOptions(MigrationType.FULL, OPTIONS.folders(),
                T, T.plusSeconds(86_400), 25_000_000L, DuplicatePolicy.OVERWRITE, true, 5, 3, 3, true));
    }

    @Test
    void jobOptionsShouldFillDefaultsForMissingFields() throws Exception {
        JobOptions options = JSON.readValue("{}", JobOptions.class);
        assertThat(options).isEqualTo(JobOptions.defaults());
        assertThat(JSON.readValue("{\"concurrentMailboxes\": 0}", JobOptions.class).concurrentMailboxes())
                .as("kept as given, for validation to refuse").isZero();
        assertThat(options.migrationType()).isEqualTo(MigrationType.FULL);
        assertThat(options.duplicatePolicy()).isEqualTo(DuplicatePolicy.SKIP);
        assertThat(options.deleteFromSource()).isFalse();
        assertThat(options.concurrentMailboxes()).isEqualTo(20);
        assertThat(options.connectionsPerServer()).as("0: automatic (ADR 0037)").isZero();
        assertThat(options.folders()).isEqualTo(FolderFilter.all());
    }

    @Test
    void imapSettingsShouldDefaultToTlsPasswordAndStarSeparator() throws Exception {
        ImapSettings s = JSON.readValue("{\"host\":\"h\",\"port\":993}", ImapSettings.class);
        assertThat(s.security()).isEqualTo(ImapSecurity.TLS);
        assertThat(s.authMode()).isEqualTo(ImapAuthMode.PASSWORD);
        assertThat(s.masterSeparator()).isEqualTo("*");
    }

    @Test
    void secretShouldSerialiseItsValueButHideItInToString() throws Exception {
        Secret secret = new Secret("hunter2");
        assertThat(JSON.writeValueAsString(secret)).isEqualTo("\"hunter2\"");
        assertThat(JSON.readValue("\"hunter2\"", Secret.class)).isEqualTo(secret);
        assertThat(secret.toString()).doesNotContain("hunter2");
        ConnectionRequest request = new ConnectionRequest("n", ConnectionRole.SOURCE, ConnectionKind.IMAP, IMAP, null,
                null, secret);
        assertThat(request.toString()).doesNotContain("hunter2");
        assertThat(JSON.readValue("{\"secret\":null}", ConnectionRequest.class).secret()).isNull();
    }

    @Test
    void apiProblemShouldOmitNullFieldsAndCarryItsTypeUrn() throws Exception {
        String json = JSON.writeValueAsString(ApiProblem.of(401, "unauthorized", "Unauthorized", null));
        assertThat(json).contains("\"type\":\"urn:mailferry:problem:unauthorized\"").doesNotContain("detail");
    }
}
