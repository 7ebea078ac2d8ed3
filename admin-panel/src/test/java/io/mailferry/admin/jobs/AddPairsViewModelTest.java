package io.mailferry.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.model.mailbox.MailboxPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddPairsViewModelTest {

    @TempDir
    Path dir;
    private final FakeServiceClient client = new FakeServiceClient();
    private final AddPairsViewModel vm = new AddPairsViewModel(client, new DirectRunner(), "j1", "Wave 1");
    private final List<Integer> added = new ArrayList<>();

    AddPairsViewModelTest() {
        client.pairs.put("j1", new ArrayList<>(List.of(FakeServiceClient.pair("j1", "p1", "anna@old.example",
                "anna@new.example", null, null, null, null))));
    }

    private List<String> sources() {
        return client.pairs.get("j1").stream().map(MailboxPair::sourceMailbox).toList();
    }

    @Test
    void typedLinesShouldTakeCommaTabOrSpacesAndGoThroughTheServicesImporter() {
        assertThat(vm.canAdd().get()).isFalse();
        vm.lines().set("bert@old.example, bert@new.example\ncarl@old.example\tcarl@new.example\n\n"
                + "dora@old.example   dora@new.example");
        assertThat(vm.canAdd().get()).isTrue();
        vm.add(added::add);
        assertThat(added).containsExactly(3);
        assertThat(client.calls).contains("importPairs j1 acceptValid=false");
        assertThat(sources()).containsExactly("anna@old.example", "bert@old.example", "carl@old.example",
                "dora@old.example");
    }

    @Test
    void aBadTypedLineShouldBeListedByItsLineWithTheWordsOfABadCsvRowAndNothingAdded() throws Exception {
        vm.lines().set("bert@old.example, bert@new.example\n\nnot-an-address, x@new.example");
        vm.add(added::add);
        assertThat(added).as("the dialog stays open").isEmpty();
        assertThat(vm.importErrors()).containsExactly("Line 3: the source mailbox is not an address");
        assertThat(vm.outcome().get()).startsWith("Nothing was added: 1 row is bad.");
        assertThat(sources()).containsExactly("anna@old.example");

        // The same row in a file (line 3 there too: the header is line 1) reads the same.
        Path csv = Files.writeString(dir.resolve("same.csv"),
                "SourceMailbox,TargetMailbox\nbert@old.example,bert@new.example\nnot-an-address,x@new.example\n");
        List<String> typed = List.copyOf(vm.importErrors());
        vm.importCsv(csv, added::add);
        assertThat(vm.importErrors()).isEqualTo(typed);
    }

    @Test
    void addShouldSendThePairsAllOrNoneAndShowTheServicesRefusal() {
        vm.lines().set("bert@old.example, bert@new.example\ncarl@old.example; carl@new.example");
        vm.add(added::add);
        assertThat(added).containsExactly(2);
        assertThat(sources()).containsExactly("anna@old.example", "bert@old.example", "carl@old.example");

        vm.lines().set("dora@old.example, dora@new.example\nanna@old.example, anna@new.example");
        vm.add(added::add);
        assertThat(added).containsExactly(2);
        assertThat(vm.activity().error().get()).isEqualTo("Source mailbox anna@old.example is already in this job.");
        assertThat(sources()).hasSize(3);
    }

    @Test
    void csvWithBadRowsShouldAddNothingListTheLinesAndKeepTheDialogOpen() throws Exception {
        Path csv = Files.writeString(dir.resolve("pairs.csv"),
                "SourceMailbox,TargetMailbox\nbert@old.example,bert@new.example\nnot-an-address,x@new.example\n");
        vm.importCsv(csv, added::add);
        assertThat(added).as("the dialog stays open").isEmpty();
        assertThat(vm.importErrors()).containsExactly("Line 3: the source mailbox is not an address");
        assertThat(vm.outcome().get()).startsWith("Nothing was added: 1 row is bad.");
        assertThat(sources()).containsExactly("anna@old.example");
        assertThat(client.calls).contains("importPairs j1 acceptValid=false");

        vm.acceptValid().set(true);
        vm.importCsv(csv, added::add);
        assertThat(vm.outcome().get()).isEqualTo("Added 1 mailbox; the bad row below was left out.");
        assertThat(sources()).containsExactly("anna@old.example", "bert@old.example");
    }

    @Test
    void aCleanCsvShouldAddEveryRowAndClose() throws Exception {
        Path csv = Files.writeString(dir.resolve("pairs.csv"),
                "SourceMailbox,TargetMailbox\nbert@old.example,bert@new.example\ncarl@old.example,carl@new.example\n");
        vm.importCsv(csv, added::add);
        assertThat(added).containsExactly(2);
        assertThat(vm.importErrors()).isEmpty();
        assertThat(sources()).hasSize(3);
    }
}
