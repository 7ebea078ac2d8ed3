package io.mailferry.admin.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
