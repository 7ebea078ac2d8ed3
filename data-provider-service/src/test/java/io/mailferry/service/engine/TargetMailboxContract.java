package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link TargetMailbox} guarantees, whatever its protocol; implemented by one test class per connector and
 * server, and by every fake the engine's tests use. */
public interface TargetMailboxContract {
    MailboxFixture fixture();

    ItemState PLAIN = ItemState.NONE;

    /** A request for {@code raw}; the stamp only where the target keeps stamps. */
    private static WriteRequest request(TargetMailbox target, byte[] raw, ItemState state, Instant date, String stamp) {
        return new WriteRequest(null, BufferedContent.of(raw), state, date,
                target.capabilities().stamps() ? stamp : null);
    }

    private static WriteRequest request(TargetMailbox target, byte[] raw, ItemState state, Instant date) {
        return request(target, raw, state, date, "stamp-" + java.util.UUID.randomUUID());
    }

    private static ItemRef bySubject(List<ItemRef> items, String subject) {
        return items.stream().filter(i -> subject.equals(i.subject())).findFirst()
                .orElseThrow(() -> new AssertionError(subject + " not in " + items));
    }

    @Test
    default void ensureFolderShouldCreateNestedUnicodeFoldersIdempotently() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder created = target.ensureFolder(List.of("Projekte", "Überblick"));
            MailFolder again = target.ensureFolder(List.of("Projekte", "Überblick"));
            MailFolder japanese = target.ensureFolder(List.of("日本語"));
            assertThat(created.path()).containsExactly("Projekte", "Überblick");
            assertThat(again).isEqualTo(created);
            assertThat(japanese.path()).containsExactly("日本語");
            assertThat(target.folders()).extracting(MailFolder::displayPath)
                    .contains("Projekte", "Projekte/Überblick", "日本語");
        }
    }

    /**
     * Folders prepared together (the engine's hint before it ensures each) are then ensured as without the hint:
     * nested, Unicode, an existing one, a shared parent, each once, parents included.
     */
    @Test
    default void ensureFolderShouldGiveTheSameFoldersAfterTheyWerePrepared() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            target.ensureFolder(List.of("Existing"));
            List<List<String>> paths = List.of(List.of("Archiv", "2024", "Überblick"), List.of("日本語"),
                    List.of("Existing"), List.of("Archiv", "2025"));
            target.prepareFolders(paths);
            for (List<String> path : paths) {
                assertThat(target.ensureFolder(path).path()).containsExactlyElementsOf(path);
            }
            assertThat(target.folders()).extracting(MailFolder::displayPath)
                    .contains("Archiv", "Archiv/2024", "Archiv/2024/Überblick", "日本語", "Existing", "Archiv/2025")
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    default void ensureFolderShouldKeepFoldersApartThatDifferOnlyByCaseExactlyWhenTheTargetSaysItDoes()
            throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder upper = target.ensureFolder(List.of("Work"));
            MailFolder lower = target.ensureFolder(List.of("work"));
            boolean apart = !lower.path().equals(upper.path());
            // the folder mapper trusts this answer to decide between two folders and "work (2)"
            assertThat(target.capabilities().folderNames().caseSensitive()).as("reported case sensitivity")
                    .isEqualTo(apart);
            if (apart) {
                assertThat(lower.path()).containsExactly("work");
                assertThat(target.ensureFolder(List.of("work", "Plans")).path()).containsExactly("work", "Plans");
                assertThat(target.folders()).extracting(MailFolder::displayPath).contains("Work", "work", "work/Plans");
            } else {
                assertThat(lower).isEqualTo(upper);
            }
        }
    }

    @Test
    default void ensureFolderShouldFindAFolderCreatedByAnotherClientAfterTheListing() throws Exception {
        MailboxFixture fx = fixture();
        MailboxAccess.Login login = fx.newMailbox();
        try (TargetMailbox target = fx.openTarget(login)) {
            assertThat(target.folders()).extracting(MailFolder::displayPath).doesNotContain("Meanwhile");
            fx.createFolder(login, List.of("Meanwhile"));
            assertThat(target.ensureFolder(List.of("Meanwhile")).displayPath()).isEqualTo("Meanwhile");
            assertThat(target.ensureFolder(List.of("Meanwhile", "Child")).displayPath()).isEqualTo("Meanwhile/Child");
            assertThat(target.folders()).extracting(MailFolder::displayPath).contains("Meanwhile", "Meanwhile/Child");
        }
    }

    /** Many folders' states at once are each folder's state, in the order asked; items another client adds show. */
    @Test
    default void statesShouldBeEachFoldersStateInTheOrderAsked() throws Exception {
        MailboxFixture fx = fixture();
        MailboxAccess.Login login = fx.newMailbox();
        try (TargetMailbox target = fx.openTarget(login)) {
            MailFolder empty = target.ensureFolder(List.of("Empty"));
            MailFolder filled = target.ensureFolder(List.of("Filled", "Überblick"));
            for (String name : List.of("a", "b")) {
                fx.seed(login, filled.path(), TestMessages.simple(name, "<" + name + "@example.com>"), ItemState.NONE,
                        null);
            }

            List<FolderState> states = target.states(List.of(filled, empty));

            assertThat(states).extracting(FolderState::messageCount).containsExactly(2L, 0L);
            assertThat(states).containsExactly(target.state(filled), target.state(empty));
        }
    }

    @Test
    default void ensureFolderShouldKeepASegmentContainingTheSeparatorAsOneFolder() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Q1" + fx.separator() + "Q2"));
            assertThat(folder.path()).hasSize(1);
            assertThat(folder.path().get(0)).startsWith("Q1").endsWith("Q2");
            assertThat(target.ensureFolder(List.of("inbox")).type()).isEqualTo(FolderType.INBOX);
        }
    }

    @Test
    default void writeShouldKeepStateReceivedDateAndHeaders() throws Exception {
        MailboxFixture fx = fixture();
        MailboxAccess.Login login = fx.newMailbox();
        try (TargetMailbox target = fx.openTarget(login)) {
            MailFolder folder = target.ensureFolder(List.of("Copied"));
            FolderState before = target.state(folder);
            Instant date = Instant.parse("2018-01-02T03:04:05Z");
            ItemState readForwarded = new ItemState(true, false, false, true, false, false, Set.of());
            ItemState flaggedAnswered = new ItemState(false, true, true, false, false, false, Set.of("Work"));
            List<WriteRequest> requests = List.of(
                    request(target, TestMessages.simple("one", "<1@example.com>"), readForwarded, date),
                    request(target, TestMessages.simple("two", "<2@example.com>"), flaggedAnswered, date),
                    request(target, TestMessages.simple("three", null), PLAIN, date));
            List<WriteResult> results = target.write(folder, requests);
            assertThat(results).hasSize(3).allMatch(WriteResult::ok);
            List<ItemRef> listed = target.list(folder, null, 10).items();
            assertThat(listed).extracting(ItemRef::subject).containsExactlyInAnyOrder("one", "two", "three");
            assertThat(bySubject(listed, "one").state()).isEqualTo(readForwarded);
            assertThat(bySubject(listed, "two").state()).isEqualTo(flaggedAnswered);
            assertThat(bySubject(listed, "three").state()).as("never a draft").isEqualTo(PLAIN);
            assertThat(listed).extracting(ItemRef::received).containsOnly(date);
            assertThat(bySubject(listed, "one").messageId()).isEqualTo("<1@example.com>");
            if (fx.reportsWrittenIds()) {
                assertThat(results).extracting(WriteResult::targetId).containsExactly(bySubject(listed, "one").id(),
                        bySubject(listed, "two").id(), bySubject(listed, "three").id());
            }
            if (target.capabilities().byteIdentical()) {
                for (int i = 0; i < 3; i++) {
                    String subject = List.of("one", "two", "three").get(i);
                    assertThat(bySubject(listed, subject).size()).isEqualTo(requests.get(i).content().size());
                }
                assertThat(bySubject(listed, "three").headerDigest()).isEqualTo(HeaderDigest.of(
                        "Tue, 3 Mar 2020 10:15:00 +0100", "Alice Example <alice@example.com>",
                        "Bob <bob@example.com>, Carol <carol@example.com>", "dave@example.com", "three",
                        requests.get(2).content().size()));
            }
            if (target.capabilities().stamps()) {
                for (int i = 0; i < 3; i++) {
                    String subject = List.of("one", "two", "three").get(i);
                    assertThat(bySubject(listed, subject).stamp()).isEqualTo(requests.get(i).stamp());
                }
            }
            assertThat(target.state(folder).messageCount()).isEqualTo(before.messageCount() + 3);
            if (listed.get(0).order() > 0) {
                // an ordered target numbers items in the order they were written
                assertThat(listed).extracting(ItemRef::subject).containsExactly("one", "two", "three");
            }
            if (target.capabilities().byteIdentical()) {
                // what reads back is, byte for byte, what was written
                List<String> hashes = new ArrayList<>();
                try (var source = fx.openSource(login)) {
                    MailFolder copied = source.folders().stream().filter(f -> f.displayPath().equals("Copied"))
                            .findFirst().orElseThrow();
                    List<ItemRef> items = source.list(copied, null, 10).items();
                    source.fetch(copied, items, (item, content, error) -> {
                        try (content) {
                            hashes.add(item.subject() + "=" + content.contentHash());
                        }
                    });
                }
                assertThat(hashes).containsExactlyInAnyOrder("one=" + requests.get(0).content().contentHash(),
                        "two=" + requests.get(1).content().contentHash(),
                        "three=" + requests.get(2).content().contentHash());
            }
        }
    }

    @Test
    default void setStateShouldReplaceTheStateOfExactlyTheGivenItems() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Flags"));
            Instant date = Instant.parse("2018-01-02T03:04:05Z");
            ItemState flaggedOld = new ItemState(false, true, false, false, false, false, Set.of("Old"));
            ItemState read = new ItemState(true, false, false, false, false, false, Set.of());
            target.write(folder, List.of(
                    request(target, TestMessages.simple("one", "<f1@example.com>"), flaggedOld, date),
                    request(target, TestMessages.simple("two", "<f2@example.com>"), read, date),
                    request(target, TestMessages.simple("three", "<f3@example.com>"), PLAIN, date)));
            List<ItemRef> before = target.list(folder, null, 10).items();
            ItemState wanted = new ItemState(true, false, true, true, false, false, Set.of("Next"));

            target.setState(folder, wanted, List.of(bySubject(before, "one").id(), bySubject(before, "three").id()));
            target.setState(folder, PLAIN, List.of(bySubject(before, "two").id()));

            List<ItemRef> listed = target.list(folder, null, 10).items();
            assertThat(bySubject(listed, "one").state()).isEqualTo(wanted);
            assertThat(bySubject(listed, "two").state()).isEqualTo(PLAIN);
            assertThat(bySubject(listed, "three").state()).isEqualTo(wanted);
            assertThat(listed).extracting(ItemRef::id).containsExactlyInAnyOrderElementsOf(
                    before.stream().map(ItemRef::id).toList());
            target.delete(folder, List.of(bySubject(listed, "three").id()));
            target.setState(folder, read, List.of(bySubject(listed, "three").id())); // gone items are ignored
        }
    }

    @Test
    default void writeShouldStreamALargeMessage() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            byte[] large = TestMessages.large("big", 5 * 1024 * 1024);
            long cap = target.capabilities().maxItemBytes();
            if (cap > 0 && cap < large.length) {
                // a target with a size limit refuses what passes it with a reason, and streams what fits
                List<WriteResult> refused = target.write(inbox, List.of(new WriteRequest(null,
                        BufferedContent.of(large), PLAIN, null, null)));
                assertThat(refused).singleElement().satisfies(r -> assertThat(r.error()).isNotBlank());
                large = TestMessages.large("big", (int) (cap * 3 / 4));
            }
            try (BufferedContent content = BufferedContent.read(new java.io.ByteArrayInputStream(large))) {
                assertThat(content.spooled()).isTrue();
                List<WriteResult> results = target.write(inbox, List.of(new WriteRequest(null, content,
                        new ItemState(true, false, false, false, false, false, Set.of()), null, null)));
                assertThat(results).singleElement().matches(WriteResult::ok);
                ItemRef item = target.list(inbox, null, 10).items().get(0);
                assertThat(item.subject()).isEqualTo("big");
                if (target.capabilities().byteIdentical()) {
                    assertThat(item.size()).isEqualTo(large.length);
                }
            }
        }
    }

    @Test
    default void writeShouldRejectOneMessageWithoutFailingTheOthers() throws Exception {
        MailboxFixture fx = fixture();
        assumeTrue(fx.rejectedMessage() != null, "no message known that this server refuses");
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            List<WriteResult> results = target.write(inbox, List.of(
                    request(target, TestMessages.simple("before", "<b@example.com>"), PLAIN, null),
                    request(target, fx.rejectedMessage(), PLAIN, null),
                    request(target, TestMessages.simple("after", "<a@example.com>"), PLAIN, null)));
            assertThat(results).extracting(WriteResult::ok).containsExactly(true, false, true);
            assertThat(results.get(1).error()).isNotBlank();
            assertThat(target.list(inbox, null, 10).items()).extracting(ItemRef::subject)
                    .containsExactlyInAnyOrder("before", "after");
        }
    }

    /**
     * Verification and the duplicate check list a target folder on whichever worker's connection is free, while
     * another worker's connection wrote to it: a listing must show what was written elsewhere since this connection
     * last looked (an IMAP session that has the folder selected sees a view that lags behind other sessions).
     */
    @Test
    default void listShouldShowItemsWrittenByAnotherSessionSinceThisOneListedTheFolder() throws Exception {
        MailboxFixture fx = fixture();
        MailboxAccess.Login login = fx.newMailbox();
        try (TargetMailbox reader = fx.openTarget(login); TargetMailbox writer = fx.openTarget(login)) {
            MailFolder folder = reader.ensureFolder(List.of("Shared"));
            reader.write(folder, List.of(request(reader, TestMessages.simple("first", "<f@example.com>"), PLAIN,
                    null)));
            assertThat(reader.list(folder, null, 10).items()).hasSize(1);
            assertThat(reader.arrived(folder, List.of(), Set.of())).isEmpty(); // reconciliation looks at it too

            MailFolder same = writer.ensureFolder(List.of("Shared"));
            writer.write(same, List.of(
                    request(writer, TestMessages.simple("second", "<s@example.com>"), PLAIN, null),
                    request(writer, TestMessages.simple("third", "<t@example.com>"), PLAIN, null)));

            assertThat(reader.list(folder, null, 10).items()).extracting(ItemRef::subject)
                    .containsExactlyInAnyOrder("first", "second", "third");
            FolderState state = reader.state(folder);
            assertThat(reader.list(folder, null, 10, state).items()).extracting(ItemRef::subject)
                    .containsExactlyInAnyOrder("first", "second", "third");
        }
    }

    /**
     * Small target folders listed whole (verification lists them so, one round trip on IMAP): each folder gets the page
     * it lists alone, items written by another session included; a folder that grew past the limit since its state
     * was read gets null.
     */
    @Test
    default void listWholeShouldGiveEachSmallFolderThePageItListsAlone() throws Exception {
        MailboxFixture fx = fixture();
        MailboxAccess.Login login = fx.newMailbox();
        try (TargetMailbox reader = fx.openTarget(login); TargetMailbox writer = fx.openTarget(login)) {
            MailFolder work = reader.ensureFolder(List.of("Work"));
            MailFolder grown = reader.ensureFolder(List.of("Grown"));
            reader.write(work, List.of(request(reader, TestMessages.simple("w0", "<w0@example.com>"), PLAIN, null)));
            reader.write(grown, List.of(request(reader, TestMessages.simple("g0", "<g0@example.com>"), PLAIN, null)));
            reader.list(work, null, 10); // the session has read Work: its view must not hide what follows
            List<FolderState> known = reader.states(List.of(work, grown));
            writer.write(writer.ensureFolder(List.of("Work")), List.of(
                    request(writer, TestMessages.simple("w1", "<w1@example.com>"), PLAIN, null)));
            List<WriteRequest> more = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                more.add(request(writer, TestMessages.simple("g" + i, "<g" + i + "@example.com>"), PLAIN, null));
            }
            writer.write(writer.ensureFolder(List.of("Grown")), more);

            List<Page<ItemRef>> pages = reader.listWhole(List.of(work, grown), 5, known);

            assertThat(pages).hasSize(2);
            assertThat(pages.get(0)).as("Work").isNotNull();
            assertThat(pages.get(0).items()).extracting(ItemRef::subject).containsExactlyInAnyOrder("w0", "w1");
            assertThat(pages.get(0).items()).extracting(ItemRef::id).containsExactlyElementsOf(
                    reader.list(work, null, 5).items().stream().map(ItemRef::id).toList());
            assertThat(pages.get(1)).as("Grown: six items now, more than the limit").isNull();
        }
    }

    /**
     * Ids, sizes and states listed apart ({@link TargetMailbox#listStates}, {@link TargetMailbox#listWholeStates}:
     * verification's first look at a target folder) give the full listing's items in its pages, each with the same id,
     * order, kind, size, state and stamp.
     */
    @Test
    default void listStatesShouldGiveTheFullListingsIdsSizesAndStatesPageByPage() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("States"));
            MailFolder small = target.ensureFolder(List.of("Small"));
            ItemState read = new ItemState(true, false, false, false, false, false, Set.of());
            ItemState flagged = new ItemState(false, true, true, false, false, false, Set.of("Work"));
            target.write(folder, List.of(request(target, TestMessages.simple("s0", "<s0@example.com>"), read, null),
                    request(target, TestMessages.simple("s1", null), flagged, null),
                    request(target, TestMessages.simple("s2", "<s2@example.com>"), PLAIN, null)));
            target.write(small, List.of(request(target, TestMessages.simple("t0", "<t0@example.com>"), flagged,
                    null)));
            FolderState state = target.state(folder);

            assertThat(StatesListings.assertSamePages(target, folder, 2, state)).isEqualTo(3);
            List<MailFolder> both = List.of(folder, small);
            assertThat(target.listWhole(both, 5, target.states(both)).get(1)).as("one item, listed whole").isNotNull();
            StatesListings.assertSameWholePages(target, both, 5, target.states(both));
        }
    }

    /** A round trip that reads nothing: a duration (or -1, unknown), and the session goes on as before. */
    @Test
    default void roundTripShouldReadNothingAndKeepTheSessionUsable() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Work"));
            target.write(folder, List.of(request(target, TestMessages.simple("r0", "<r0@example.com>"), PLAIN, null)));

            long took = target.roundTrip();

            assertThat(took == -1 || took >= 0).as("a duration or -1: " + took).isTrue();
            assertThat(target.list(folder, null, 10).items()).extracting(ItemRef::subject).containsExactly("r0");
        }
    }

    @Test
    default void deleteShouldRemoveExactlyTheGivenItems() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Work"));
            List<WriteRequest> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                requests.add(request(target, TestMessages.simple("d" + i, "<d" + i + "@example.com>"), PLAIN, null));
            }
            target.write(folder, requests);
            List<ItemRef> listed = target.list(folder, null, 10).items();
            target.delete(folder, List.of(bySubject(listed, "d1").id(), bySubject(listed, "d3").id()));
            assertThat(target.list(folder, null, 10).items()).extracting(ItemRef::subject)
                    .containsExactlyInAnyOrder("d0", "d2");
        }
    }

    @Test
    default void arrivedShouldNameExactlyTheInterruptedWritesThatReachedTheFolder() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Resume"));
            target.write(folder, List.of(request(target, TestMessages.simple("earlier", "<e@example.com>"), PLAIN,
                    null)));
            String earlierId = target.list(folder, null, 10).items().get(0).id();
            String mark = target.writeMark(folder);
            byte[] twin = TestMessages.simple("twin", "<twin@example.com>");
            List<WriteRequest> sent = List.of(
                    request(target, twin, PLAIN, null, "s-1"),
                    request(target, twin, PLAIN, null, "s-2"),
                    request(target, TestMessages.simple("other", null), PLAIN, null, "s-3"));
            target.write(folder, sent); // the ledger never heard back: a crash came between
            WriteRequest lost = request(target, TestMessages.simple("lost", "<lost@example.com>"), PLAIN, null,
                    "s-4");
            List<PendingWrite> pending = new ArrayList<>();
            for (WriteRequest r : List.of(sent.get(0), sent.get(1), sent.get(2), lost)) {
                pending.add(new PendingWrite(mark, r.content().contentHash(), r.content().size(),
                        (r == sent.get(2) ? "hdr:x" : "mid:" + (r == lost ? "<lost@example.com>" : "<twin@example.com>")),
                        r.stamp()));
            }
            List<ItemRef> listed = target.list(folder, null, 10).items();
            List<String> twins = listed.stream().filter(i -> "twin".equals(i.subject())).map(ItemRef::id).toList();

            List<String> arrived = target.arrived(folder, pending, Set.of(earlierId));

            assertThat(arrived).hasSize(4);
            assertThat(arrived.subList(0, 2)).as("two identical messages are two items")
                    .containsExactlyInAnyOrderElementsOf(twins);
            assertThat(arrived.get(2)).isEqualTo(bySubject(listed, "other").id());
            assertThat(arrived.get(3)).as("never written").isNull();
            assertThat(arrived).doesNotContain(earlierId);

            List<String> again = target.arrived(folder, pending, Set.copyOf(twins));
            assertThat(again.subList(0, 2)).as("items the ledger holds already are never answered")
                    .containsOnlyNulls();
        }
    }

    @Test
    default void provenGoneShouldHoldForAnItemDeletedAfterTheMark() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Gone"));
            target.write(folder, List.of(
                    request(target, TestMessages.simple("stays", "<st@example.com>"), PLAIN, null),
                    request(target, TestMessages.simple("goes", "<go@example.com>"), PLAIN, null)));
            List<ItemRef> listed = target.list(folder, null, 10).items();
            String goes = bySubject(listed, "goes").id();
            target.delete(folder, List.of(goes));
            FolderState after = target.state(folder);
            assertThat(target.list(folder, null, 10).items()).extracting(ItemRef::id).doesNotContain(goes);
            assertThat(target.provenGone(after.mark(), goes)).isTrue();
        }
    }
}
