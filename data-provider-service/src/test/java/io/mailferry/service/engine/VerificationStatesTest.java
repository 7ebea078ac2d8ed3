package io.mailferry.service.engine;

import io.mailferry.service.engine.fake.FakeMailServer;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.mailbox.MailboxState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * When verification reads the source folders' states ({@link KnownStates}): all at its start, before any folder is
 * listed, unless deletion sync is on — it takes the state's epoch as the listing's, so each state is read right
 * before that folder's source listing.
 */
class VerificationStatesTest {
    private final EngineFixture f = new EngineFixture();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private void seedAndRecord() {
        f.source.addFolder("Sent");
        f.source.add("INBOX", message("a", "<a@x>"));
        f.source.add("Sent", message("b", "<b@x>"));
        f.source.hook((point, folder) -> events.add("source " + FakeMailServer.asListing(point) + " " + folder));
        f.target.hook((point, folder) -> events.add("target " + FakeMailServer.asListing(point) + " "
                + folder));
    }

    /**
     * The events of verification: everything after the copy step's last append (verification lists a folder's two
     * sides side by side, so their order among themselves is not fixed).
     */
    private List<String> verification() {
        int lastAppend = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("target append")) {
                lastAppend = i;
            }
        }
        assertThat(lastAppend).as("the copy appended: " + events).isNotNegative();
        return events.subList(lastAppend + 1, events.size());
    }

    @Test
    void sourceStatesShouldBeReadBeforeAnyFolderIsListed() {
        seedAndRecord();

        MailboxOutcome out = f.run(EngineFixture.workers(1));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        List<String> v = verification();
        int firstListing = v.indexOf(v.stream().filter(e -> e.startsWith("target list")).findFirst().orElseThrow());
        assertThat(v.subList(0, firstListing)).as(v.toString()).contains("source state INBOX", "source state Sent");
        assertThat(v.subList(firstListing, v.size())).as(v.toString())
                .noneMatch(e -> e.startsWith("source state"));
    }

    @Test
    void withDeletionSyncEachSourceStateShouldBeReadRightBeforeItsListing() {
        seedAndRecord();

        MailboxOutcome out = f.run(JobOptions.defaults().withDeletionSync(true));

        assertThat(out.state()).isEqualTo(MailboxState.COMPLETED);
        List<String> v = verification();
        for (String folder : List.of("INBOX", "Sent")) {
            int state = v.lastIndexOf("source state " + folder);
            int listing = v.indexOf("source list " + folder);
            assertThat(state).as(v.toString()).isNotNegative().isLessThan(listing);
            assertThat(v.subList(0, state)).as("read after the target listing began: " + v)
                    .contains("target list " + folder);
        }
    }
}
