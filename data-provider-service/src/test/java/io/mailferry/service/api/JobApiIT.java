package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.api.Accepted;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobSchedule;
import io.mailferry.model.job.ScheduleStatus;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.license.LicenseRequest;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ImapSeeder;
import io.mailferry.service.testing.TestLicenses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs through the real service on a free port and the real java.net.http client, against the shared Dovecot. */
class JobApiIT {
    @TempDir
    Path dataDir;
    RunningService service;
    ApiClient api;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapSeeder imap = new ImapSeeder(dovecot.host(), dovecot.imapPort());

    @BeforeEach
    void start() {
        service = ServiceMain.start(new ServiceConfig(TestLicenses.licensed(dataDir), 0, ServiceMain.defaultProbes(),
                false));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void jobShouldMigrateVerifyAndThenCopyOnlyWhatIsNew() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Hello", 3);
        imap.add(source, dovecot.password(source), "Projects", "Plan", 2);
        Job job = createJob(connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), source),
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target), source, target);

        Answer started = api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.as(Accepted.class).location()).isEqualTo("/api/v1/jobs/" + job.id());
        assertThat(awaitEnd(job.id()).state()).isEqualTo(JobState.COMPLETED);

        JobReport report = api.get("/api/v1/jobs/" + job.id() + "/report").as(JobReport.class);
        assertThat(report.verified()).isTrue();
        MailboxReport mailbox = report.mailboxes().get(0);
        // a loaded machine may see a connection dropped and retried: the verdict then says so after this sentence
        assertThat(mailbox.verdict()).startsWith("All 5 source items are on the target.");
        assertThat(mailbox.itemsCopied()).isEqualTo(5);
        assertThat(imap.count(target, dovecot.password(target), "Projects")).isEqualTo(2);

        assertThat(delta(job.id()).itemsCopied()).isZero();
        imap.add(source, dovecot.password(source), "INBOX", "Late", 1);
        MailboxReport afterNew = delta(job.id());
        assertThat(afterNew.itemsCopied()).isEqualTo(1);
        assertThat(afterNew.verdict()).isEqualTo("All 6 source items are on the target. 1 folder was unchanged on "
                + "both sides since the last verified pass and was not listed again.");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(4);

        MailboxPair pair = api.get("/api/v1/jobs/" + job.id() + "/pairs").as(MailboxPair[].class)[0];
        assertThat(pair.progress().itemsDone()).isEqualTo(6);
        Answer csv = api.get("/api/v1/jobs/" + job.id() + "/report?format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=");
        assertThat(csv.body()).startsWith("section,source_mailbox").contains("Projects");
        Answer html = api.get("/api/v1/jobs/" + job.id() + "/pairs/" + pair.id() + "/report?format=html");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("All 6 source items are on the target.");
        assertThat(api.get("/api/v1/jobs/" + job.id() + "/report?format=pdf").as(ApiProblem.class).code())
                .isEqualTo("unknown_format");
        Answer passes = api.get("/api/v1/jobs/" + job.id() + "/passes");
        assertThat(passes.header("X-Total-Count")).isEqualTo("3");
        assertThat(passes.as(PassRecord[].class)).extracting(PassRecord::kind, PassRecord::itemsCopied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunKind.DELTA, 1L),
                        org.assertj.core.groups.Tuple.tuple(RunKind.DELTA, 0L),
                        org.assertj.core.groups.Tuple.tuple(RunKind.FULL, 5L));
        assertThat(api.get("/api/v1/jobs/" + job.id() + "/passes?limit=1").as(PassRecord[].class)).hasSize(1);
        String onePair = passes.as(PassRecord[].class)[0].pairId();
        Answer ofOnePair = api.get("/api/v1/jobs/" + job.id() + "/passes?pairId=" + onePair);
        assertThat(ofOnePair.header("X-Total-Count")).isEqualTo("3");
        assertThat(api.get("/api/v1/jobs/" + job.id() + "/passes?pairId=other").as(PassRecord[].class)).isEmpty();
        assertThat(api.get("/api/v1/jobs/nope/passes").status()).isEqualTo(404);
        OverallReport overall = api.get("/api/v1/reports/overall").as(OverallReport.class);
        assertThat(overall.total().done()).isEqualTo(1);
        assertThat(overall.total().itemsTotal()).isEqualTo(6);
        assertThat(api.get("/api/v1/reports/overall?format=csv").body()).startsWith("section,job_name");
        assertThat(api.get("/api/v1/reports/overall?format=html").body()).contains("1 of 1 mailboxes done");
        assertThat(api.get("/api/v1/license").as(LicenseState.class).licensee()).isEqualTo(TestLicenses.LICENSEE);
        assertThat(api.get("/api/v1/dashboard/throughput").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/alerts").json().isArray()).isTrue();
    }

    @Test
    void runningJobShouldRefuseDeletionAndStopOnRequest() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Slow", 20);
        try (DelayProxy slow = new DelayProxy(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), 50)) {
            Job job = createJob(connection("Slow old", ConnectionRole.SOURCE, slow.port(), source),
                    connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target), source, target);
            assertThat(api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null).status()).isEqualTo(202);

            Answer refused = api.send("DELETE", "/api/v1/jobs/" + job.id(), null);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.as(ApiProblem.class).code()).isEqualTo("job_running");
            assertThat(api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null).status()).isEqualTo(409);

            assertThat(api.send("POST", "/api/v1/jobs/" + job.id() + "/stop", null).status()).isEqualTo(202);
            assertThat(awaitEnd(job.id()).state()).isIn(JobState.STOPPED, JobState.COMPLETED);
            assertThat(api.send("DELETE", "/api/v1/jobs/" + job.id(), null).status()).isEqualTo(204);
        }
    }

    @Test
    void csvImportShouldNameTheBadRowAndAddNothing() {
        String source = dovecot.newUser();
        Job job = createJob(connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), source),
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), source), null, null);
        String csv = "SourceMailbox,TargetMailbox\r\nanna@old.example,anna@new.example\r\n"
                + "bob@old.example,\r\n";

        Answer answer = api.send("POST", "/api/v1/jobs/" + job.id() + "/pairs/import", csv);

        assertThat(answer.status()).isEqualTo(200);
        CsvImportResult result = answer.as(CsvImportResult.class);
        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0).line()).isEqualTo(3);
        assertThat(result.errors().get(0).reason()).isNotBlank();
        assertThat(api.get("/api/v1/jobs/" + job.id() + "/pairs").as(MailboxPair[].class)).isEmpty();
        assertThat(api.send("POST", "/api/v1/csv/pairs", csv).as(CsvImportResult.class).pairs()).hasSize(1);
        Answer noPairs = api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null);
        assertThat(noPairs.status()).isEqualTo(422);
        assertThat(noPairs.as(ApiProblem.class).code()).isEqualTo("job_without_pairs");
    }

    @Test
    void jobsShouldNeedTheToken() {
        ApiClient anonymous = new ApiClient(service.baseUrl(), null);

        assertThat(anonymous.get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(anonymous.send("POST", "/api/v1/jobs/x/start", null).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/license").status()).isEqualTo(401);
    }

    @Test
    void licenseShouldBeInstalledRemovedAndRefuseAPassBeyondItsSeats() throws Exception {
        String key = TestLicenses.ofThisRun().issue("Contoso Ltd", 1, Instant.now().plus(Duration.ofDays(30)));
        String tampered = key.substring(0, key.length() - 3) + (key.endsWith("A") ? "BBB" : "AAA");

        Answer refused = api.send("PUT", "/api/v1/license", new LicenseRequest(tampered));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.as(ApiProblem.class).code()).isEqualTo("license_invalid");
        assertThat(refused.as(ApiProblem.class).detail()).isEqualTo("The license key is not genuine: its signature"
                + " does not match. The license in use has not changed.");
        Answer installed = api.send("PUT", "/api/v1/license", new LicenseRequest(key));
        assertThat(installed.status()).isEqualTo(200);
        assertThat(installed.as(LicenseState.class).seatsTotal()).isEqualTo(1);

        String first = dovecot.newUser();
        String second = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(first, dovecot.password(first), "INBOX", "Hello", 1);
        imap.add(second, dovecot.password(second), "INBOX", "Hello", 1);
        Job one = createJob(connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), first),
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target), first, target);
        assertThat(api.send("POST", "/api/v1/jobs/" + one.id() + "/start", null).status()).isEqualTo(202);
        assertThat(awaitEnd(one.id()).state()).isEqualTo(JobState.COMPLETED);
        Job two = createJob(connection("Old 2", ConnectionRole.SOURCE, dovecot.imapPort(), second),
                connection("New 2", ConnectionRole.TARGET, dovecot.imapPort(), target), second, target);

        Answer full = api.send("POST", "/api/v1/jobs/" + two.id() + "/start", null);
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.as(ApiProblem.class).code()).isEqualTo("license_seats_exhausted");
        assertThat(full.as(ApiProblem.class).detail()).startsWith("This pass needs 1 seat");
        assertThat(api.get("/api/v1/jobs/" + two.id()).as(Job.class).state()).isEqualTo(JobState.NEW);
        assertThat(api.send("POST", "/api/v1/jobs/" + one.id() + "/delta", null).status()).isEqualTo(202);
        awaitEnd(one.id());

        Answer removed = api.send("DELETE", "/api/v1/license", null);
        assertThat(removed.as(LicenseState.class).trial()).isTrue();
        assertThat(removed.as(LicenseState.class).seatsUsed()).isEqualTo(1);
    }

    @Test
    void scheduleShouldBeSavedShownInTheJobListAndRefusedWithSentencesWhenWrong() {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        Job job = createJob(connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), source),
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target), source, target);
        String path = "/api/v1/jobs/" + job.id() + "/schedule";
        Instant start = Instant.parse("2099-01-01T12:00:00Z"); // a Thursday

        Answer saved = api.send("PUT", path, new JobSchedule(start, List.of("Mon-Fri 19-07", "Sat-Sun 0-24"), 24,
                Instant.parse("2099-02-01T00:00:00Z"), "UTC"));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        ScheduleStatus status = saved.as(ScheduleStatus.class);
        assertThat(status.nextRunAt()).as("the start waits for the evening").isEqualTo(
                Instant.parse("2099-01-01T19:00:00Z"));
        assertThat(status.summary()).isEqualTo("Next pass Thu 1 Jan 2099 19:00 (UTC).");
        assertThat(api.get(path).as(ScheduleStatus.class)).isEqualTo(status);
        assertThat(api.get("/api/v1/jobs").as(Job[].class)[0].nextRunAt()).isEqualTo(status.nextRunAt());
        assertThat(api.get("/api/v1/jobs/" + job.id()).as(Job.class).state()).isEqualTo(JobState.NEW);

        Answer refused = api.send("PUT", path, new JobSchedule(start, List.of("Workdays 19-07"), -1, null, null));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains(
                "\\\"Workdays\\\" in the activity period \\\"Workdays 19-07\\\" is not a day",
                "Delta passes recur every 1 to 8760 hours, not -1.");

        assertThat(api.send("DELETE", path, null).status()).isEqualTo(204);
        Answer gone = api.get(path);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("has no schedule.");
        assertThat(api.get("/api/v1/jobs/" + job.id()).as(Job.class).nextRunAt()).isNull();
        assertThat(api.send("PUT", "/api/v1/jobs/nope/schedule", new JobSchedule(null, null, null, null, null))
                .status()).isEqualTo(404);
    }

    @Test
    void deletionSyncShouldDeleteOnTheTargetOnlyTheUnchangedCopiesMailferryMade() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Note", 3);
        imap.add(target, dovecot.password(target), "INBOX", "Mine", 1); // the user's own, never on the source
        Connection s = api.send("POST", "/api/v1/connections",
                connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), source)).as(Connection.class);
        Connection t = api.send("POST", "/api/v1/connections",
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target)).as(Connection.class);
        Job job = api.send("POST", "/api/v1/jobs", new JobRequest("Sync", s.id(), t.id(),
                JobOptions.defaults().withDeletionSync(true), List.of(MailboxPairRequest.of(source, target))))
                .as(Job.class);
        assertThat(job.options().deletionSync()).isTrue();
        assertThat(api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null).status()).isEqualTo(202);
        assertThat(awaitEnd(job.id()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).isEqualTo(4);

        imap.flag(target, dovecot.password(target), "INBOX", "Note 2"); // changed on the target
        imap.delete(source, dovecot.password(source), "INBOX", "Note 1");
        imap.delete(source, dovecot.password(source), "INBOX", "Note 2");
        MailboxReport report = delta(job.id());

        assertThat(report.deletedOnTarget()).isEqualTo(1);
        assertThat(report.keptOnTarget()).isEqualTo(1);
        assertThat(report.verdict()).contains("1 item deleted or moved "
                + "on the source since the last pass was deleted on the target.");
        assertThat(imap.count(target, dovecot.password(target), "INBOX")).as("Mine, Note 2 (flagged), Note 3")
                .isEqualTo(3);
        assertThat(delta(job.id()).deletedOnTarget()).isZero();
    }

    private Job createJob(ConnectionRequest source, ConnectionRequest target, String sourceUser, String targetUser) {
        Connection s = api.send("POST", "/api/v1/connections", source).as(Connection.class);
        Connection t = api.send("POST", "/api/v1/connections", target).as(Connection.class);
        List<MailboxPairRequest> pairs = sourceUser == null ? List.of()
                : List.of(MailboxPairRequest.of(sourceUser, targetUser));
        Answer created = api.send("POST", "/api/v1/jobs", new JobRequest("Migration", s.id(), t.id(), null, pairs));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.as(Job.class);
    }

    private ConnectionRequest connection(String name, ConnectionRole role, int port, String user) {
        return new ConnectionRequest(name, role, ConnectionKind.IMAP,
                new ImapSettings(dovecot.host(), port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, user, null, null),
                null, null, new Secret(dovecot.password(user)));
    }

    @Test
    void readingTheJobWithAWaitShouldAnswerOnceItsRunEnded() throws Exception {
        String source = dovecot.newUser();
        String target = dovecot.newUser();
        imap.add(source, dovecot.password(source), "INBOX", "Hello", 3);
        Job job = createJob(connection("Old", ConnectionRole.SOURCE, dovecot.imapPort(), source),
                connection("New", ConnectionRole.TARGET, dovecot.imapPort(), target), source, target);
        assertThat(api.get("/api/v1/jobs/" + job.id() + "?waitSeconds=0").as(ApiProblem.class).code())
                .isEqualTo("invalid_parameter");

        assertThat(api.send("POST", "/api/v1/jobs/" + job.id() + "/start", null).status()).isEqualTo(202);
        Job ended = api.get("/api/v1/jobs/" + job.id() + "?waitSeconds=60").as(Job.class);

        assertThat(ended.state()).isEqualTo(JobState.COMPLETED);
        assertThat(ended.verdict()).isEqualTo("All 3 source items of 1 mailbox are on the target.");
        assertThat(ended.lastRunEndedAt()).isNotNull();
        assertThat(api.get("/api/v1/jobs/" + job.id() + "/report").as(JobReport.class).mailboxes().get(0).verdict())
                .isEqualTo("All 3 source items are on the target.");
    }

    private MailboxReport delta(String jobId) throws InterruptedException {
        assertThat(api.send("POST", "/api/v1/jobs/" + jobId + "/delta", null).status()).isEqualTo(202);
        assertThat(awaitEnd(jobId).state()).isEqualTo(JobState.COMPLETED);
        return api.get("/api/v1/jobs/" + jobId + "/report").as(JobReport.class).mailboxes().get(0);
    }

    private Job awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/v1/jobs/" + jobId).json();
            String state = job.get("state").asText();
            if (!List.of("NEW", "QUEUED", "RUNNING", "STOPPING").contains(state)) {
                return ApiClient.JSON.convertValue(job, Job.class);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not end within 30 s");
    }
}
