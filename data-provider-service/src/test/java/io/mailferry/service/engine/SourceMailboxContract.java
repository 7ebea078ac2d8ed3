package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SourceMailbox} guarantees, whatever its protocol; implemented by one test class per connector and
 * server, and by every fake the engine's tests use (so the fakes cannot promise what no connector keeps).
 */
public interface SourceMailboxContract {
    MailboxFixture fixture();

    ItemState PLAIN = ItemState.NONE;

    private static MailFolder folder(List<MailFolder> folders, String displayPath) {
        return folders.stream().filter(f -> f.displayPath().equals(displayPath)).findFirst()
                .orElseThrow(() -> new AssertionError(displayPath + " not in " + folders));
    }

    static String contentHash(byte[] data) {
        return ContentHash.of(data);
    }

    /** Simple messages {@code prefix + i} (Message-ID {@code <prefix i@example.com>}) into INBOX, i from..to-1. */
    private static void seedInbox(MailboxFixture fx, Login login, String prefix, int from, int to) {
        for (int i = from; i < to; i++) {
            fx.seed(login, List.of("INBOX"), TestMessages.simple(prefix + i, "<" + prefix + i + "@example.com>"),
                    PLAIN, null);
        }
    }

    private static List<ItemRef> listAll(SourceMailbox source, MailFolder folder, int pageSize) throws Exception {
        List<ItemRef> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<ItemRef> page = source.list(folder, cursor, pageSize);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Test
    default void foldersShouldListNestedAndNonAsciiNamesWithParentsFirstAndStableIds() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        char other = fx.separator() == '/' ? '.' : '/';
        fx.createFolder(login, List.of("Projects", "Überblick"));
        fx.createFolder(login, List.of("日本語"));
        fx.createFolder(login, List.of("Q1" + other + "2024"));
        List<MailFolder> folders;
        try (SourceMailbox source = fx.openSource(login)) {
            folders = source.folders();
            List<String> paths = folders.stream().map(MailFolder::displayPath).toList();
            assertThat(paths).contains("INBOX", "Projects", "Projects/Überblick", "日本語", "Q1" + other + "2024");
            assertThat(paths.indexOf("Projects")).isLessThan(paths.indexOf("Projects/Überblick"));
            assertThat(folders.get(0).type()).isEqualTo(FolderType.INBOX);
            assertThat(folder(folders, "Projects/Überblick").path()).containsExactly("Projects", "Überblick");
            assertThat(folder(folders, "Q1" + other + "2024").path()).hasSize(1);
            assertThat(folders).extracting(MailFolder::id).doesNotContainNull().doesNotHaveDuplicates();
        }
        try (SourceMailbox again = fx.openSource(login)) {
            // the ledger is keyed by folder ids: a new session must name the same folders the same way
            assertThat(again.folders()).extracting(MailFolder::id)
                    .containsAll(folders.stream().map(MailFolder::id).toList());
        }
    }

    @Test
    default void foldersShouldMapSpecialUseFolders() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        if (!fx.specialUse()) {
            for (String name : List.of("Sent", "Drafts", "Trash", "Spam", "Archive")) {
                fx.createFolder(login, List.of(name));
            }
        }
        try (SourceMailbox source = fx.openSource(login)) {
            Map<FolderType, String> types = source.folders().stream().filter(f -> f.type() != FolderType.OTHER)
                    .collect(Collectors.toMap(MailFolder::type, MailFolder::displayPath));
            assertThat(types).containsEntry(FolderType.INBOX, "INBOX").containsEntry(FolderType.SENT, "Sent")
                    .containsEntry(FolderType.DRAFTS, "Drafts").containsEntry(FolderType.TRASH, "Trash")
                    .containsEntry(FolderType.ARCHIVE, "Archive")
                    .containsEntry(FolderType.JUNK, fx.specialUse() ? "Junk" : "Spam");
        }
    }

    @Test
    default void listShouldPageEveryItemOnceWithStableIds() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        for (int i = 0; i < 7; i++) {
            fx.seed(login, List.of("INBOX"), TestMessages.simple("m" + i, "<m" + i + "@example.com>"), PLAIN, null);
        }
        List<ItemRef> all;
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<Integer> sizes = new ArrayList<>();
            all = new ArrayList<>();
            String cursor = null;
            do {
                Page<ItemRef> page = source.list(inbox, cursor, 3);
                all.addAll(page.items());
                sizes.add(page.items().size());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(sizes.subList(0, 3)).containsExactly(3, 3, 1);
            assertThat(all).extracting(ItemRef::messageId).containsExactlyInAnyOrder("<m0@example.com>",
                    "<m1@example.com>", "<m2@example.com>", "<m3@example.com>", "<m4@example.com>",
                    "<m5@example.com>", "<m6@example.com>");
            assertThat(all).extracting(ItemRef::id).doesNotContainNull().doesNotHaveDuplicates();
            if (all.get(0).order() > 0) {
                // where the protocol has an order, the listing follows it and it is the arrival order
                assertThat(all).extracting(ItemRef::order).isSorted().doesNotHaveDuplicates();
                assertThat(all).extracting(ItemRef::messageId).startsWith("<m0@example.com>", "<m1@example.com>");
            }
            assertThat(source.state(inbox).messageCount()).isEqualTo(7);
            assertThat(source.state(inbox).epoch()).isNotNull();
            long bytes = source.state(inbox).bytes();
            if (bytes >= 0) { // a source that tells a folder's size tells the sum of its items' sizes (IMAP SIZE)
                assertThat(bytes).isEqualTo(all.stream().mapToLong(ItemRef::size).sum());
            }
        }
        try (SourceMailbox again = fx.openSource(login)) {
            assertThat(listAll(again, folder(again.folders(), "INBOX"), 100)).extracting(ItemRef::id)
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(ItemRef::id).toList());
        }
    }

    /**
     * A listing names every item the folder held from its start to its end, even when items it named on an earlier
     * page go away before the next page (a listing paged by offset would pass over as many items).
     */
    @Test
    default void listShouldNameEveryItemThatStaysWhenItemsOfAnEarlierPageGoAway() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        seedInbox(fx, login, "d", 0, 9);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            Page<ItemRef> first = source.list(inbox, null, 3);
            assertThat(first.items()).hasSize(3);
            source.delete(inbox, first.items().stream().map(ItemRef::id).toList());
            List<ItemRef> rest = new ArrayList<>();
            String cursor = first.nextCursor();
            while (cursor != null) {
                Page<ItemRef> page = source.list(inbox, cursor, 3);
                rest.addAll(page.items());
                cursor = page.nextCursor();
            }
            Set<String> gone = first.items().stream().map(ItemRef::messageId).collect(Collectors.toSet());
            List<String> stayed = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                if (!gone.contains("<d" + i + "@example.com>")) {
                    stayed.add("<d" + i + "@example.com>");
                }
            }
            assertThat(rest).extracting(ItemRef::messageId).containsExactlyInAnyOrderElementsOf(stayed);
        }
    }

    /**
     * The folder's state given with a listing is a hint only: the pages are the ones listed without it, when it is
     * current and when it is stale (items arrived since it was read, beyond the page size).
     */
    @Test
    default void listWithTheFoldersStateShouldGiveTheSamePages() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        seedInbox(fx, login, "h", 0, 4);
        FolderState read;
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            read = source.state(inbox);

            Page<ItemRef> hinted = source.list(inbox, null, 10, read);
            Page<ItemRef> plain = source.list(inbox, null, 10);

            assertThat(hinted.items()).extracting(ItemRef::id).hasSize(4)
                    .containsExactlyElementsOf(plain.items().stream().map(ItemRef::id).toList());
            assertThat(hinted.items()).extracting(ItemRef::messageId)
                    .containsExactlyElementsOf(plain.items().stream().map(ItemRef::messageId).toList());
        }
        seedInbox(fx, login, "h", 4, 7);
        try (SourceMailbox source = fx.openSource(login)) { // a new session, as the next pass would list
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<String> stale = new ArrayList<>();
            String cursor = null;
            do {
                Page<ItemRef> page = source.list(inbox, cursor, 5, cursor == null ? read : null);
                page.items().forEach(i -> stale.add(i.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(stale).containsExactlyInAnyOrderElementsOf(
                    listAll(source, inbox, 5).stream().map(ItemRef::id).toList());
            assertThat(stale).hasSize(7).doesNotHaveDuplicates();
        }
    }

    /**
     * Many folders' states at once are each folder's state as {@link SourceMailbox#state} reads it, in the order
     * asked, a folder asked twice included, and they are current: an item delivered by another session to the folder
     * this session is reading shows (IMAP: the batch syncs the selected folder before its STATUS, as state does).
     */
    @Test
    default void statesShouldBeEachFoldersStateInTheOrderAsked() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.createFolder(login, List.of("Projects", "Überblick"));
        for (int i = 0; i < 3; i++) {
            fx.seed(login, List.of("INBOX"), TestMessages.simple("s" + i, "<s" + i + "@example.com>"), PLAIN, null);
        }
        fx.seed(login, List.of("Projects", "Überblick"), TestMessages.simple("p", "<p@example.com>"), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            List<MailFolder> folders = source.folders();
            MailFolder inbox = folder(folders, "INBOX");
            MailFolder nested = folder(folders, "Projects/Überblick");
            source.list(inbox, null, 2); // the session now reads INBOX
            fx.seed(login, List.of("INBOX"), TestMessages.simple("late", "<late@example.com>"), PLAIN, null);

            List<io.mailferry.service.engine.port.FolderState> states = source.states(List.of(nested, inbox, nested));

            assertThat(states).hasSize(3).doesNotContainNull();
            assertThat(states).extracting(io.mailferry.service.engine.port.FolderState::messageCount)
                    .containsExactly(1L, 4L, 1L);
            assertThat(states.get(0)).isEqualTo(states.get(2));
            assertThat(states.get(0)).isEqualTo(source.state(nested));
            assertThat(states.get(1)).isEqualTo(source.state(inbox));
            assertThat(source.states(List.of())).isEmpty();
        }
    }

    /**
     * Small folders listed whole ({@link SourceMailbox#listWhole}, one round trip on IMAP): each folder gets the page it
     * lists alone, in the order asked (a page short of the limit: a full one may say more could follow); a folder with
     * more items than the limit — its state read before it grew — gets null (the engine lists it alone); a missing
     * folder null or the failure listing it alone gives, and the session stays usable.
     */
    @Test
    default void listWholeShouldGiveEachSmallFolderThePageItListsAlone() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.createFolder(login, List.of("Projects", "Überblick"));
        fx.createFolder(login, List.of("Grown"));
        seedInbox(fx, login, "w", 0, 3);
        fx.seed(login, List.of("Projects", "Überblick"), TestMessages.simple("p", "<p@example.com>"), PLAIN, null);
        for (int i = 0; i < 2; i++) {
            fx.seed(login, List.of("Grown"), TestMessages.simple("g" + i, "<g" + i + "@example.com>"), PLAIN, null);
        }
        try (SourceMailbox source = fx.openSource(login)) {
            List<MailFolder> folders = source.folders();
            MailFolder inbox = folder(folders, "INBOX");
            MailFolder nested = folder(folders, "Projects/Überblick");
            MailFolder grown = folder(folders, "Grown");
            String gone = "Gone" + System.nanoTime();
            MailFolder missing = new MailFolder(gone, gone, List.of(gone), fx.separator(), FolderType.OTHER, true);
            List<FolderState> known = new ArrayList<>(source.states(List.of(nested, inbox, grown)));
            known.add(new FolderState("1", null, 1));
            for (int i = 2; i < 6; i++) { // Grown now holds more than the limit of 5, as its state does not say
                fx.seed(login, List.of("Grown"), TestMessages.simple("g" + i, "<g" + i + "@example.com>"), PLAIN,
                        null);
            }

            List<Page<ItemRef>> pages = source.listWhole(List.of(nested, inbox, grown), 5, known.subList(0, 3));

            assertThat(pages).hasSize(3);
            assertThat(pages.subList(0, 2)).as("the small folders' pages").doesNotContainNull();
            assertThat(pages.get(0).items()).extracting(ItemRef::messageId).containsExactly("<p@example.com>");
            assertThat(pages.get(1).items()).extracting(ItemRef::id)
                    .containsExactlyElementsOf(source.list(inbox, null, 5).items().stream().map(ItemRef::id).toList());
            assertThat(pages.get(1).items()).extracting(ItemRef::messageId)
                    .containsExactlyInAnyOrder("<w0@example.com>", "<w1@example.com>", "<w2@example.com>");
            assertThat(pages.get(0).nextCursor()).isNull();
            assertThat(pages.get(1).nextCursor()).isNull();
            assertThat(pages.get(2)).as("more than the limit now").isNull();
            // a missing folder: null, or the failure listing it alone gives; the session stays usable either way
            try {
                assertThat(source.listWhole(List.of(missing, inbox), 5, List.of(known.get(3), known.get(1))).get(0))
                        .as("missing").isNull();
            } catch (MailboxException e) {
                assertThat(e.getMessage()).contains(gone);
            }
            assertThat(source.list(inbox, null, 5).items()).hasSize(3);
            assertThat(listAll(source, grown, 10)).hasSize(6);
        }
    }

    /**
     * Ids, sizes and states listed apart ({@link SourceMailbox#listStates}, {@link SourceMailbox#listWholeStates}:
     * verification's first look at a source folder) give the full listing's items in its pages, each with the same
     * id, order, kind, size, state and stamp.
     */
    @Test
    default void listStatesShouldGiveTheFullListingsIdsSizesAndStatesPageByPage() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.createFolder(login, List.of("Small"));
        seedInbox(fx, login, "s", 0, 4);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("s4", null),
                new ItemState(true, true, false, false, false, false, java.util.Set.of()), null);
        fx.seed(login, List.of("Small"), TestMessages.simple("t", "<t@example.com>"), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            List<MailFolder> folders = source.folders();
            MailFolder inbox = folder(folders, "INBOX");
            MailFolder small = folder(folders, "Small");
            FolderState state = source.state(inbox);

            assertThat(StatesListings.assertSamePages(source, inbox, 2, state)).isEqualTo(5);
            List<MailFolder> both = List.of(inbox, small);
            assertThat(source.listWhole(both, 5, source.states(both)).get(1)).as("one item, listed whole").isNotNull();
            StatesListings.assertSameWholePages(source, both, 5, source.states(both));
        }
    }

    /** A round trip that reads nothing: a duration (or -1, unknown), and the session goes on as before. */
    @Test
    default void roundTripShouldReadNothingAndKeepTheSessionUsable() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        seedInbox(fx, login, "r", 0, 2);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            assertThat(source.list(inbox, null, 10).items()).hasSize(2);

            long took = source.roundTrip();

            assertThat(took == -1 || took >= 0).as("a duration or -1: " + took).isTrue();
            assertThat(source.list(inbox, null, 10).items()).hasSize(2);
        }
    }

    @Test
    default void listShouldFailForAMissingFolderAndKeepTheSessionUsable() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        seedInbox(fx, login, "m", 0, 2);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            assertThat(source.list(inbox, null, 10).items()).hasSize(2);
            String gone = "Gone" + System.nanoTime();
            MailFolder missing = new MailFolder(gone, gone, List.of(gone), fx.separator(), FolderType.OTHER, true);
            assertThatThrownBy(() -> source.list(missing, null, 10)).isInstanceOf(MailboxException.class);
            // a failed selection leaves no folder selected: the next listing must select INBOX again
            assertThat(source.list(inbox, null, 10).items()).extracting(ItemRef::messageId)
                    .containsExactlyInAnyOrder("<m0@example.com>", "<m1@example.com>");
        }
    }

    /**
     * Every state a user sees comes back as set. Exchange keeps one "last verb" per message, so no item here is both
     * answered and forwarded: each is held by every store.
     */
    @Test
    default void listShouldShowTheItemStateAndReceivedDate() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        Instant date = Instant.parse("2019-05-06T07:08:09Z");
        ItemState answered = new ItemState(true, true, true, false, false, false, Set.of("Work"));
        ItemState forwarded = new ItemState(false, false, false, true, false, false, Set.of("ClientA", "Work"));
        fx.seed(login, List.of("INBOX"), TestMessages.simple("answered", "<a@example.com>"), answered, date);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("forwarded", "<f@example.com>"), forwarded, date);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("plain", "<p@example.com>"), PLAIN, date);
        try (SourceMailbox source = fx.openSource(login)) {
            List<ItemRef> items = source.list(folder(source.folders(), "INBOX"), null, 10).items();
            ItemRef a = items.stream().filter(i -> "answered".equals(i.subject())).findFirst().orElseThrow();
            ItemRef f = items.stream().filter(i -> "forwarded".equals(i.subject())).findFirst().orElseThrow();
            ItemRef plain = items.stream().filter(i -> "plain".equals(i.subject())).findFirst().orElseThrow();
            assertThat(a.state()).isEqualTo(answered);
            assertThat(f.state()).isEqualTo(forwarded);
            assertThat(plain.state()).isEqualTo(PLAIN);
            assertThat(a.received()).isEqualTo(date);
            assertThat(a.sentDate()).isEqualTo(Instant.parse("2020-03-03T09:15:00Z"));
            assertThat(a.messageId()).isEqualTo("<a@example.com>");
        }
    }

    @Test
    default void fetchShouldHandOverBodiesSmallAndLargeWithLargeOnesSpooled() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        byte[] small = TestMessages.simple("small", "<s@example.com>");
        byte[] large = TestMessages.large("large", 5 * 1024 * 1024);
        fx.seed(login, List.of("INBOX"), small, PLAIN, null);
        fx.seed(login, List.of("INBOX"), large, PLAIN, null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("third", "<t@example.com>"), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            boolean exact = source.capabilities().byteIdentical();
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            List<String> subjects = new ArrayList<>();
            source.fetch(inbox, items, (item, content, error) -> {
                try (content) { // the handler owns the content
                    assertThat(error).isNull();
                    subjects.add(item.subject());
                    assertThat(content.size()).isEqualTo(item.size());
                    if (item.size() > 2 * 1024 * 1024) {
                        assertThat(content).isInstanceOf(BufferedContent.class);
                        assertThat(((BufferedContent) content).spooled()).as("large body spooled").isTrue();
                    }
                    if (exact && "small".equals(item.subject())) {
                        assertThat(content.contentHash()).isEqualTo(contentHash(small));
                    }
                    if (exact && "large".equals(item.subject())) {
                        assertThat(content.contentHash()).isEqualTo(contentHash(large));
                    }
                    try (var in = content.open()) {
                        assertThat(in.readAllBytes()).hasSize((int) content.size());
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(subjects).containsExactlyInAnyOrder("small", "large", "third");
        }
    }

    @Test
    default void fetchShouldReportAnItemDeletedMeanwhileAsItemError() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.seed(login, List.of("INBOX"), TestMessages.simple("a", "<a@example.com>"), PLAIN, null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("b", "<b@example.com>"), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            ItemRef a = items.stream().filter(i -> "a".equals(i.subject())).findFirst().orElseThrow();
            source.delete(inbox, List.of(a.id()));
            List<MailboxException> errors = new ArrayList<>();
            List<String> delivered = new ArrayList<>();
            source.fetch(inbox, items, (item, content, error) -> {
                if (error != null) {
                    errors.add(error);
                } else {
                    delivered.add(item.messageId());
                    content.close();
                }
            });
            assertThat(delivered).containsExactly("<b@example.com>");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM);
                assertThat(e.itemGone()).as("said to be gone, not merely unreadable").isTrue();
                assertThat(e.getMessage()).startsWith("Source");
            });
            assertThat(source.list(inbox, null, 10).items()).hasSize(1);
        }
    }

    /**
     * A copy's listing without header fields gives the full listing's items, each described — by its body when
     * fetched, else by {@code describe} — exactly as the full listing describes it: the same Message-ID, dedup key
     * and header digest (kept in ledgers and compared across passes), subject, Date header and received date.
     */
    @Test
    default void listUndescribedShouldGiveTheFullListingsItemsOnceBodiesOrDescribeTellThem() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.seed(login, List.of("INBOX"), TestMessages.simple("plain", "<p@example.com>"), PLAIN, null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("no id", null),
                new ItemState(true, true, false, false, false, false, Set.of()), null);
        String folded = "Received: from a.example (a.example [192.0.2.1])\r\n\tby b.example; Tue, 3 Mar 2020"
                + " 10:15:00 +0100\r\nDate: Tue, 3 Mar 2020\r\n 10:15:00 +0100\r\nFrom: =?UTF-8?Q?J=C3=BCrgen?="
                + " <j@example.com>\r\nTo: a@example.com\r\nTo: b@example.com\r\nSubject: R=?UTF-8?Q?=C3=A9sum?="
                + "\r\n\t=?UTF-8?B?w6nDqA==?=\r\nMessage-ID:\r\n <folded@example.com>\r\n\r\nBody\r\n";
        fx.seed(login, List.of("INBOX"), folded.getBytes(java.nio.charset.StandardCharsets.US_ASCII), PLAIN, null);
        String eightBit = "Date: Tue, 3 Mar 2020 10:15:00 +0100\r\nFrom: J\u00fcrgen <j@example.com>\r\nSubject: R"
                + "\u00e9sum\u00e9\r\nX-Tail: \u00e0\r\n\r\nBody\r\n";
        fx.seed(login, List.of("INBOX"), eightBit.getBytes(java.nio.charset.StandardCharsets.UTF_8), PLAIN, null);
        fx.seed(login, List.of("INBOX"), "Subject: header only\r\nFrom: h@example.com\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), PLAIN, null);
        fx.seed(login, List.of("INBOX"), TestMessages.large("large", 5 * 1024 * 1024), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            FolderState state = source.state(inbox);
            List<ItemRef> full = listAll(source, inbox, 10);
            for (boolean dated : new boolean[] {false, true}) {
                List<ItemRef> listed = new ArrayList<>();
                String cursor = null;
                do {
                    Page<ItemRef> page = source.listUndescribed(inbox, cursor, 2, state, dated);
                    listed.addAll(page.items());
                    cursor = page.nextCursor();
                } while (cursor != null);
                assertThat(listed).extracting(ItemRef::id, ItemRef::order, ItemRef::size, ItemRef::state)
                        .containsExactlyElementsOf(full.stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.id(),
                                i.order(), i.size(), i.state())).toList());
                if (dated) {
                    assertThat(listed).extracting(ItemRef::received)
                            .containsExactlyElementsOf(full.stream().map(ItemRef::received).toList());
                }
                Map<String, ItemRef> told = new java.util.HashMap<>();
                source.fetch(inbox, listed, (item, content, error) -> {
                    assertThat(error).isNull();
                    content.close();
                    if (item.described()) {
                        told.put(item.id(), item);
                    }
                });
                List<ItemRef> rest = listed.stream().filter(i -> !told.containsKey(i.id())).toList();
                source.describe(inbox, rest).forEach(i -> told.put(i.id(), i));
                for (ItemRef want : full) {
                    ItemRef got = told.get(want.id());
                    assertThat(got).as("%s described", want.subject()).isNotNull();
                    assertThat(got.described()).isTrue();
                    assertThat(got).as(want.subject()).isEqualTo(want);
                    assertThat(got.dedupKey()).isEqualTo(want.dedupKey());
                }
            }
        }
    }

    /** An item gone since it was listed stays as it was, the others are described: no failure of the whole call. */
    @Test
    default void describeShouldLeaveAnItemDeletedMeanwhileAsItWas() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        seedInbox(fx, login, "d", 0, 2);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> full = source.list(inbox, null, 10).items();
            List<ItemRef> listed = source.listUndescribed(inbox, null, 10, source.state(inbox), false).items();
            source.delete(inbox, List.of(full.get(0).id()));

            List<ItemRef> described = source.describe(inbox, listed);

            assertThat(described).hasSize(2);
            assertThat(described.get(0)).isSameAs(listed.get(0));
            assertThat(described.get(1)).isEqualTo(full.get(1));
            assertThat(described.get(1).described()).isTrue();
        }
    }

    @Test
    default void listShouldDigestHeadersOfAMessageWithoutMessageId() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        byte[] raw = TestMessages.simple("no id", null);
        fx.seed(login, List.of("INBOX"), raw, PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            assumeTrue(source.capabilities().byteIdentical(), "the digest covers the stored size");
            ItemRef item = source.list(folder(source.folders(), "INBOX"), null, 10).items().get(0);
            assertThat(item.messageId()).isNull();
            assertThat(item.headerDigest()).isEqualTo(HeaderDigest.of("Tue, 3 Mar 2020 10:15:00 +0100",
                    "Alice Example <alice@example.com>", "Bob <bob@example.com>, Carol <carol@example.com>",
                    "dave@example.com", "no id", raw.length));
            assertThat(item.dedupKey()).startsWith("hdr:");
        }
    }

    @Test
    default void changesShouldListNewAndChangedItemsSinceAToken() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.seed(login, List.of("INBOX"), TestMessages.simple("old", "<old@example.com>"), PLAIN, null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("kept", "<kept@example.com>"), PLAIN, null);
        try (SourceMailbox source = fx.openSource(login)) {
            assumeTrue(source.capabilities().changeTokens(), "this source keeps no change tokens");
            MailFolder inbox = folder(source.folders(), "INBOX");
            String token = source.state(inbox).token();
            List<ItemRef> listed = new ArrayList<>();
            String cursor = null;
            do {
                Page<ItemRef> page = source.list(inbox, cursor, 10);
                listed.addAll(page.items());
                if (page.token() != null) {
                    token = page.token();
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(token).as("a change token from the state or the listing").isNotNull();
            ItemRef old = listed.stream().filter(i -> "old".equals(i.subject())).findFirst().orElseThrow();
            fx.seed(login, List.of("INBOX"), TestMessages.simple("new", "<new@example.com>"), PLAIN, null);
            fx.markRead(login, List.of("INBOX"), "<old@example.com>");

            Changes changes = source.changes(inbox, token);
            assertThat(changes.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(changes.items()).extracting(ItemRef::messageId)
                    .contains("<new@example.com>", "<old@example.com>").doesNotContain("<kept@example.com>");
            ItemRef changed = changes.items().stream().filter(i -> "old".equals(i.subject())).findFirst()
                    .orElseThrow();
            assertThat(changed.id()).isEqualTo(old.id());
            assertThat(changed.state().read()).isTrue();

            assertThat(source.changes(inbox, "no-such-token").outcome()).isEqualTo(Changes.Outcome.EXPIRED);
        }
    }
}
