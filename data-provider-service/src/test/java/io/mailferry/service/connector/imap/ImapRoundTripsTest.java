package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Round trips saved where the engine tells what comes next (RFC 3501 §5.5: commands written back to back). The first
 * page of a folder whose state says it fits in one page: EXAMINE, the snapshot's UID SEARCH and the page's UID FETCH
 * together, where a listing without the state waits for the SEARCH's UIDs. The folders about to be ensured: every
 * CREATE and SUBSCRIBE, then one LIST. The server below holds its answers until the whole burst of commands it expects
 * has arrived, so a client that waits in between shows as more round trips.
 */
class ImapRoundTripsTest {
    @Test
    void aFirstPageThatFitsShouldBeListedInOneRoundTripAndBeTheSamePage() throws Exception {
        try (HeldAnswersImapServer server = server(); SourceMailbox source = open(server)) {
            MailFolder inbox = source.folders().get(0);
            FolderState known = new FolderState("9", null, 3);

            server.expect(3);
            Page<ItemRef> hinted = source.list(inbox, null, 10, known);

            assertThat(server.bursts()).as("EXAMINE, UID SEARCH and UID FETCH in one round trip").containsExactly(3);
            assertThat(hinted.items()).extracting(ItemRef::order).containsExactly(3L, 5L, 8L);
            assertThat(hinted.items()).extracting(ItemRef::messageId)
                    .containsExactly("<m3@example.com>", "<m5@example.com>", "<m8@example.com>");
            assertThat(hinted.nextCursor()).isNull();

            // the same listing without the state: the same page, but the FETCH waits for the SEARCH's answer; the
            // selected folder is examined again (its view lags behind other sessions' writes), in the same burst
            server.expect(2);
            Page<ItemRef> plain = source.list(inbox, null, 10);
            assertThat(plain.items()).isEqualTo(hinted.items());
            assertThat(server.bursts()).as("EXAMINE with UID SEARCH, then UID FETCH").containsExactly(3, 2, 1);
            server.expect(3);
            source.list(inbox, null, 10);
            assertThat(server.bursts()).as("the test's server sees a client that waits within a burst")
                    .containsExactly(3, 2, 1, 2, 1);
        }
    }

    @Test
    void aStateSayingTheFolderIsLargerThanAPageShouldListAsWithout() throws Exception {
        try (HeldAnswersImapServer server = server(); SourceMailbox source = open(server)) {
            MailFolder inbox = source.folders().get(0);

            Page<ItemRef> first = source.list(inbox, null, 2, new FolderState("9", null, 3));

            assertThat(first.items()).extracting(ItemRef::order).containsExactly(3L, 5L);
            assertThat(first.nextCursor()).isNotNull();
            assertThat(server.commands()).noneMatch(c -> c.contains("UID FETCH 1:*"));
            Page<ItemRef> second = source.list(inbox, first.nextCursor(), 2, new FolderState("9", null, 3));
            assertThat(second.items()).extracting(ItemRef::order).containsExactly(8L);
        }
    }

    @Test
    void aStaleStateShouldStillGiveTheSnapshotsFirstPage() throws Exception {
        try (HeldAnswersImapServer server = server(); SourceMailbox source = open(server)) {
            MailFolder inbox = source.folders().get(0);

            // the state was read when the folder held one message; it holds three now, and the page is two
            Page<ItemRef> first = source.list(inbox, null, 2, new FolderState("9", null, 1));

            assertThat(first.items()).extracting(ItemRef::order).containsExactly(3L, 5L);
            assertThat(first.nextCursor()).isEqualTo("5");
            assertThat(source.list(inbox, first.nextCursor(), 2).items()).extracting(ItemRef::order)
                    .containsExactly(8L);
        }
    }

    /**
     * A state read when the folder held UID 3 alone (UIDNEXT 4): the first page's listing fetches no more than that
     * state's UIDs and a page after them, however much the folder grew since; what it left out of the page is fetched
     * by UID.
     */
    @Test
    void aStatesListingShouldFetchNoMoreThanItsUidsAndAPage() throws Exception {
        try (HeldAnswersImapServer server = server(); SourceMailbox source = open(server)) {
            MailFolder inbox = source.folders().get(0);

            Page<ItemRef> first = source.list(inbox, null, 1, new FolderState("9", null, 1, -1, "9:4"));

            assertThat(server.commands()).filteredOn(c -> c.startsWith("UID FETCH 1:")).extracting(c -> c.split(" ")[2])
                    .containsExactly("1:4");
            assertThat(first.items()).extracting(ItemRef::order).containsExactly(3L);
            assertThat(first.nextCursor()).isEqualTo("3");
        }
    }

    /**
     * The engine reads a target folder's state right before its first batch (duplicate check): that state's write
     * mark serves the batch, which then needs no STATUS of its own. Taken once: the mark after it is asked again.
     */
    @Test
    void aTargetFoldersStateShouldServeAsTheWriteMarkOfItsNextBatch() throws Exception {
        try (HeldAnswersImapServer server = server(); TargetMailbox target = openTarget(server)) {
            MailFolder inbox = target.folders().get(0);
            FolderState state = target.state(inbox);
            int before = server.commands().size();

            String mark = target.writeMark(inbox);

            assertThat(mark).isEqualTo(state.mark()).isEqualTo("9:9");
            assertThat(server.commands().subList(before, server.commands().size())).as("commands for the mark")
                    .isEmpty();
            assertThat(target.writeMark(inbox)).isEqualTo("9:9");
            assertThat(server.commands().subList(before, server.commands().size()))
                    .anyMatch(c -> c.startsWith("STATUS INBOX"));
        }
    }

    /**
     * The folders the engine is about to ensure are created in one round trip: every CREATE and SUBSCRIBE, parents
     * first, then one LIST, written back to back.
     */
    @Test
    void preparedFoldersShouldBeCreatedInOneRoundTrip() throws Exception {
        try (HeldAnswersImapServer server = server(); TargetMailbox target = openTarget(server)) {
            target.folders();
            int before = server.commands().size();
            server.expect(7);

            target.prepareFolders(java.util.List.of(java.util.List.of("Archive", "2024"), java.util.List.of("INBOX"),
                    java.util.List.of("Sent")));

            assertThat(server.bursts()).as("commands in each round trip").containsExactly(7);
            assertThat(server.commands().subList(before, server.commands().size()))
                    .extracting(c -> c.split(" ")[0] + " " + (c.contains(" ") ? c.split(" ", 2)[1].split(" ")[0] : ""))
                    .containsExactly("CREATE Archive", "SUBSCRIBE Archive", "CREATE Archive/2024",
                            "SUBSCRIBE Archive/2024", "CREATE Sent", "SUBSCRIBE Sent", "LIST \"\"");
        }
    }

    /**
     * Small folders listed whole: every folder's EXAMINE, UID SEARCH and UID FETCH written back to back, all of them in
     * one round trip; each folder's page from its own answers; a folder whose state says it holds more than the limit
     * is not asked (the engine lists it alone).
     */
    @Test
    void smallFoldersShouldBeListedWholeInOneRoundTrip() throws Exception {
        try (HeldAnswersImapServer server = server(); SourceMailbox source = open(server)) {
            java.util.List<MailFolder> folders = source.folders();
            FolderState three = new FolderState("9", null, 3);

            server.expect(6);
            java.util.List<Page<ItemRef>> pages = source.listWhole(folders, 10, java.util.List.of(three, three));

            assertThat(server.bursts()).as("two folders' commands in one round trip").containsExactly(6);
            for (Page<ItemRef> page : pages) {
                assertThat(page.items()).extracting(ItemRef::messageId)
                        .containsExactly("<m3@example.com>", "<m5@example.com>", "<m8@example.com>");
                assertThat(page.nextCursor()).isNull();
            }
            assertThat(source.listWhole(folders, 2, java.util.List.of(three, three))).as("more than the limit")
                    .containsExactly(null, null);
            assertThat(server.bursts()).as("nothing asked").containsExactly(6);

            // a state read when the folder held UID 3 alone (UIDNEXT 4): whatever it holds now, the listing fetches
            // no more than that state's UIDs and a page after them (1:5, not 1:*); it grew past the page since, so it
            // is left to be listed alone
            server.expect(3);
            java.util.List<Page<ItemRef>> grown = source.listWhole(folders, 2, java.util.List.of(
                    new FolderState("9", null, 1, -1, "9:4"), three));

            assertThat(server.commands().get(server.commands().size() - 1)).startsWith("UID FETCH 1:5 ");
            assertThat(grown).as("grown past a page; the other folder held more than a page").containsExactly(null, null);
        }
    }

    /**
     * Whether folder names are case-sensitive is probed with a STATUS on a listed folder's name in flipped case; the
     * folder comes from the session's last listing, so the probe after a listing is that STATUS alone (it used to list
     * the folders again first: a round trip more on each side as a pass starts).
     */
    @Test
    void theCaseProbeShouldTakeItsFolderFromTheListingBeforeIt() throws Exception {
        try (HeldAnswersImapServer server = server(); TargetMailbox target = openTarget(server)) {
            target.folders();
            int before = server.commands().size();

            boolean caseSensitive = target.capabilities().folderNames().caseSensitive();

            assertThat(server.commands().subList(before, server.commands().size()))
                    .extracting(c -> c.split(" ")[0] + " " + c.split(" ")[1]).containsExactly("STATUS nOTES");
            assertThat(caseSensitive).as("the server answered for the flipped name: one folder, any case").isFalse();
        }
    }

    /** INBOX: UIDs 3, 5 and 8 under UIDVALIDITY 9, each naming its UID in its Message-ID and Subject. */
    private static HeldAnswersImapServer server() throws Exception {
        Map<Long, byte[]> inbox = new TreeMap<>();
        for (long uid : new long[] {3, 5, 8}) {
            inbox.put(uid, ("Message-ID: <m" + uid + "@example.com>\r\nSubject: m" + uid + "\r\n\r\nmessage " + uid
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new HeldAnswersImapServer(inbox, Set.of());
    }

    private static TargetMailbox openTarget(HeldAnswersImapServer server) throws Exception {
        return new ImapMailboxAccess(new ImapSettings("127.0.0.1", server.port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, "anna", null, null), new Secret("pw"), ConnectionRole.TARGET)
                .openTarget(new MailboxAccess.Login("anna", null, null));
    }

    private static SourceMailbox open(HeldAnswersImapServer server) throws Exception {
        return new ImapMailboxAccess(new ImapSettings("127.0.0.1", server.port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, "anna", null, null), new Secret("pw"), ConnectionRole.SOURCE)
                .openSource(new MailboxAccess.Login("anna", null, null));
    }
}
