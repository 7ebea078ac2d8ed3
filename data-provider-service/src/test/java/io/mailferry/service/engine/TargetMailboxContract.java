package io.mailferry.service.engine;

import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.MailboxAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link TargetMailbox} guarantees; implemented by one test class per implementation and server. */
public interface TargetMailboxContract {
    MailboxFixture fixture();

    private static WriteRequest request(byte[] raw, Set<String> flags, Instant date) {
        return new WriteRequest(null, BufferedContent.of(raw), flags, date);
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

    @Test
    default void ensureFolderShouldKeepFoldersApartThatDifferOnlyByCaseExactlyWhenTheTargetSaysItDoes()
            throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder upper = target.ensureFolder(List.of("Work"));
            MailFolder lower = target.ensureFolder(List.of("work"));
            boolean apart = !lower.path().equals(upper.path());
            // the folder mapper trusts this answer to decide between two folders and "work (2)"
            assertThat(target.folderNamesCaseSensitive()).as("reported case sensitivity").isEqualTo(apart);
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
    default void appendShouldKeepBytesFlagsAndInternalDate() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Copied"));
            FolderState before = target.state(folder);
            Instant date = Instant.parse("2018-01-02T03:04:05Z");
            List<WriteRequest> requests = List.of(
                    request(TestMessages.simple("one", "<1@example.com>"), Set.of("\\Seen", "$Forwarded"), date),
                    request(TestMessages.simple("two", "<2@example.com>"), Set.of("\\Flagged", "\\Answered"), date),
                    request(TestMessages.simple("three", null), Set.of(), date));
            List<WriteResult> results = target.append(folder, requests);
            assertThat(results).hasSize(3).allMatch(WriteResult::ok);
            List<ItemRef> listed = target.list(folder, null, 10).items();
            assertThat(listed).extracting(ItemRef::subject).containsExactly("one", "two", "three");
            assertThat(listed.get(0).flags()).containsExactlyInAnyOrder("\\Seen", "$Forwarded");
            assertThat(listed.get(1).flags()).containsExactlyInAnyOrder("\\Flagged", "\\Answered");
            assertThat(listed).extracting(ItemRef::internalDate).containsOnly(date);
            if (fx.reportsAppendUids()) {
                assertThat(results).extracting(WriteResult::targetUid)
                        .containsExactlyElementsOf(listed.stream().map(ItemRef::uid).toList());
            }
            for (int i = 0; i < 3; i++) {
                assertThat(target.sha256(folder, listed.get(i).uid())).isEqualTo(requests.get(i).content().sha256());
            }
            assertThat(listed.get(2).headerDigest()).isEqualTo(HeaderDigest.of("Tue, 3 Mar 2020 10:15:00 +0100",
                    "Alice Example <alice@example.com>", "Bob <bob@example.com>, Carol <carol@example.com>",
                    "dave@example.com", "three", requests.get(2).content().size()));
            assertThat(target.state(folder).messageCount()).isEqualTo(before.messageCount() + 3);
            assertThat(target.listFrom(folder, listed.get(1).uid())).extracting(ItemRef::subject)
                    .containsExactly("two", "three");
            assertThat(target.listFrom(folder, listed.get(2).uid() + 1)).isEmpty();
        }
    }

    @Test
    default void setFlagsShouldReplaceFlagsAndKeywordsOfExactlyTheGivenMessages() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Flags"));
            Instant date = Instant.parse("2018-01-02T03:04:05Z");
            target.append(folder, List.of(
                    request(TestMessages.simple("one", "<f1@example.com>"), Set.of("\\Flagged", "Old"), date),
                    request(TestMessages.simple("two", "<f2@example.com>"), Set.of("\\Seen"), date),
                    request(TestMessages.simple("three", "<f3@example.com>"), Set.of(), date)));
            List<Long> uids = target.list(folder, null, 10).items().stream().map(ItemRef::uid).toList();

            target.setFlags(folder, Set.of("\\Seen", "\\Answered", "$Forwarded", "\\Recent"),
                    List.of(uids.get(0), uids.get(2)));
            target.setFlags(folder, Set.of(), List.of(uids.get(1)));

            List<ItemRef> listed = target.list(folder, null, 10).items();
            assertThat(listed.get(0).flags()).containsExactlyInAnyOrder("\\Seen", "\\Answered", "$Forwarded");
            assertThat(listed.get(1).flags()).isEmpty();
            assertThat(listed.get(2).flags()).containsExactlyInAnyOrder("\\Seen", "\\Answered", "$Forwarded");
            target.setFlags(folder, Set.of("\\Seen"), List.of(uids.get(2) + 100)); // gone UIDs are ignored
        }
    }

    @Test
    default void appendShouldStreamALargeMessage() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            byte[] large = TestMessages.large("big", 5 * 1024 * 1024);
            try (BufferedContent content = BufferedContent.read(new java.io.ByteArrayInputStream(large))) {
                assertThat(content.spooled()).isTrue();
                List<WriteResult> results = target.append(inbox,
                        List.of(new WriteRequest(null, content, Set.of("\\Seen"), null)));
                assertThat(results).singleElement().matches(WriteResult::ok);
                ItemRef item = target.list(inbox, null, 10).items().get(0);
                assertThat(item.size()).isEqualTo(large.length);
                assertThat(target.sha256(inbox, item.uid())).isEqualTo(content.sha256());
            }
        }
    }

    @Test
    default void appendShouldRejectOneMessageWithoutFailingTheOthers() throws Exception {
        MailboxFixture fx = fixture();
        assumeTrue(fx.rejectedMessage() != null, "no message known that this server refuses");
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder inbox = target.ensureFolder(List.of("INBOX"));
            List<WriteResult> results = target.append(inbox, List.of(
                    request(TestMessages.simple("before", "<b@example.com>"), Set.of(), null),
                    request(fx.rejectedMessage(), Set.of(), null),
                    request(TestMessages.simple("after", "<a@example.com>"), Set.of(), null)));
            assertThat(results).extracting(WriteResult::ok).containsExactly(true, false, true);
            assertThat(results.get(1).error()).isNotBlank();
            assertThat(target.list(inbox, null, 10).items()).extracting(ItemRef::subject)
                    .containsExactly("before", "after");
        }
    }

    @Test
    default void deleteShouldRemoveExactlyTheGivenMessages() throws Exception {
        MailboxFixture fx = fixture();
        try (TargetMailbox target = fx.openTarget(fx.newMailbox())) {
            MailFolder folder = target.ensureFolder(List.of("Work"));
            List<WriteRequest> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                requests.add(request(TestMessages.simple("d" + i, "<d" + i + "@example.com>"), Set.of(), null));
            }
            target.append(folder, requests);
            List<ItemRef> listed = target.list(folder, null, 10).items();
            target.delete(folder, List.of(listed.get(1).uid(), listed.get(3).uid()));
            assertThat(target.list(folder, null, 10).items()).extracting(ItemRef::subject)
                    .containsExactly("d0", "d2");
        }
    }
}
