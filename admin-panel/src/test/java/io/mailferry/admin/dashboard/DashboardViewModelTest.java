package io.mailferry.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPause;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();
    private final MutableClock clock = new MutableClock();
    private final DashboardViewModel vm = new DashboardViewModel(client, new DirectRunner(), clock);

    static Progress progress(long done, long total, long failed) {
        return new Progress(total, done, done, 0, failed, total * 1000, done * 1000, 5, 5000, 60, "INBOX");
    }

    private Job job(String id, JobState state) {
        return new Job(id, "Wave 1", "s", "t", JobOptions.defaults(), state, 3, progress(10, 40, 1), null,
                Instant.now(), Instant.now(), null);
    }

    @Test
    void newsShouldSplitFinishedFromFailedAndMailboxesWithFailedItems() {
        client.add(job("j1", JobState.RUNNING), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.COMPLETED, progress(20, 20, 0), null, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.FAILED, progress(0, 0, 0),
                        "Target IMAP server refused the login of bert@new.", null),
                FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.COMPLETED_WITH_ISSUES,
                        progress(18, 20, 2), null, "2 of 20 source items are not on the target.")));
        vm.load();
        assertThat(vm.goodNews()).extracting(NewsItem::headline).containsExactly("anna@old finished");
        assertThat(vm.goodNews().get(0).detail()).startsWith("20 items, 19.5 KB → anna@new");
        assertThat(vm.badNews()).extracting(NewsItem::headline)
                .containsExactly("bert@old failed", "carl@old: 2 failed items");
        assertThat(vm.badNews().get(0).detail()).startsWith("Target IMAP server refused the login of bert@new.");
        assertThat(vm.badNews().get(1).detail()).startsWith("2 of 20 source items are not on the target.");
        assertThat(vm.running()).singleElement().satisfies(r -> {
            assertThat(r.fraction()).isEqualTo(0.275);
            assertThat(r.text()).isEqualTo("3 of 3 mailboxes · 10 / 40 items · 4.9 KB/s · 1 min 00 s left");
        });
    }

    @Test
    void runningJobShouldShowTheServicesWeightedFractionAndNoRateWhenNothingIsCopied() {
        // one small mailbox nearly done, three big ones not started: by items it would read 97 %
        Progress p = new Progress(100, 97, 0, 0, 0, 100_000, 97_000, 0, 0, -1, "INBOX", 0)
                .withWeightedFraction(0.0081);
        client.add(new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 4, p, null,
                Instant.now(), Instant.now(), null), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.RUNNING, progress(97, 100, 0),
                        null, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.QUEUED, progress(0, 4000, 0),
                        null, null)));
        vm.load();
        assertThat(vm.running()).singleElement().satisfies(r -> {
            assertThat(r.fraction()).isEqualTo(0.0081);
            assertThat(r.text()).isEqualTo("0 of 4 mailboxes · 97 / 100 items");
        });
    }

    @Test
    void aMailboxPausedByGooglesDailyLimitShouldSayWhenItResumesInTheJobAndTheAlerts() {
        MailboxPair bob = FakeServiceClient.pair("j1", "p2", "bob@gmail.com", "bob@new", MailboxState.STOPPED,
                progress(4, 12, 0), null, "Source Gmail server refused reading messages because the account reached "
                        + "Google's daily IMAP download limit.");
        bob = new MailboxPair(bob.id(), bob.jobId(), bob.sourceMailbox(), bob.targetMailbox(), null, null, false, false,
                bob.state(), bob.progress(), null, bob.verdict(), null, null, null,
                new MailboxPause(Instant.parse("2025-05-01T14:05:00Z"), "Google's daily limit"));
        client.add(job("j1", JobState.STOPPED), List.of(FakeServiceClient.pair("j1", "p1", "anna@gmail.com",
                "anna@new", MailboxState.COMPLETED, progress(12, 12, 0), null, null), bob));
        client.alerts = List.of(new Alert("MAILBOX_PAUSED", "p2", "Mailbox bob@gmail.com: Paused by Google's daily "
                + "limit — resumes at 16:05.", Instant.now())); // the service's words, in its own time zone
        vm.load();

        assertThat(vm.running()).as("a job with a paused mailbox stays on the dashboard").singleElement()
                .satisfies(r -> assertThat(r.text()).endsWith(
                        " · 1 mailbox paused by Google's daily limit — resumes at 14:05"));
        assertThat(vm.alerts()).containsExactly(
                "Mailbox bob@gmail.com (Wave 1): Paused by Google's daily limit — resumes at 14:05.");

        clock.advance(Duration.ofHours(20)); // the next morning, the resumption was missed (the service was down)
        vm.load();
        assertThat(vm.alerts()).containsExactly(
                "Mailbox bob@gmail.com (Wave 1): Paused by Google's daily limit — resumes now.");
    }

    @Test
    void timeLostToThrottlingShouldBeTheServicesSumAndEachRunningJobsOwn() {
        Job throttled = new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.RUNNING, 3,
                new Progress(40, 10, 10, 0, 0, 40_000, 10_000, 5, 5000, 60, null, 65_000), null, Instant.now(),
                Instant.now(), null);
        client.add(throttled, List.of());
        client.throttling = new ThrottlingSummary(65_000, 1, 250_000, 3, Instant.parse("2025-05-01T00:00:00Z"));
        vm.load();
        assertThat(vm.throttled().get())
                .isEqualTo("Throttled today: 4 min 10 s across 3 mailboxes · now 1 min 05 s in 1 mailbox");
        assertThat(vm.running()).singleElement().satisfies(r -> assertThat(r.text()).endsWith(" · throttled 1 min 05 s"));

        client.throttling = new ThrottlingSummary(0, 0, 12_000, 1, Instant.parse("2025-05-01T00:00:00Z"));
        vm.load();
        assertThat(vm.throttled().get()).isEqualTo("Throttled today: 12 s in 1 mailbox");
        client.throttling = new ThrottlingSummary(0, 0, 0, 0, Instant.parse("2025-05-01T00:00:00Z"));
        vm.load();
        assertThat(vm.throttled().get()).as("nothing to say").isEmpty();
    }

    @Test
    void aConnectionWhoseLastTestFailedShouldRaiseAnAlertAndShowTheServicesWords() {
        Connection c = new Connection("c1", "New IMAP", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("imap.new", 993, null, null, "x", null, null), null, null, true, Instant.now(),
                Instant.now(), FakeServiceClient.failed("Target IMAP server imap.new:993 refused the connection."));
        client.add(c);
        client.alerts = List.of(new Alert("MAILBOX_STALLED", "p1", "Mailbox anna has not moved for 12 minutes.",
                Instant.now()));
        vm.load();
        assertThat(vm.targets()).singleElement().satisfies(i -> {
            assertThat(i.ok()).isFalse();
            assertThat(i.status()).isEqualTo("Target IMAP server imap.new:993 refused the connection.");
            assertThat(i.address()).isEqualTo("imap.new:993");
        });
        assertThat(vm.alerts()).containsExactly("Mailbox anna has not moved for 12 minutes.",
                "Target connection 'New IMAP' stopped working: Target IMAP server imap.new:993 refused the connection.");
    }

    @Test
    void aMicrosoft365CardShouldShowItsTenantInEitherRole() {
        for (ConnectionRole role : ConnectionRole.values()) {
            Connection c = new Connection("m-" + role, "Contoso", role, ConnectionKind.MICROSOFT_365, null,
                    new GraphSettings("contoso.onmicrosoft.com", "app"), null, true, Instant.EPOCH, Instant.EPOCH, null);
            assertThat(DashboardViewModel.item(c).address()).isEqualTo("tenant contoso.onmicrosoft.com");
        }
    }

    @Test
    void jobsTheServiceResumedAfterARestartShouldBeSaidOnTheDashboard() {
        client.alerts = List.of(new Alert("JOBS_RESUMED", null, "The service restarted at 2026-12-03 05:40 and "
                + "resumed 3 mailboxes of 1 job that was running when it stopped.", Instant.now()));
        vm.load();
        assertThat(vm.alerts()).containsExactly("The service restarted at 2026-12-03 05:40 and resumed 3 mailboxes "
                + "of 1 job that was running when it stopped.");
    }

    @Test
    void theServicesOwnAlertShouldReplaceThePanelsForTheSameConnection() {
        client.add(new Connection("c1", "New IMAP", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("imap.new", 993, null, null, "x", null, null), null, null, true, Instant.now(),
                Instant.now(), FakeServiceClient.failed("Target IMAP server imap.new:993 refused the connection.")));
        client.alerts = List.of(new Alert("CONNECTION_FAILED", "c1",
                "Target connection New IMAP fails: imap.new:993 refused the connection.", Instant.now()));
        vm.load();
        assertThat(vm.alerts()).containsExactly("Target connection New IMAP fails: imap.new:993 refused the connection.");
    }

    @Test
    void aRunningMailboxThatDoesNotMoveShouldBeReportedStalledAfterFiveMinutes() {
        client.add(job("j1", JobState.RUNNING), List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.RUNNING, progress(5, 20, 0), null, null)));
        vm.load();
        clock.advance(Duration.ofMinutes(4));
        vm.load();
        assertThat(vm.alerts()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        vm.load();
        assertThat(vm.alerts()).containsExactly("Mailbox anna@old (Wave 1) has not moved for 6 minutes.");
        client.pairs.get("j1").set(0, FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.RUNNING, progress(6, 20, 0), null, null));
        vm.load();
        assertThat(vm.alerts()).isEmpty();
    }

    @Test
    void licenseShouldShowTheServicesSentenceAndSeats() {
        // Noon UTC: the card shows the local date, the same one in every time zone from -11 to +11 hours.
        client.license = new LicenseState(true, null, 0, 3, Instant.parse("2025-06-01T12:00:00Z"), true,
                "Trial: 23 days left, 10 items per folder.");
        vm.load();
        assertThat(vm.license().get()).isEqualTo("Trial: 23 days left, 10 items per folder.");
        assertThat(vm.licenseDetail().get())
                .isEqualTo("Trial ends 2025-06-01 (32 days left) · 3 mailboxes started · install a license key"
                        + " to lift the item cap");
        assertThat(vm.licenseKeyInstalled().get()).isFalse();
        assertThat(vm.licenseOk().get()).isTrue();

        client.license = new LicenseState(true, null, 0, 1, Instant.parse("2025-06-01T12:00:00Z"), true, null);
        vm.load();
        assertThat(vm.license().get()).isEqualTo("Trial");
        assertThat(vm.licenseDetail().get()).contains(" · 1 mailbox started · ");

        client.license = new LicenseState(false, "Example GmbH", 500, 120, Instant.parse("2026-01-31T12:00:00Z"), true,
                null);
        vm.load();
        assertThat(vm.license().get()).isEqualTo("Licensed to Example GmbH");
        assertThat(vm.licenseDetail().get())
                .isEqualTo("Licensee Example GmbH · Expires 2026-01-31 · 120 of 500 seats used");
        assertThat(vm.licenseOk().get()).isTrue();
        assertThat(vm.licenseKeyInstalled().get()).isTrue();

        client.license = new LicenseState(false, "Example GmbH", 500, 500, Instant.parse("2026-01-31T12:00:00Z"),
                false, "All 500 mailboxes of the license are used.");
        vm.load();
        assertThat(vm.license().get()).isEqualTo("All 500 mailboxes of the license are used.");
        assertThat(vm.licenseDetail().get())
                .isEqualTo("Licensee Example GmbH · Expires 2026-01-31 · 500 of 500 seats used");
        assertThat(vm.licenseOk().get()).isFalse();
    }

    @Test
    void installingAKeyShouldShowTheLicenseAndCloseTheEntry() {
        client.validKeys.put("eyJ2IjoyfQ.c2ln", new LicenseState(false, "Contoso Ltd", 250, 3,
                Instant.parse("2027-01-31T12:00:00Z"), true, "Licensed to Contoso Ltd: 3 of 250 seats used, valid until"
                        + " 2027-01-31."));
        vm.load();
        vm.openLicenseEntry();
        vm.licenseKeyInput().set("  eyJ2IjoyfQ.c2ln\n");

        vm.installLicense();

        assertThat(client.calls).contains("installLicense");
        assertThat(vm.license().get())
                .isEqualTo("Licensed to Contoso Ltd: 3 of 250 seats used, valid until 2027-01-31.");
        assertThat(vm.licenseDetail().get())
                .isEqualTo("Licensee Contoso Ltd · Expires 2027-01-31 · 3 of 250 seats used");
        assertThat(vm.licenseEntryOpen().get()).isFalse();
        assertThat(vm.licenseKeyInput().get()).isEmpty();
        assertThat(vm.activity().error().get()).isNull();
    }

    @Test
    void aRefusedKeyShouldShowTheServicesSentenceAndKeepTheEntryOpen() {
        vm.load();
        vm.openLicenseEntry();
        vm.licenseKeyInput().set("tampered.key");

        vm.installLicense();

        assertThat(vm.activity().error().get()).isEqualTo("The license key is not genuine: its signature does not"
                + " match. The license in use has not changed.");
        assertThat(vm.licenseEntryOpen().get()).isTrue();
        assertThat(vm.license().get()).isEqualTo("Trial: 23 days left, 10 items per folder.");
    }

    @Test
    void anEmptyEntryShouldAskForTheKeyWithoutCallingTheService() {
        vm.openLicenseEntry();

        vm.installLicense();

        assertThat(vm.activity().error().get()).startsWith("Paste the license key");
        assertThat(client.calls).doesNotContain("installLicense");
    }

    @Test
    void keyFileShouldFillTheEntryAndAnUnreadableOneShouldSaySo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("contoso.key"), "eyJ2IjoyfQ.c2ln\n");

        vm.licenseKeyFromFile(file);
        assertThat(vm.licenseKeyInput().get()).isEqualTo("eyJ2IjoyfQ.c2ln");

        vm.licenseKeyFromFile(dir.resolve("missing.key"));
        assertThat(vm.activity().error().get()).isEqualTo("The file missing.key does not exist.");

        Path huge = Files.write(dir.resolve("movie.mkv"), new byte[(1 << 20) + 1]);
        vm.licenseKeyFromFile(huge);
        assertThat(vm.activity().error().get()).startsWith("The file movie.mkv is larger than 1 MB");
        assertThat(vm.licenseKeyInput().get()).as("the entry keeps what it held").isEqualTo("eyJ2IjoyfQ.c2ln");
    }

    @Test
    void removingTheKeyShouldReturnToTheTrial() {
        client.license = new LicenseState(false, "Contoso Ltd", 250, 3, Instant.parse("2027-01-31T12:00:00Z"), true,
                null);
        vm.load();
        assertThat(vm.licenseKeyInstalled().get()).isTrue();

        vm.removeLicense();

        assertThat(vm.licenseKeyInstalled().get()).isFalse();
        assertThat(vm.license().get()).isEqualTo("Trial: 23 days left, 10 items per folder.");
    }

    @Test
    void whileTheServiceIsAwayTheLiveFiguresShouldSayTheyAreTheLastKnown() {
        client.add(job("j1", JobState.RUNNING), List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new",
                MailboxState.RUNNING, progress(5, 20, 0), null, null)));
        client.throughput = List.of(new ThroughputSample(Instant.parse("2025-05-01T10:00:00Z"), 35.24, 2_000_000));
        vm.connected().set(true);
        assertThat(vm.throughputHeader().get()).isEqualTo("35.2 items/s now");
        assertThat(vm.licenseChip().get()).isEqualTo("valid");
        assertThat(vm.lastKnownNote().get()).isEmpty();

        clock.advance(Duration.ofMinutes(7));
        vm.connected().set(false);
        String since = io.mailferry.admin.ui.Connectivity.note(Instant.parse("2025-05-01T10:07:00Z"),
                java.time.ZoneId.systemDefault());
        assertThat(since).matches("Service not reachable since \\d\\d:\\d7 — last figures received");
        assertThat(vm.throughputHeader().get()).isEqualTo(since);
        assertThat(vm.licenseChip().get()).isEqualTo("last known");
        assertThat(vm.lastKnownNote().get()).isEqualTo(since);
        assertThat(vm.running()).as("kept, marked as last known").hasSize(1);
        assertThat(vm.running().get(0).text()).as("the last figures, not zeros").startsWith("0 of 3 mailboxes · 10 / 40");
        assertThat(vm.throughput()).hasSize(1);
    }

    @Test
    void mailboxesTheServiceFoundInterruptedShouldShowOnTheRunningCardInTheNewsAndAsAnAlert() {
        client.add(job("j1", JobState.STOPPED), List.of(
                FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.STOPPED, progress(5, 20, 0),
                        MailboxPair.INTERRUPTED, null),
                FakeServiceClient.pair("j1", "p2", "bert@old", "bert@new", MailboxState.STOPPED, progress(5, 20, 0),
                        null, null),
                FakeServiceClient.pair("j1", "p3", "carl@old", "carl@new", MailboxState.COMPLETED, progress(20, 20, 0),
                        null, "All 20 source items are on the target.")));
        client.alerts = List.of(new io.mailferry.model.api.Alert("JOBS_RESUMED", null,
                "The service started again and resumed 2 mailboxes of 1 job that were running when it stopped.",
                Instant.now()));
        vm.load();

        assertThat(vm.running()).singleElement().satisfies(j -> assertThat(j.text()).startsWith(
                "Interrupted: 1 of 3 mailboxes stopped with the service; start or delta resumes them · 1 of 3 mailboxes"));
        assertThat(vm.badNews()).extracting(NewsItem::headline).containsExactly("anna@old interrupted");
        assertThat(vm.badNews().get(0).detail()).isEqualTo(MailboxPair.INTERRUPTED + " · Wave 1");
        assertThat(vm.alerts()).containsExactly(
                "The service started again and resumed 2 mailboxes of 1 job that were running when it stopped.",
                "Job 'Wave 1': 1 mailbox was interrupted when the service stopped and has not resumed; start or "
                        + "delta resumes it.");
    }

    @Test
    void reconnectingShouldReloadAtOnce() {
        vm.connected().set(true);
        assertThat(vm.sources()).isEmpty();
        vm.connected().set(false);
        client.add(new Connection("c1", "Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.old.example", 993, null, null, "admin", null, null), null, null, true,
                Instant.now(), Instant.now(), null));
        client.throughput = List.of(new ThroughputSample(Instant.parse("2025-05-01T10:00:00Z"), 12.0, 1_000_000));
        vm.connected().set(true);
        assertThat(vm.sources()).extracting(ConnectionItem::name).containsExactly("Old IMAP");
        assertThat(vm.throughputHeader().get()).isEqualTo("12.0 items/s now");
        assertThat(vm.licenseChip().get()).isEqualTo("valid");
    }

    @Test
    void endpointsTheServiceDoesNotHaveYetShouldLeaveTheirCardEmpty() {
        FakeServiceClient partial = new FakeServiceClient() {
            @Override
            public List<io.mailferry.model.api.ThroughputSample> throughput() {
                throw new ServiceException(404, "not_found", "No such route.");
            }
        };
        DashboardViewModel d = new DashboardViewModel(partial, new DirectRunner(), clock);
        d.load();
        assertThat(d.activity().error().get()).isNull();
        assertThat(d.throughput()).isEmpty();
    }

    @Test
    void aServiceThatIsDownShouldShowItsSentence() {
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING, "The Mailferry service does not answer.");
        vm.load();
        assertThat(vm.activity().error().get()).isEqualTo("The Mailferry service does not answer.");
    }

    @Test
    void deleteShouldRemoveAnUnusedConnectionAndShowTheServicesSentenceForOneInUse() {
        client.add(new Connection("c1", "Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.old.example", 993, null, null, "admin", null, null), null, null, true,
                Instant.now(), Instant.now(), null));
        client.add(new Connection("c2", "Spare", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.spare.example", 993, null, null, "admin", null, null), null, null, true,
                Instant.now(), Instant.now(), null));
        client.add(new Job("j1", "Wave 1", "c1", "t", JobOptions.defaults(), JobState.NEW, 0, Progress.empty(), null,
                Instant.now(), null, null), List.of());
        vm.load();
        assertThat(vm.sources()).hasSize(2);

        vm.delete(vm.sources().get(1));
        assertThat(vm.sources()).extracting(ConnectionItem::name).containsExactly("Old IMAP");
        assertThat(vm.activity().error().get()).isNull();

        vm.delete(vm.sources().get(0));
        assertThat(vm.activity().error().get()).isEqualTo("Connection 'Old IMAP' is used by a job; delete the job first.");
        assertThat(vm.sources()).hasSize(1);
    }

    @Test
    void aRefreshWithNothingNewShouldLeaveTheConnectionRowsAlone() {
        client.add(new Connection("c1", "Old IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.old.example", 993, null, null, "admin", null, null), null, null, true,
                Instant.now(), Instant.now(), null));
        vm.load();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        vm.sources().addListener((javafx.collections.ListChangeListener<ConnectionItem>) c -> changes.incrementAndGet());
        vm.refresh();
        assertThat(changes).as("re-rendered cells would swallow clicks on their buttons").hasValue(0);
        client.connections.remove("c1");
        vm.refresh();
        assertThat(changes).hasValue(1);
    }

    @Test
    void aFinishedJobsMailboxesShouldNotBeDownloadedAgainUntilTheJobChangesOrHalfAMinutePasses() {
        Job done = new Job("j1", "Wave 1", "s", "t", JobOptions.defaults(), JobState.COMPLETED, 1, progress(20, 20, 0),
                "All 20 source items are on the target.", Instant.now(), Instant.now(), Instant.now());
        client.add(done, List.of(FakeServiceClient.pair("j1", "p1", "anna@old", "anna@new", MailboxState.COMPLETED,
                progress(20, 20, 0), null, null)));
        vm.load();
        vm.refresh();
        vm.refresh();
        assertThat(pairCalls()).as("fetched by the load only").isEqualTo(1);
        assertThat(vm.goodNews()).extracting(NewsItem::headline).containsExactly("anna@old finished");

        clock.advance(DashboardViewModel.IDLE_PAIRS_FOR.plusSeconds(1));
        vm.refresh();
        assertThat(pairCalls()).isEqualTo(2);

        client.jobs.put("j1", job("j1", JobState.RUNNING)); // a delta started: its record changed and it runs
        vm.refresh();
        vm.refresh();
        assertThat(pairCalls()).as("a running job's mailboxes every refresh").isEqualTo(4);

        vm.load();
        assertThat(pairCalls()).isEqualTo(5);
    }

    private long pairCalls() {
        return client.calls.stream().filter("pairs j1"::equals).count();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-05-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
