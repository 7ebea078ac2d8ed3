package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.HeaderDigest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every {@link SourceMailbox} guarantees; implemented by one test class per implementation and server. */
public interface SourceMailboxContract {
    MailboxFixture fixture();

    private static MailFolder folder(List<MailFolder> folders, String displayPath) {
        return folders.stream().filter(f -> f.displayPath().equals(displayPath)).findFirst()
                .orElseThrow(() -> new AssertionError(displayPath + " not in " + folders));
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    default void foldersShouldListNestedAndNonAsciiNamesWithParentsFirst() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        char other = fx.separator() == '/' ? '.' : '/';
        fx.createFolder(login, List.of("Projects", "Überblick"));
        fx.createFolder(login, List.of("日本語"));
        fx.createFolder(login, List.of("Q1" + other + "2024"));
        try (SourceMailbox source = fx.openSource(login)) {
            List<MailFolder> folders = source.folders();
            List<String> paths = folders.stream().map(MailFolder::displayPath).toList();
            assertThat(paths).contains("INBOX", "Projects", "Projects/Überblick", "日本語", "Q1" + other + "2024");
            assertThat(paths.indexOf("Projects")).isLessThan(paths.indexOf("Projects/Überblick"));
            assertThat(folders.get(0).type()).isEqualTo(FolderType.INBOX);
            assertThat(folder(folders, "Projects/Überblick").path()).containsExactly("Projects", "Überblick");
            assertThat(folder(folders, "Q1" + other + "2024").path()).hasSize(1);
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
    default void listShouldPageInAscendingUidOrderWithCursor() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        for (int i = 0; i < 7; i++) {
            fx.seed(login, List.of("INBOX"), TestMessages.simple("m" + i, "<m" + i + "@example.com>"), Set.of(), null);
        }
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> all = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String cursor = null;
            do {
                Page<ItemRef> page = source.list(inbox, cursor, 3);
                all.addAll(page.items());
                sizes.add(page.items().size());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(sizes.subList(0, 3)).containsExactly(3, 3, 1);
            assertThat(all).extracting(ItemRef::messageId)
                    .containsExactly("<m0@example.com>", "<m1@example.com>", "<m2@example.com>", "<m3@example.com>",
                            "<m4@example.com>", "<m5@example.com>", "<m6@example.com>");
            assertThat(all).extracting(ItemRef::uid).isSorted().doesNotHaveDuplicates();
            assertThat(all.get(0).subject()).isEqualTo("m0");
            assertThat(source.state(inbox).messageCount()).isEqualTo(7);
            assertThat(source.state(inbox).uidNext()).isGreaterThan(all.get(6).uid());
            assertThat(source.state(inbox).uidValidity()).isPositive();
        }
    }

    @Test
    default void listShouldFailForAMissingFolderAndKeepTheSessionUsable() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        for (int i = 0; i < 2; i++) {
            fx.seed(login, List.of("INBOX"), TestMessages.simple("m" + i, "<m" + i + "@example.com>"), Set.of(), null);
        }
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            assertThat(source.list(inbox, null, 10).items()).hasSize(2);
            MailFolder gone = new MailFolder("Gone" + System.nanoTime(), List.of("Gone"), fx.separator(),
                    FolderType.OTHER, true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.list(gone, null, 10))
                    .isInstanceOf(MailboxException.class);
            // a failed EXAMINE leaves no folder selected: the next listing must select INBOX again
            assertThat(source.list(inbox, null, 10).items()).extracting(ItemRef::messageId)
                    .containsExactly("<m0@example.com>", "<m1@example.com>");
        }
    }

    @Test
    default void listShouldShowFlagsKeywordsAndInternalDate() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        Instant date = Instant.parse("2019-05-06T07:08:09Z");
        fx.seed(login, List.of("INBOX"), TestMessages.simple("flagged", "<f@example.com>"),
                Set.of("\\Seen", "\\Flagged", "\\Answered", "$Forwarded", "Work"), date);
        try (SourceMailbox source = fx.openSource(login)) {
            ItemRef item = source.list(folder(source.folders(), "INBOX"), null, 10).items().get(0);
            assertThat(item.flags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged", "\\Answered", "$Forwarded",
                    "Work");
            assertThat(item.internalDate()).isEqualTo(date);
            assertThat(item.sentDate()).isEqualTo(Instant.parse("2020-03-03T09:15:00Z"));
        }
    }

    @Test
    default void fetchShouldDeliverByteIdenticalBodiesSmallAndLarge() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        byte[] small = TestMessages.simple("small", "<s@example.com>");
        byte[] large = TestMessages.large("large", 5 * 1024 * 1024);
        fx.seed(login, List.of("INBOX"), small, Set.of(), null);
        fx.seed(login, List.of("INBOX"), large, Set.of(), null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("third", "<t@example.com>"), Set.of(), null);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            List<String> hashes = new ArrayList<>();
            List<Boolean> spooled = new ArrayList<>();
            source.fetch(inbox, items, (item, content, error) -> {
                assertThat(error).isNull();
                hashes.add(content.sha256());
                spooled.add(content instanceof BufferedContent b && b.spooled());
                assertThat(content.size()).isEqualTo(item.size());
            });
            assertThat(hashes).hasSize(3);
            assertThat(hashes.get(0)).isEqualTo(sha256(small));
            assertThat(hashes.get(1)).isEqualTo(sha256(large));
            assertThat(spooled).containsExactly(false, true, false);
        }
    }

    @Test
    default void fetchShouldReportAMessageDeletedMeanwhileAsItemError() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        fx.seed(login, List.of("INBOX"), TestMessages.simple("a", "<a@example.com>"), Set.of(), null);
        fx.seed(login, List.of("INBOX"), TestMessages.simple("b", "<b@example.com>"), Set.of(), null);
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = folder(source.folders(), "INBOX");
            List<ItemRef> items = source.list(inbox, null, 10).items();
            source.delete(inbox, List.of(items.get(0).uid()));
            List<MailboxException> errors = new ArrayList<>();
            List<String> delivered = new ArrayList<>();
            source.fetch(inbox, items, (item, content, error) -> {
                if (error != null) {
                    errors.add(error);
                } else {
                    delivered.add(item.messageId());
                }
            });
            assertThat(delivered).containsExactly("<b@example.com>");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM);
                assertThat(e.getMessage()).contains("UID " + items.get(0).uid());
            });
            assertThat(source.list(inbox, null, 10).items()).hasSize(1);
        }
    }

    @Test
    default void listShouldDigestHeadersOfMessageWithoutMessageId() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        byte[] raw = TestMessages.simple("no id", null);
        fx.seed(login, List.of("INBOX"), raw, Set.of(), null);
        try (SourceMailbox source = fx.openSource(login)) {
            ItemRef item = source.list(folder(source.folders(), "INBOX"), null, 10).items().get(0);
            assertThat(item.messageId()).isNull();
            assertThat(item.headerDigest()).isEqualTo(HeaderDigest.of("Tue, 3 Mar 2020 10:15:00 +0100",
                    "Alice Example <alice@example.com>", "Bob <bob@example.com>, Carol <carol@example.com>",
                    "dave@example.com", "no id", raw.length));
            assertThat(item.dedupKey()).startsWith("hdr:");
        }
    }
}
