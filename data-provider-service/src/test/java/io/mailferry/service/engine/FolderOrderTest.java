package io.mailferry.service.engine;

import io.mailferry.service.engine.fake.FakeMailServer;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailFolder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The copy step's workers take the folders with the most to copy first ({@link MigrationEngine#largestFirst}), and
 * verification the folders with the most to list: a big folder met last would leave one worker busy with it alone at
 * the end of the step.
 */
class FolderOrderTest {
    private static FolderMapping mapping(String name) {
        return new FolderMapping(new MailFolder(name, name, List.of(name), '/', FolderType.OTHER, true), List.of(name));
    }

    @Test
    void groupsShouldBeOrderedByBytesToCopyThenKeepTheirOrder() {
        FolderMapping small = mapping("Small");
        FolderMapping big = mapping("Big");
        FolderMapping countedOnly = mapping("CountedOnly");
        FolderMapping nothing = mapping("Nothing");
        FolderMapping alsoNothing = mapping("AlsoNothing");
        FolderMapping mergedA = mapping("MergedA");
        FolderMapping mergedB = mapping("MergedB");
        Map<FolderMapping, FolderState> states = Map.of(
                small, new FolderState("1", null, 3, 3_000, null),
                big, new FolderState("1", null, 2, 9_000_000, null),
                countedOnly, new FolderState("1", null, 40, null), // size unknown: 64 KiB a message
                mergedA, new FolderState("1", null, 1, 2_000_000, null),
                mergedB, new FolderState("1", null, 1, 1_000_000, null));

        List<List<FolderMapping>> ordered = MigrationEngine.largestFirst(List.of(List.of(nothing), List.of(small),
                List.of(big), List.of(alsoNothing), List.of(countedOnly), List.of(mergedA, mergedB)), states::get);

        assertThat(ordered).containsExactly(List.of(big), List.of(mergedA, mergedB), List.of(countedOnly),
                List.of(small), List.of(nothing), List.of(alsoNothing));
    }

    @Test
    void oneWorkerShouldCopyAndVerifyTheLargestFolderFirst() {
        EngineFixture f = new EngineFixture();
        f.source.addFolder("Few");
        f.source.addFolder("Many");
        f.source.add("Few", message("f", "<f@x>"));
        for (int i = 0; i < 6; i++) {
            f.source.add("Many", message("m" + i, "<m" + i + "@x>"));
        }
        List<String> appended = new CopyOnWriteArrayList<>();
        List<String> listed = new CopyOnWriteArrayList<>();
        f.target.hook((point, folder) -> {
            if (point.equals("append") || point.equals("appendBatch")) {
                appended.add(folder);
            } else if (FakeMailServer.asListing(point).equals("list")) {
                listed.add(folder); // verification's (the copy step lists no empty target folder)
            }
        });

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(appended).as("target folders in the order they were written").first().isEqualTo("Many");
        assertThat(listed).as("target folders in the order verification listed them").first().isEqualTo("Many");
        assertThat(f.target.messages("Many")).hasSize(6);
        assertThat(f.target.messages("Few")).hasSize(1);
        assertThat(f.target.messages("INBOX")).isEmpty();
    }
}
