package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RenameRule;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobServiceTest {
    @TempDir
    Path dir;
    RunnerFixture f;

    @BeforeEach
    void open() {
        f = new RunnerFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createShouldListEveryProblemInPlainWords() {
        JobOptions bad = new JobOptions(null, new FolderFilter(List.of(), List.of(), Set.of(),
                List.of(new RenameRule("(unclosed", "x"))), Instant.parse("2025-01-02T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z"), -1L, null, null, null, null, null);
        JobRequest request = new JobRequest(" ", "tgt", "nope", bad, List.of(MailboxPairRequest.of("a@old", ""),
                MailboxPairRequest.of("A@old", "b@new")));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.code()).isEqualTo("validation_failed");
            assertThat(e.problems()).containsExactly(
                    "The job needs a name.",
                    "Connection 'tgt' is defined as a target; choose a source connection.",
                    "There is no target connection with id nope.",
                    "The date range is empty: 'after' must be earlier than 'before'.",
                    "The largest item size cannot be negative.",
                    "The rename pattern '(unclosed' is not a valid regular expression: Unclosed group.",
                    "Pair 1: the target mailbox is missing.",
                    "Pair 2: source mailbox A@old is already paired in this job.");
        });
        assertThat(f.jobs.list()).isEmpty();
    }

    @Test
    void moveModeWithDeletionSyncShouldBeRefusedOnCreateAndUpdate() {
        JobOptions both = new JobOptions(null, null, null, null, null, null, true, null, null, null, true);
        JobRequest request = new JobRequest("Both", "src", "tgt", both,
                List.of(MailboxPairRequest.of("a@old", "a@new")));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e ->
                assertThat(e.problems()).containsExactly(JobValidator.MOVE_WITH_DELETION_SYNC));
        assertThat(f.jobs.list()).isEmpty();
        Job job = f.job(JobOptions.defaults().withDeletionSync(true), 1, "anna");
        assertThatThrownBy(() -> f.jobs.update(job.id(), new JobRequest("Both", "src", "tgt", both, List.of())))
                .isInstanceOfSatisfying(AppException.class, e ->
                        assertThat(e.problems()).containsExactly(JobValidator.MOVE_WITH_DELETION_SYNC));
        assertThat(f.jobs.get(job.id()).options().deleteFromSource()).isFalse();
        assertThat(JobValidator.MOVE_WITH_DELETION_SYNC).isEqualTo("Move mode (delete each message from the source "
                + "after its copy is verified) cannot be combined with deletion sync (delete on the target what was "
                + "deleted on the source): one empties the source, the other follows it; choose one.");
    }

    @Test
    void updateIfChangedShouldStoreWhatDiffersAndCheckItAsAnUpdateDoes() {
        Job job = f.job(JobOptions.defaults(), 1, "anna");
        f.db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE job_writes (n INTEGER)");
            h.execute("CREATE TRIGGER job_written AFTER UPDATE ON job BEGIN INSERT INTO job_writes VALUES (1); END");
        });
        JobRequest same = new JobRequest(" " + job.name(), job.sourceConnectionId(), job.targetConnectionId(),
                job.options(), List.of());
        assertThat(f.jobs.updateIfChanged(job, same).options()).isEqualTo(job.options());
        assertThat(jobWrites()).as("nothing to change: nothing written").isZero();

        JobOptions synced = JobOptions.defaults().withDeletionSync(true);
        f.jobs.updateIfChanged(job, new JobRequest(job.name(), job.sourceConnectionId(),
                job.targetConnectionId(), synced, List.of()));
        assertThat(f.jobs.get(job.id()).options()).isEqualTo(synced);
        assertThat(jobWrites()).isEqualTo(1);

        JobOptions both = new JobOptions(null, null, null, null, null, null, true, null, null, null, true);
        assertThatThrownBy(() -> f.jobs.updateIfChanged(f.jobs.get(job.id()), new JobRequest(job.name(),
                job.sourceConnectionId(), job.targetConnectionId(), both, List.of())))
                .isInstanceOfSatisfying(AppException.class, e ->
                        assertThat(e.problems()).containsExactly(JobValidator.MOVE_WITH_DELETION_SYNC));
        assertThat(f.jobs.get(job.id()).options()).isEqualTo(synced);
    }

    private int jobWrites() {
        return f.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM job_writes").mapTo(Integer.class).one());
    }

    @Test
    void outOfRangeNumbersAndReplacementsNamingMissingGroupsShouldBeRefusedNotFixed() {
        JobOptions bad = new JobOptions(null, new FolderFilter(List.of(), List.of(), Set.of(),
                List.of(new RenameRule("^Old/(.*)$", "New/$2"), new RenameRule("^Archive$", "Archiv-${year}"),
                        new RenameRule("^(?<top>[^/]+)/(.*)$", "${top}-$2"))), null, null, null, null, null, 0, -5,
                null);
        JobRequest request = new JobRequest("Ranges", "src", "tgt", bad,
                List.of(MailboxPairRequest.of("a@old", "a@new")));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "Mailboxes at once must be between 1 and 200, not 0.",
                        "Connections per server and mailbox must be between 1 and 16 (or 0 for automatic), not -5.",
                        "The rename replacement 'New/$2' refers to a group the pattern '^Old/(.*)$' does not have"
                                + " (use $1; write \\$ for a dollar sign).",
                        "The rename replacement 'Archiv-${year}' refers to a group the pattern '^Archive$' does not"
                                + " have (it has no groups; write \\$ for a dollar sign)."));
        assertThat(f.jobs.list()).isEmpty();
    }

    /** "(?x)a#" comments out, and "\\Qabc" quotes, whatever follows them: their replacements are still read right. */
    @Test
    void patternsThatSwallowWhatFollowsThemShouldStillHaveTheirReplacementsJudgedByTheirGroups() {
        JobOptions rules = new JobOptions(null, new FolderFilter(List.of(), List.of(), Set.of(),
                List.of(new RenameRule("(?x)a#", "b"), new RenameRule("\\Qabc", "x\\$y"),
                        new RenameRule("(?x)(a)#", "$1-$2"))), null, null, null, null, null, null, null, null);
        JobRequest request = new JobRequest("Rules", "src", "tgt", rules,
                List.of(MailboxPairRequest.of("a@old", "a@new")));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e ->
                assertThat(e.problems()).containsExactly("The rename replacement '$1-$2' refers to a group the"
                        + " pattern '(?x)(a)#' does not have (use $1; write \\$ for a dollar sign)."));
    }

    @Test
    void aPatternThatOnlyCompilesWrappedOrCannotCountItsGroupsShouldBeRefusedInOneLine() {
        JobOptions bad = new JobOptions(null, new FolderFilter(List.of(), List.of(), Set.of(),
                List.of(new RenameRule("a)|(b", "x"), new RenameRule("a)|(b", "$5"))), null, null, null, null, null,
                null, null, null);
        JobRequest request = new JobRequest("Regex", "src", "tgt", bad,
                List.of(MailboxPairRequest.of("a@old", "a@new")));

        assertThatThrownBy(() -> f.jobs.create(request)).isInstanceOfSatisfying(AppException.class, e -> {
            assertThat(e.code()).isEqualTo("validation_failed");
            assertThat(e.problems()).containsExactly(
                    "The rename pattern 'a)|(b' is not a valid regular expression: Unmatched closing ')'.",
                    "The rename pattern 'a)|(b' is not a valid regular expression: Unmatched closing ')'.");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
        });
        assertThat(f.jobs.list()).isEmpty();
    }

    @Test
    void pairsWithoutOwnLoginShouldNotShareTheOneMailboxOfAPasswordConnection() {
        f.connections.insert(new io.mailferry.model.connection.Connection("anna-src", "Anna's server",
                io.mailferry.model.connection.ConnectionRole.SOURCE, io.mailferry.model.connection.ConnectionKind.IMAP,
                new io.mailferry.model.connection.ImapSettings("127.0.0.1", 143,
                        io.mailferry.model.connection.ImapSecurity.NONE,
                        io.mailferry.model.connection.ImapAuthMode.PASSWORD, "anna", null, null),
                null, null, true, Instant.now(), Instant.now(), null), new Secret("pw"));
        JobRequest two = new JobRequest("Two", "anna-src", "tgt", null,
                List.of(MailboxPairRequest.of("anna@old", "anna@new"), MailboxPairRequest.of("bob@old", "bob@new")));

        assertThatThrownBy(() -> f.jobs.create(two)).isInstanceOfSatisfying(AppException.class, e -> assertThat(
                e.problems()).containsExactly("The source connection 'Anna's server' logs in as anna for every "
                + "mailbox without a login of its own, so anna@old, bob@old would all open that one mailbox: give "
                + "each pair its own source user and password (CSV) or use a master-user connection."));

        Job one = f.jobs.create(new JobRequest("One", "anna-src", "tgt", null,
                List.of(MailboxPairRequest.of("anna@old", "anna@new"))));
        assertThatThrownBy(() -> f.jobs.addPairs(one.id(), List.of(MailboxPairRequest.of("bob@old", "bob@new"))))
                .isInstanceOf(AppException.class);
        List<MailboxPair> added = f.jobs.addPairs(one.id(), List.of(new MailboxPairRequest("bob@old", "bob@new",
                "bob", new Secret("bob-pw"), null, null)));
        assertThat(added).hasSize(1);
    }

    @Test
    void addPairsShouldRefuseASourceAlreadyInTheJob() {
        Job job = f.job(JobOptions.defaults(), 0, "anna");

        assertThatThrownBy(() -> f.jobs.addPairs(job.id(), List.of(MailboxPairRequest.of("anna@old", "x@new"))))
                .isInstanceOfSatisfying(AppException.class, e -> assertThat(e.problems())
                        .containsExactly("Pair 1: source mailbox anna@old is already paired in this job."));
    }

    @Test
    void importShouldAddNothingWhenARowIsBadUnlessAskedTo() {
        Job job = f.job(JobOptions.defaults(), 0);
        String csv = "SourceMailbox,TargetMailbox\nanna@old.example,anna@new.example\nbroken@,bob@new.example\n";

        CsvImportResult refused = f.jobs.importPairs(job.id(), csv, false);
        assertThat(refused.errors()).hasSize(1);
        assertThat(refused.errors().get(0).line()).isEqualTo(3);
        assertThat(f.jobs.pairs(job.id())).isEmpty();

        f.jobs.importPairs(job.id(), csv, true);
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::sourceMailbox).containsExactly("anna@old.example");
        assertThat(f.jobs.exportPairs(job.id())).contains("anna@old.example,anna@new.example");
    }

    @Test
    void acceptValidShouldAddTheGoodRowsWhenOthersAreAlreadyPairedAndNameEveryBadRowByItsLine() {
        Job job = f.job(JobOptions.defaults(), 0);
        f.jobs.addPairs(job.id(), List.of(MailboxPairRequest.of("anna@old.example", "anna@new.example")));
        String csv = "SourceMailbox,TargetMailbox\n"
                + "ANNA@old.example,anna@new.example\n"
                + "bob@old.example,bob@new.example\n"
                + "broken@,carl@new.example\n"
                + "dora@old.example,dora@new.example\n";

        CsvImportResult refused = f.jobs.importPairs(job.id(), csv, false);
        assertThat(refused.errors()).extracting(CsvImportResult.RowError::line, CsvImportResult.RowError::reason)
                .first().isEqualTo(org.assertj.core.groups.Tuple.tuple(2L,
                        "Source mailbox ANNA@old.example is already paired in this job."));
        assertThat(refused.errors()).extracting(CsvImportResult.RowError::line).containsExactly(2L, 4L);
        assertThat(f.jobs.pairs(job.id())).hasSize(1);

        CsvImportResult accepted = f.jobs.importPairs(job.id(), csv, true);
        assertThat(accepted.errors()).extracting(CsvImportResult.RowError::line).containsExactly(2L, 4L);
        assertThat(f.jobs.pairs(job.id())).extracting(MailboxPair::sourceMailbox)
                .containsExactly("anna@old.example", "bob@old.example", "dora@old.example");
    }

    @Test
    void importShouldStoreThePasswordsButNotAnswerWithThem() {
        Job job = f.job(JobOptions.defaults(), 0);
        String csv = "SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword\n"
                + "anna@old.example,anna@new.example,anna,Src-Pw-1,anna@new.example,Tgt-Pw-1\n";

        CsvImportResult result = f.jobs.importPairs(job.id(), csv, false);

        assertThat(result.pairs()).singleElement().satisfies(p -> {
            assertThat(p.sourceUser()).isEqualTo("anna");
            assertThat(p.sourcePassword()).isNull();
            assertThat(p.targetPassword()).isNull();
        });
        MailboxPair stored = f.jobs.pairs(job.id()).get(0);
        assertThat(f.pairStore.sourcePassword(stored.id())).contains(new Secret("Src-Pw-1"));
        assertThat(f.pairStore.targetPassword(stored.id())).contains(new Secret("Tgt-Pw-1"));
    }

    @Test
    void unknownJobAndPairShouldBeNotFound() {
        Job job = f.job(JobOptions.defaults(), 0, "anna");

        assertThatThrownBy(() -> f.jobs.get("nope")).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("job_not_found"));
        assertThatThrownBy(() -> f.jobs.pairReport(job.id(), "nope")).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("pair_not_found"));
    }

    @Test
    void reportOfANewJobShouldSayNothingRanYet() {
        Job job = f.job(JobOptions.defaults(), 0, "anna");

        assertThat(f.jobs.report(job.id()).verdict())
                .isEqualTo("No mailbox finished its pass. 1 of 1 mailbox was stopped or not run yet.");
        assertThat(f.jobs.pairReport(job.id(), f.jobs.pairs(job.id()).get(0).id()).verdict())
                .isEqualTo("Not run yet.");
    }

    @Test
    void aJobThatCopiedFromGmailShouldNotTakeASourceWithAnotherLabelStrategy() {
        java.util.function.BiFunction<String, io.mailferry.model.connection.GmailLabelStrategy,
                io.mailferry.model.connection.Connection> gmail = (id, strategy) -> f.connections.insert(
                new io.mailferry.model.connection.Connection(id, id,
                        io.mailferry.model.connection.ConnectionRole.SOURCE,
                        io.mailferry.model.connection.ConnectionKind.GMAIL, null, null, null, true, Instant.EPOCH,
                        Instant.EPOCH, null, new io.mailferry.model.connection.GmailSettings(
                        io.mailferry.model.connection.GmailAuthMode.APP_PASSWORD, "me@gmail.com", strategy, false,
                        false, 2)), new io.mailferry.model.connection.Secret("app-password"));
        gmail.apply("perLabel", io.mailferry.model.connection.GmailLabelStrategy.FOLDER_PER_LABEL);
        gmail.apply("perLabelToo", io.mailferry.model.connection.GmailLabelStrategy.FOLDER_PER_LABEL);
        gmail.apply("oneFolder", io.mailferry.model.connection.GmailLabelStrategy.ONE_FOLDER_WITH_CATEGORIES);
        Job job = f.jobs.create(new JobRequest("Gmail", "perLabel", "tgt", JobOptions.defaults(),
                List.of(MailboxPairRequest.of("me@gmail.com", "me@new"))));
        f.db.jdbi().useHandle(h -> h.execute("UPDATE job SET last_run_started_at = 1"));

        assertThatThrownBy(() -> f.jobs.update(job.id(), new JobRequest("Gmail", "oneFolder", "tgt",
                JobOptions.defaults(), List.of()))).isInstanceOfSatisfying(AppException.class,
                e -> assertThat(e.code()).isEqualTo("gmail_label_strategy_in_use"));
        assertThat(f.jobs.update(job.id(), new JobRequest("Gmail", "perLabelToo", "tgt", JobOptions.defaults(),
                List.of())).sourceConnectionId()).as("the same strategy: taken").isEqualTo("perLabelToo");
    }
}
