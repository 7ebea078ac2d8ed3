package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobState;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.LedgerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobAndPairStoreTest {
    private static final String PASSWORD = "Pair-Password-Unique-7781";

    @TempDir
    Path dir;
    StoreFixture store;

    @BeforeEach
    void open() {
        store = new StoreFixture(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void jobShouldKeepItsOptionsAsJsonAndCountItsPairs() {
        store.jobWithPairs("j1", "anna@old", "bob@old");
        JobOptions options = new JobOptions(null, new FolderFilter(List.of("INBOX/**"), List.of("Trash"), Set.of(),
                List.of(new RenameRule("^Old/(.*)$", "New/$1"))), Instant.parse("2024-01-01T00:00:00Z"), null,
                25L << 20, DuplicatePolicy.OVERWRITE, false, 3, 2, null);

        assertThat(store.jobs.update("j1", "Renamed", "src", "tgt", options)).isTrue();

        Job job = store.jobs.find("j1").orElseThrow();
        assertThat(job.name()).isEqualTo("Renamed");
        assertThat(job.options()).isEqualTo(options);
        assertThat(job.mailboxCount()).isEqualTo(2);
        assertThat(store.jobs.list()).extracting(Job::id).containsExactly("j1");
        assertThat(store.jobs.update("nope", "x", "src", "tgt", options)).isFalse();
    }

    @Test
    void jobKeyShouldFindTheJobAndBeUnique() {
        store.jobWithPairs("j1");
        Job second = new Job("j2", "CLI", "src", "tgt", JobOptions.defaults(), JobState.NEW, 0, Progress.empty(), null,
                StoreFixture.T0, null, null);
        store.jobs.insert(second, "imap://a:143/anna -> imap://b:143/anna");

        assertThat(store.jobs.findByKey("imap://a:143/anna -> imap://b:143/anna")).map(Job::id).contains("j2");
        assertThat(store.jobs.findByKey("other")).isEmpty();
        Job third = new Job("j3", "CLI", "src", "tgt", JobOptions.defaults(), JobState.NEW, 0, Progress.empty(), null,
                StoreFixture.T0, null, null);
        assertThatThrownBy(() -> store.jobs.insert(third, "imap://a:143/anna -> imap://b:143/anna"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void pairPasswordsShouldBeSealedAndReadableOnlyThroughTheStore() throws Exception {
        store.jobWithPairs("j1");
        MailboxPair pair = store.pairs.insert("j1", List.of(new MailboxPairRequest("anna@old", "anna@new", "anna",
                new Secret(PASSWORD), null, null))).get(0);

        assertThat(pair.hasSourcePassword()).isTrue();
        assertThat(pair.hasTargetPassword()).isFalse();
        assertThat(pair.sourceUser()).isEqualTo("anna");
        assertThat(store.pairs.sourcePassword(pair.id())).contains(new Secret(PASSWORD));
        assertThat(store.pairs.targetPassword(pair.id())).isEmpty();
        store.close();
        for (Path f : List.of(dir.resolve("mailferry.db"), dir.resolve("mailferry.db-wal"))) {
            if (Files.exists(f)) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
            }
        }
        store = new StoreFixture(dir);
    }

    @Test
    void sourceRootShouldBeStoredAndReadBack() {
        store.jobWithPairs("j1");
        List<MailboxPair> pairs = store.pairs.insert("j1", List.of(
                new MailboxPairRequest("anna", "anna@new", "admin", new Secret("pw"), null, null, "users/anna"),
                MailboxPairRequest.of("bob@old", "bob@new")));

        assertThat(pairs).extracting(MailboxPair::sourceRoot).containsExactly("users/anna", null);
        assertThat(store.pairs.list("j1")).extracting(MailboxPair::sourceRoot).containsExactly("users/anna", null);
    }

    @Test
    void updateLoginsShouldReplaceUsersAndPasswordsAndKeepTheLedger() {
        store.jobWithPairs("j1");
        MailboxPair pair = store.pairs.insert("j1", List.of(new MailboxPairRequest("anna@old", "anna@new", "anna",
                new Secret("old-pw"), "admin", new Secret("target-pw")))).get(0);
        SqliteLedger ledger = new SqliteLedger(store.db);
        ledger.put(List.of(SqliteLedgerTest.entry(pair.id(), "INBOX", "1", 1, LedgerState.DONE, 11)));

        assertThat(store.pairs.updateLogins(pair.id(), new MailboxPairRequest("ignored", "ignored", "anna.k",
                new Secret(PASSWORD), " ", null))).isTrue();

        MailboxPair updated = store.pairs.find(pair.id()).orElseThrow();
        assertThat(updated.sourceMailbox()).isEqualTo("anna@old");
        assertThat(updated.targetMailbox()).isEqualTo("anna@new");
        assertThat(updated.sourceUser()).isEqualTo("anna.k");
        assertThat(updated.targetUser()).isNull();
        assertThat(updated.hasTargetPassword()).isFalse();
        assertThat(store.pairs.sourcePassword(pair.id())).contains(new Secret(PASSWORD));
        assertThat(ledger.counts(pair.id())).containsEntry(LedgerState.DONE, 1L);
        assertThat(store.pairs.updateLogins("no-such-pair", MailboxPairRequest.of("a", "b"))).isFalse();
    }

    @Test
    void insertShouldRefuseASecondPairForTheSameSourceAndAddNothing() {
        store.jobWithPairs("j1", "anna@old");

        assertThatThrownBy(() -> store.pairs.insert("j1", List.of(MailboxPairRequest.of("bob@old", "bob@new"),
                MailboxPairRequest.of("anna@old", "x@new")))).isInstanceOf(PairStore.DuplicateSourceException.class);

        assertThat(store.pairs.list("j1")).extracting(MailboxPair::sourceMailbox).containsExactly("anna@old");
    }

    @Test
    void totalsShouldSumTheStoredProgressPerJobAndStateLeavingOutTheExcludedPairs() {
        List<MailboxPair> pairs = store.jobWithPairs("j1", "anna@old", "bob@old", "carl@old");
        store.jobWithPairs("j2", "dora@old");
        for (MailboxPair p : pairs.subList(0, 2)) {
            MailboxReport report = new MailboxReport(p.id(), p.sourceMailbox(), "x@new", MailboxState.COMPLETED,
                    StoreFixture.T0, StoreFixture.T0, 0, 0, 0, true, "ok", null, List.of(), List.of());
            store.pairs.saveOutcome(p.id(), report, new Progress(10, 8, 7, 1, 1, 100, 80, 5, 50, 0, null, 30),
                    StoreFixture.T0);
        }

        List<PairStore.StateTotals> all = store.pairs.totals(null, List.of());
        assertThat(all).extracting(PairStore.StateTotals::jobId, PairStore.StateTotals::state,
                PairStore.StateTotals::pairs, PairStore.StateTotals::knownTotals).containsExactlyInAnyOrder(
                tuple("j1", MailboxState.COMPLETED, 2, 2), tuple("j1", MailboxState.NEW, 1, 0),
                tuple("j2", MailboxState.NEW, 1, 0));
        Progress completed = all.stream().filter(t -> t.state() == MailboxState.COMPLETED).findFirst().orElseThrow()
                .progress();
        assertThat(completed).isEqualTo(new Progress(20, 16, 14, 2, 2, 200, 160, 0, 0, -1, null, 60));

        assertThat(store.pairs.totals("j1", List.of(pairs.get(0).id()))).extracting(PairStore.StateTotals::state,
                PairStore.StateTotals::pairs).containsExactlyInAnyOrder(tuple(MailboxState.COMPLETED, 1),
                tuple(MailboxState.NEW, 1));
    }

    @Test
    void sampleShouldGiveTheFirstPairsInAStatePerJobAndCountThemAll() {
        List<MailboxPair> pairs = store.jobWithPairs("j1", "anna@old", "bob@old", "carl@old", "dora@old");
        for (MailboxPair p : List.of(pairs.get(3), pairs.get(0), pairs.get(2))) {
            store.pairs.saveError(p.id(), MailboxState.FAILED, "refused", StoreFixture.T0);
        }

        List<PairStore.StateSample> failed = store.pairs.sample(MailboxState.FAILED, 2);

        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).jobName()).isEqualTo("Job j1");
        assertThat(failed.get(0).count()).isEqualTo(3);
        assertThat(failed.get(0).first()).extracting(MailboxPair::sourceMailbox)
                .containsExactly("anna@old", "carl@old");
    }

    @Test
    void pagesShouldFollowThePairOrder() {
        store.jobWithPairs("j1", "anna@old", "bob@old", "carl@old");
        assertThat(store.pairs.page("j1", 1, 5)).extracting(MailboxPair::sourceMailbox)
                .containsExactly("bob@old", "carl@old");
        assertThat(store.pairs.page("j1", 3, 5)).isEmpty();
        assertThat(store.pairs.count("j1")).isEqualTo(3);
    }

    @Test
    void outcomeShouldStoreStateVerdictProgressAndReport() {
        MailboxPair pair = store.jobWithPairs("j1", "anna@old").get(0);
        Instant start = StoreFixture.T0.plusSeconds(10);
        store.pairs.markStarted(pair.id(), MailboxState.RUNNING, start);
        MailboxReport report = new MailboxReport(pair.id(), "anna@old", "anna@new", MailboxState.COMPLETED, start,
                start.plusSeconds(5), 5000, 2, 300, true, "All 10 source items are on the target.", null,
                List.of(new FolderReport("INBOX", "INBOX", 10, 10, 0, 0, 0, 1500, 0, 0, 0)), List.of());
        Progress progress = new Progress(10, 10, 10, 0, 0, 1500, 1500, 2, 300, 0, null);

        store.pairs.saveOutcome(pair.id(), report, progress, start.plusSeconds(5));

        MailboxPair saved = store.pairs.find(pair.id()).orElseThrow();
        assertThat(saved.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(saved.verdict()).isEqualTo("All 10 source items are on the target.");
        assertThat(saved.progress()).isEqualTo(progress);
        assertThat(saved.lastRunStartedAt()).isEqualTo(start);
        assertThat(saved.lastRunEndedAt()).isEqualTo(start.plusSeconds(5));
        assertThat(store.pairs.report(pair.id())).contains(report);
        assertThat(store.pairs.startedSourceMailboxes()).isEqualTo(1);
    }

    @Test
    void throttledTimeShouldSurviveReopeningAndBeSummedForPassesEndedSinceAnInstant() {
        List<MailboxPair> pairs = store.jobWithPairs("j1", "a@old", "b@old", "c@old", "d@old");
        Instant day = StoreFixture.T0.plusSeconds(3600);
        end(pairs.get(0), day.minusSeconds(60), 50_000);   // yesterday's pass: not counted
        end(pairs.get(1), day.plusSeconds(60), 65_000);
        end(pairs.get(2), day.plusSeconds(120), 185_000);
        end(pairs.get(3), day.plusSeconds(180), 0);        // ran, never throttled
        store.pairs.markStarted(pairs.get(0).id(), MailboxState.RUNNING, day.plusSeconds(200)); // running again

        assertThat(store.pairs.throttledSince(day)).isEqualTo(new PairStore.ThrottledPasses(250_000, 2));
        store.close();
        store = new StoreFixture(dir); // as after a restart
        assertThat(store.pairs.find(pairs.get(2).id()).orElseThrow().progress().throttledMillis()).isEqualTo(185_000);
        assertThat(store.pairs.report(pairs.get(2).id()).orElseThrow().throttledMillis()).isEqualTo(185_000);
        assertThat(store.pairs.throttledSince(day.plusSeconds(90))).isEqualTo(new PairStore.ThrottledPasses(185_000, 1));
    }

    private void end(MailboxPair pair, Instant at, long throttled) {
        store.pairs.markStarted(pair.id(), MailboxState.RUNNING, at.minusSeconds(30));
        MailboxReport report = new MailboxReport(pair.id(), pair.sourceMailbox(), "x@new", MailboxState.COMPLETED,
                at.minusSeconds(30), at, 30_000, 1, 1, true, "v", null, List.of(), List.of(), throttled);
        store.pairs.saveOutcome(pair.id(), report, new Progress(1, 1, 1, 0, 0, 1, 1, 0, 0, 0, null, throttled), at);
    }

    @Test
    void markInterruptedShouldStopWhatACrashLeftRunning() {
        List<MailboxPair> pairs = store.jobWithPairs("j1", "a@old", "b@old", "c@old");
        store.pairs.markStarted(pairs.get(0).id(), MailboxState.RUNNING, StoreFixture.T0);
        store.pairs.markStarted(pairs.get(1).id(), MailboxState.QUEUED, StoreFixture.T0);
        store.jobs.markStarted("j1", JobState.RUNNING, StoreFixture.T0);

        assertThat(store.pairs.markInterrupted("Interrupted.")).isEqualTo(2);
        assertThat(store.jobs.markInterrupted()).isEqualTo(1);

        assertThat(store.pairs.list("j1")).extracting(MailboxPair::state)
                .containsExactly(MailboxState.STOPPED, MailboxState.STOPPED, MailboxState.NEW);
        assertThat(store.pairs.find(pairs.get(0).id()).orElseThrow().error()).isEqualTo("Interrupted.");
        assertThat(store.jobs.find("j1").orElseThrow().state()).isEqualTo(JobState.STOPPED);
    }

    @Test
    void deletingAJobShouldDeleteItsPairs() {
        MailboxPair pair = store.jobWithPairs("j1", "anna@old").get(0);

        assertThat(store.jobs.delete("j1")).isTrue();

        assertThat(store.pairs.find(pair.id())).isEmpty();
        assertThat(store.jobs.delete("j1")).isFalse();
    }

    @Test
    void settingShouldKeepTheFirstValue() {
        SettingStore settings = new SettingStore(store.db);

        assertThat(settings.putIfAbsent("trial_start", "1")).isEqualTo("1");
        assertThat(settings.putIfAbsent("trial_start", "2")).isEqualTo("1");
        assertThat(settings.get("trial_start")).contains("1");
        assertThat(settings.get("other")).isEmpty();
    }
}
