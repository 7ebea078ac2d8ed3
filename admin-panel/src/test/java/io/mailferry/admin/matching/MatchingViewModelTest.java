package io.mailferry.admin.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.QueuedRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.mailbox.DirectoryMailbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchingViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();
    private final MatchingViewModel vm = new MatchingViewModel(client, new DirectRunner());

    @Test
    void autoMatchShouldFillTargetsByTheServicesRulesAndLeaveTheRestUnmatched() {
        vm.setSources(List.of("anna@old.example", "bert@old.example", "zoe@old.example"));
        vm.targetCandidates().set("anna@new.example\nbert@new.example\n");
        vm.autoMatch();
        assertThat(vm.rows()).extracting(r -> r.target().get())
                .containsExactly("anna@new.example", "bert@new.example", "");
        assertThat(vm.rows().get(0).how().get()).isEqualTo("Same local part");
        assertThat(vm.rows().get(2).isUnmatched()).isTrue();
        assertThat(vm.unmatchedCount().get()).isEqualTo(1);
        assertThat(vm.complete().get()).isFalse();
        assertThat(vm.summary().get()).isEqualTo("3 mailboxes, 2 matched, 1 unmatched");
        assertThat(vm.autoMatchStatus().get()).isEqualTo("2 of 3 mailboxes matched.");
    }

    @Test
    void autoMatchWithAnEmptyTargetListShouldBeOffAndSayWhatIsMissing() {
        vm.setSources(List.of("anna@old.example"));
        assertThat(vm.canAutoMatch().get()).isFalse();
        assertThat(vm.autoMatchStatus().get())
                .isEqualTo("Paste the target mailboxes above, one per line, to match against them.");
        vm.autoMatch();
        assertThat(client.calls).doesNotContain("match");
        vm.targetCandidates().set("anna@new.example");
        assertThat(vm.canAutoMatch().get()).isTrue();
        assertThat(vm.autoMatchStatus().get()).isEmpty();
    }

    @Test
    void autoMatchShouldLeaveOutTargetsAnotherRowAlreadyHas() {
        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        vm.editTarget(vm.rows().get(1), "anna@new.example");
        vm.targetCandidates().set("anna@new.example\nbert@new.example");
        vm.autoMatch();
        assertThat(vm.rows()).extracting(MatchRow::toString)
                .containsExactly("anna@old.example -> ", "bert@old.example -> anna@new.example");
        assertThat(vm.autoMatchStatus().get()).isEqualTo("0 of 1 mailbox matched.");
    }

    @Test
    void aTargetTheServiceGivesTwiceShouldGoToOneSourceOnly() {
        vm.setSources(List.of("anna@old.example", "anna@other.example"));
        vm.targetCandidates().set("anna@new.example");
        vm.autoMatch();
        assertThat(vm.rows()).extracting(MatchRow::toString)
                .containsExactly("anna@old.example -> anna@new.example", "anna@other.example -> ");
        assertThat(vm.autoMatchStatus().get()).isEqualTo("1 of 2 mailboxes matched.");
    }

    @Test
    void autoMatchShouldNotOverwriteAManualEdit() {
        vm.setSources(List.of("anna@old.example"));
        vm.editTarget(vm.rows().get(0), " a.smith@new.example ");
        vm.targetCandidates().set("anna@new.example");
        vm.autoMatch();
        assertThat(vm.rows().get(0).target().get()).isEqualTo("a.smith@new.example");
        assertThat(vm.rows().get(0).how().get()).isEqualTo("manual");
        assertThat(vm.complete().get()).isTrue();
    }

    @Test
    void clearingATargetInTheCellShouldFlagTheRowAgain() {
        vm.setSources(List.of("anna@old.example"));
        vm.editTarget(vm.rows().get(0), "anna@new.example");
        vm.editTarget(vm.rows().get(0), "");
        assertThat(vm.rows().get(0).isUnmatched()).isTrue();
        assertThat(vm.rows().get(0).how().get()).isEmpty();
        assertThat(vm.unmatchedCount().get()).isEqualTo(1);
    }

    @Test
    void filterShouldMatchSourceOrTargetAndOnlyUnmatchedShouldNarrowFurther() {
        vm.setSources(List.of("anna@old.example", "bert@old.example", "carl@old.example"));
        vm.editTarget(vm.rows().get(1), "robert@new.example");
        vm.filter().set("ROBERT");
        assertThat(vm.visibleRows()).extracting(r -> r.source().get()).containsExactly("bert@old.example");
        vm.filter().set("");
        vm.onlyUnmatched().set(true);
        assertThat(vm.visibleRows()).extracting(r -> r.source().get())
                .containsExactly("anna@old.example", "carl@old.example");
    }

    @Test
    void setSourcesShouldKeepTargetsOfMailboxesStillListed() {
        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        vm.editTarget(vm.rows().get(0), "anna@new.example");
        vm.setSources(List.of("ANNA@old.example", "carl@old.example"));
        assertThat(vm.rows()).extracting(MatchRow::toString)
                .containsExactly("anna@old.example -> anna@new.example", "carl@old.example -> ");
    }

    /** Back to the source list and Next again: rows a CSV added and rows the admin removed stay as they were. */
    @Test
    void goingBackAndNextShouldKeepImportedRowsAndRemovedOnes(@TempDir Path dir) throws Exception {
        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "SourceMailbox,TargetMailbox\ncarl@old.example,carl@new.example\n");
        vm.importCsv(csv);
        vm.remove(List.of(vm.rows().get(1))); // bert

        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        assertThat(vm.rows()).extracting(MatchRow::toString)
                .containsExactly("anna@old.example -> ", "carl@old.example -> carl@new.example");

        vm.setSources(List.of("anna@old.example", "dora@old.example"));
        assertThat(vm.rows()).extracting(MatchRow::toString)
                .containsExactly("anna@old.example -> ", "carl@old.example -> carl@new.example", "dora@old.example -> ");
    }

    @Test
    void importShouldMergeGoodRowsAndListBadRowsByLine(@TempDir Path dir) throws Exception {
        vm.setSources(List.of("anna@old.example"));
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "SourceMailbox,TargetMailbox\nanna@old.example,anna@new.example\n"
                + "not-an-address,x@new.example\nbert@old.example,bert@new.example\n");
        vm.importCsv(csv);
        assertThat(vm.rows()).extracting(MatchRow::toString).containsExactly(
                "anna@old.example -> anna@new.example", "bert@old.example -> bert@new.example");
        assertThat(vm.rows()).extracting(r -> r.how().get()).containsOnly("CSV");
        assertThat(vm.importErrors()).containsExactly("Line 3: the source mailbox is not an address");
    }

    @Test
    void importedLoginsShouldTravelWithThePair(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "SourceMailbox,TargetMailbox,SourceUser,SourcePassword\n"
                + "anna@old.example,anna@new.example,anna,pw1\n");
        vm.importCsv(csv);
        assertThat(vm.pairs()).singleElement().satisfies(p -> {
            assertThat(p.sourceUser()).isEqualTo("anna");
            assertThat(p.sourcePassword().value()).isEqualTo("pw1");
        });
    }

    @Test
    void importOfAMissingFileShouldSaySoPlainly(@TempDir Path dir) {
        vm.importCsv(dir.resolve("nope.csv"));
        assertThat(vm.activity().error().get()).isEqualTo("The file " + dir.resolve("nope.csv") + " does not exist.");
        assertThat(vm.activity().busy().get()).isFalse();
    }

    @Test
    void exportShouldWriteThePairsFormatWithQuotingAndUnmatchedRows(@TempDir Path dir) throws Exception {
        vm.setSources(List.of("anna@old.example", "\"odd, name\"@old.example"));
        vm.editTarget(vm.rows().get(0), "anna@new.example");
        Path out = dir.resolve("out.csv");
        vm.exportCsv(out);
        assertThat(Files.readString(out)).isEqualTo("SourceMailbox,TargetMailbox\r\n"
                + "anna@old.example,anna@new.example\r\n\"\"\"odd, name\"\"@old.example\",\r\n");
    }

    @Test
    void domainMappingsShouldBeParsedFromLines() {
        assertThat(MatchingViewModel.parseMappings("old.example = new.example\n# comment\nbad line\n"))
                .containsEntry("old.example", "new.example").hasSize(1);
    }

    // --- the target connection's directory (Microsoft 365)

    static Connection connection(String id, String name, ConnectionKind kind) {
        return new Connection(id, name, ConnectionRole.TARGET, kind, null,
                kind == ConnectionKind.MICROSOFT_365 ? new GraphSettings("contoso.onmicrosoft.com", "app") : null,
                null, true, Instant.now(), Instant.now(), null);
    }

    private Connection tenant() {
        Connection c = client.add(connection("t365", "Contoso 365", ConnectionKind.MICROSOFT_365));
        client.directories.put("t365", List.of(
                new DirectoryMailbox("bert@contoso.example", "Bert", "user"),
                new DirectoryMailbox("anna@contoso.example", "Anna", "user"),
                new DirectoryMailbox("sales@contoso.example", "Sales", "shared")));
        return c;
    }

    @Test
    void loadingTheDirectoryShouldBeOfferedOnlyForATargetThatHasOne() {
        assertThat(vm.canLoadDirectory().get()).isFalse();
        vm.targetConnection().set(client.add(connection("t1", "New IMAP", ConnectionKind.IMAP)));
        assertThat(vm.canLoadDirectory().get()).isFalse();
        vm.loadDirectory();
        assertThat(client.calls).noneMatch(c -> c.startsWith("directory"));
        vm.targetConnection().set(tenant());
        assertThat(vm.canLoadDirectory().get()).isTrue();
        assertThat(vm.autoMatchStatus().get()).startsWith("Load the target mailboxes from the directory");
    }

    @Test
    void loadingTheDirectoryShouldFillTheTargetListThroughTheRunnerAndMatchAgainstIt() {
        QueuedRunner later = new QueuedRunner();
        MatchingViewModel deferred = new MatchingViewModel(client, later);
        deferred.targetConnection().set(tenant());
        deferred.setSources(List.of("anna@old.example", "sales@old.example", "zoe@old.example"));
        deferred.loadDirectory();
        assertThat(client.calls).as("not on the calling thread").noneMatch(c -> c.startsWith("directory"));
        assertThat(deferred.activity().busy().get()).isTrue();
        later.runAll();
        assertThat(client.calls).contains("directory t365");
        assertThat(deferred.targetCandidates().get())
                .isEqualTo("anna@contoso.example\nbert@contoso.example\nsales@contoso.example");
        assertThat(deferred.directoryStatus().get())
                .isEqualTo("3 mailboxes in the directory of 'Contoso 365' (1 shared), listed above.");
        assertThat(deferred.activity().busy().get()).isFalse();

        deferred.autoMatch();
        later.runAll();
        assertThat(deferred.rows()).extracting(MatchRow::toString).containsExactly(
                "anna@old.example -> anna@contoso.example", "sales@old.example -> sales@contoso.example",
                "zoe@old.example -> ");
    }

    @Test
    void aTypedTargetNotInThePastedTargetListShouldBeFlaggedWithASentenceWithoutBlocking() {
        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        vm.targetCandidates().set("anna@new.example\nbert@new.example\n");
        vm.editTarget(vm.rows().get(0), "ANNA@new.example");
        vm.editTarget(vm.rows().get(1), "bert@new.exmaple");

        assertThat(vm.rows()).extracting(MatchRow::isNotInList).containsExactly(false, true);
        assertThat(vm.rows().get(1).problem().get())
                .isEqualTo("bert@new.exmaple is not in the target list pasted on the right: check the address.");
        assertThat(vm.rows().get(0).problem().get()).isEmpty();
        assertThat(vm.summary().get()).isEqualTo("2 mailboxes, 2 matched, 0 unmatched, 1 not in the target list");
        assertThat(vm.complete().get()).as("a warning: the list may be partial").isTrue();

        vm.editTarget(vm.rows().get(1), "bert@new.example");
        assertThat(vm.rows().get(1).isNotInList()).isFalse();
        assertThat(vm.rows().get(1).problem().get()).isEmpty();

        vm.editTarget(vm.rows().get(1), "bert@elsewhere.example");
        vm.targetCandidates().set(vm.targetCandidates().get() + "bert@elsewhere.example\n");
        assertThat(vm.rows().get(1).isNotInList()).as("checked again when the list changes").isFalse();
    }

    @Test
    void csvRowsNotInThePastedTargetListShouldBeFlaggedTooAndBadRowsSaidAsTheAddDialogSaysThem(@TempDir Path dir)
            throws Exception {
        vm.targetCandidates().set("anna@new.example\n");
        Path csv = Files.writeString(dir.resolve("pairs.csv"), "SourceMailbox,TargetMailbox\n"
                + "anna@old.example,anna@new.example\nnot-an-address,x@new.example\nbert@old.example,bert@new.example\n");
        vm.importCsv(csv);
        assertThat(vm.rows()).extracting(MatchRow::isNotInList).containsExactly(false, true);

        io.mailferry.admin.jobs.AddPairsViewModel dialog = new io.mailferry.admin.jobs.AddPairsViewModel(client,
                new DirectRunner(), "j1", "Wave 1");
        client.pairs.put("j1", new ArrayList<>());
        dialog.acceptValid().set(true);
        dialog.importCsv(csv, n -> { });
        assertThat(vm.importErrors()).containsExactly("Line 3: the source mailbox is not an address")
                .isEqualTo(dialog.importErrors());
        assertThat(vm.importOutcome().get()).isEqualTo("Added 2 mailboxes; the bad row below was left out.")
                .isEqualTo(dialog.outcome().get());
    }

    @Test
    void aTypedTargetNotInTheLoadedDirectoryShouldBeFlaggedAndBlockUntilCorrected() {
        vm.targetConnection().set(tenant());
        vm.setSources(List.of("anna@old.example", "bert@old.example"));
        vm.editTarget(vm.rows().get(0), "ANNA@contoso.example");
        vm.editTarget(vm.rows().get(1), "bert@contoso.exmaple");
        assertThat(vm.complete().get()).as("nothing to check against yet").isTrue();
        assertThat(vm.rows()).noneMatch(MatchRow::isNotInDirectory);

        vm.loadDirectory();
        assertThat(vm.rows()).extracting(MatchRow::isNotInDirectory).containsExactly(false, true);
        assertThat(vm.notInDirectoryCount().get()).isEqualTo(1);
        assertThat(vm.complete().get()).isFalse();
        assertThat(vm.summary().get()).isEqualTo("2 mailboxes, 2 matched, 0 unmatched, 1 not in the directory");
        assertThat(vm.directoryStatus().get()).endsWith("1 target is not in it: correct it in the grid (highlighted).");
        vm.onlyUnmatched().set(true);
        assertThat(vm.visibleRows()).extracting(MatchRow::toString)
                .containsExactly("bert@old.example -> bert@contoso.exmaple");

        vm.editTarget(vm.rows().get(1), "bert@contoso.example");
        assertThat(vm.rows().get(1).isNotInDirectory()).isFalse();
        assertThat(vm.complete().get()).isTrue();
        assertThat(vm.visibleRows()).isEmpty();
        assertThat(vm.directoryStatus().get()).endsWith("listed above.");
    }

    @Test
    void rowsImportedOrAddedAfterTheLoadShouldBeCheckedToo(@TempDir Path dir) throws Exception {
        vm.targetConnection().set(tenant());
        vm.loadDirectory();
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "SourceMailbox,TargetMailbox\nanna@old.example,anna@contoso.example\n"
                + "carl@old.example,carl@contoso.example\n");
        vm.importCsv(csv);
        assertThat(vm.rows()).extracting(MatchRow::isNotInDirectory).containsExactly(false, true);
        vm.setSources(List.of("carl@old.example", "dora@old.example")); // the CSV's rows stay, dora is added
        assertThat(vm.rows()).extracting(MatchRow::isNotInDirectory).containsExactly(false, true, false);
    }

    @Test
    void anotherTargetConnectionShouldDropTheLoadedDirectoryAndItsFlags() {
        vm.targetConnection().set(tenant());
        vm.setSources(List.of("anna@old.example"));
        vm.editTarget(vm.rows().get(0), "anna@elsewhere.example");
        vm.loadDirectory();
        assertThat(vm.complete().get()).isFalse();
        vm.targetConnection().set(client.add(connection("t1", "New IMAP", ConnectionKind.IMAP)));
        assertThat(vm.rows().get(0).isNotInDirectory()).isFalse();
        assertThat(vm.complete().get()).isTrue();
        assertThat(vm.directoryStatus().get()).isEmpty();
        assertThat(vm.canLoadDirectory().get()).isFalse();
    }

    @Test
    void aDirectoryTheTenantRefusesShouldShowTheServicesSentenceAndChangeNothing() {
        vm.targetConnection().set(tenant());
        vm.targetCandidates().set("typed@contoso.example");
        client.directoryFailure = new ServiceException(502, "directory_failed", "Target Microsoft 365 tenant "
                + "contoso.onmicrosoft.com refused listing the tenant's users: the app needs the application "
                + "permission User.Read.All.");
        vm.loadDirectory();
        assertThat(vm.activity().error().get()).endsWith("needs the application permission User.Read.All.");
        assertThat(vm.targetCandidates().get()).isEqualTo("typed@contoso.example");
        assertThat(vm.directoryStatus().get()).isEmpty();
        assertThat(vm.activity().busy().get()).isFalse();
    }

    @Test
    void typedTargetsShouldBeCountedAndAListChangedWhileTheDirectoryLoadsKept() {
        vm.targetConnection().set(tenant());
        assertThat(vm.candidatesTypedOrEdited()).as("an empty list").isZero();
        vm.targetCandidates().set("typed@new.example\n\nsecond@new.example");
        assertThat(vm.candidatesTypedOrEdited()).isEqualTo(2);
        vm.loadDirectory();
        assertThat(vm.candidatesTypedOrEdited()).as("as the load left it").isZero();

        QueuedRunner later = new QueuedRunner();
        MatchingViewModel deferred = new MatchingViewModel(client, later);
        deferred.targetConnection().set(tenant());
        deferred.loadDirectory();
        deferred.targetCandidates().set("typed while loading@new.example");
        later.runAll();
        assertThat(deferred.targetCandidates().get()).isEqualTo("typed while loading@new.example");
        assertThat(deferred.directoryStatus().get()).startsWith("The list changed while the directory was loading");
    }
}
