package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bodies of a batch mixing small messages and messages of several MiB, read from a real server in one pipelined
 * round trip ({@link ImapBatchFetch}): byte for byte what was appended, whatever the listed sizes say, and a message
 * another session expunged meanwhile fails alone. Run against GreenMail and Dovecot.
 */
interface ImapBatchFetchContract {
    MailboxFixture fixture();

    int MIB = 1 << 20;

    @Test
    default void batchOfSmallAndLargeBodiesShouldArriveByteExact() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        Map<String, byte[]> seeded = seed(fx, login, List.of(
                TestMessages.simple("s1", "<s1@example.com>"), TestMessages.large("l1", 1_200_000),
                TestMessages.simple("s2", "<s2@example.com>"), TestMessages.large("l2", 3_300_000),
                TestMessages.large("l3", 4 * MIB - 2_000), TestMessages.simple("s3", "<s3@example.com>"),
                TestMessages.large("l4", 4 * MIB + 300_000), TestMessages.large("l5", 9 * MIB - 600),
                TestMessages.large("m1", 300_000)));
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = inbox(source);
            List<ItemRef> items = source.list(inbox, null, 50).items();

            Fetched f = fetch(source, inbox, items);

            assertThat(f.errors).isEmpty();
            assertExact(f, seeded);
            // up to 4 MiB as listed: fetched whole with the others, in memory; above: 1 MiB chunks into a spool file
            assertThat(items.stream().filter(i -> i.messageId().equals("<large-l3@example.com>")).findFirst()
                    .orElseThrow().size()).isLessThanOrEqualTo(ImapConnectionConfig.WHOLE_BODY);
            assertThat(f.spooled).containsExactlyInAnyOrder("<large-l4@example.com>", "<large-l5@example.com>");
        }
    }

    @Test
    default void bodiesListedTooSmallOrTooLargeShouldArriveWhole() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        Map<String, byte[]> seeded = seed(fx, login, List.of(
                TestMessages.large("short", 9_300_000), TestMessages.large("long", 1_500_000),
                TestMessages.simple("tiny", "<tiny@example.com>"), TestMessages.large("grouped", 2_500_000),
                TestMessages.large("edge", 3_300_000)));
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = inbox(source);
            Map<String, Long> listed = Map.of("<large-short@example.com>", 4L * MIB + 200_000,
                    "<large-long@example.com>", 6L * MIB, "<tiny@example.com>", 5L * MIB,
                    "<large-grouped@example.com>", 500_000L,
                    "<large-edge@example.com>", (long) ImapConnectionConfig.WHOLE_BODY);
            List<ItemRef> items = source.list(inbox, null, 50).items().stream()
                    .map(i -> sized(i, listed.get(i.messageId()))).toList();

            Fetched f = fetch(source, inbox, items);

            assertThat(f.errors).isEmpty();
            assertExact(f, seeded);
            // listed at exactly the line: fetched whole, in memory; listed above it: chunks into a spool file
            assertThat(f.spooled).containsExactlyInAnyOrder("<large-short@example.com>", "<large-long@example.com>",
                    "<tiny@example.com>");
        }
    }

    @Test
    default void messagesExpungedByAnotherSessionMeanwhileShouldFailAloneWhileTheOthersArrive() throws Exception {
        MailboxFixture fx = fixture();
        Login login = fx.newMailbox();
        Map<String, byte[]> seeded = seed(fx, login, List.of(
                TestMessages.simple("a", "<a@example.com>"), TestMessages.large("gone", 4 * MIB + 500_000),
                TestMessages.simple("b", "<b@example.com>"), TestMessages.large("kept", 1_500_000),
                TestMessages.simple("c", "<c@example.com>")));
        List<ItemRef> items;
        try (SourceMailbox lister = fx.openSource(login)) {
            items = lister.list(inbox(lister), null, 50).items();
        }
        try (SourceMailbox other = fx.openSource(login)) {
            other.delete(inbox(other), items.stream().filter(i -> List.of("<b@example.com>",
                    "<large-gone@example.com>").contains(i.messageId())).map(ItemRef::id).toList());
        }
        // a session that selects the folder after the expunge (as after a reconnect): one that had it selected may
        // still be served an expunged message until it hears of the expunge, which is the server's timing
        try (SourceMailbox source = fx.openSource(login)) {
            MailFolder inbox = inbox(source);

            Fetched f = fetch(source, inbox, items);

            assertThat(f.errors.keySet()).containsExactlyInAnyOrder("<b@example.com>", "<large-gone@example.com>");
            assertThat(f.errors.values()).allSatisfy(e -> {
                assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM);
                assertThat(e.getMessage()).startsWith("Source");
            });
            seeded.remove("<b@example.com>");
            seeded.remove("<large-gone@example.com>");
            assertExact(f, seeded);
        }
    }

    private static Map<String, byte[]> seed(MailboxFixture fx, Login login, List<byte[]> messages) {
        Map<String, byte[]> byMessageId = new LinkedHashMap<>();
        for (byte[] raw : messages) {
            fx.seed(login, List.of("INBOX"), raw, ItemState.NONE, null);
            String text = new String(raw, 0, Math.min(raw.length, 2000), java.nio.charset.StandardCharsets.US_ASCII);
            int at = text.indexOf("Message-ID: ") + "Message-ID: ".length();
            byMessageId.put(text.substring(at, text.indexOf("\r\n", at)), raw);
        }
        return byMessageId;
    }

    private static MailFolder inbox(SourceMailbox source) throws MailboxException {
        return source.folders().stream().filter(f -> f.displayPath().equals("INBOX")).findFirst().orElseThrow();
    }

    private static ItemRef sized(ItemRef i, long size) {
        return new ItemRef(i.id(), i.order(), i.kind(), size, i.received(), i.state(), i.messageId(),
                i.headerDigest(), i.subject(), i.sentDate(), i.stamp());
    }

    private static void assertExact(Fetched f, Map<String, byte[]> seeded) throws Exception {
        assertThat(f.bodies.keySet()).containsExactlyInAnyOrderElementsOf(seeded.keySet());
        for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
            assertThat(f.bodies.get(e.getKey())).as("body of %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(f.hashes.get(e.getKey())).as("content hash of %s", e.getKey())
                    .isEqualTo(ContentHash.of(e.getValue()));
        }
        assertThat(f.handed).as("each item handed over once").doesNotHaveDuplicates();
    }

    /** What a fetch handed over, by Message-ID. */
    final class Fetched {
        final Map<String, byte[]> bodies = new LinkedHashMap<>();
        final Map<String, String> hashes = new LinkedHashMap<>();
        final Map<String, MailboxException> errors = new LinkedHashMap<>();
        final List<String> spooled = new ArrayList<>();
        final List<String> handed = new ArrayList<>();
    }

    private static Fetched fetch(SourceMailbox source, MailFolder folder, List<ItemRef> items) throws Exception {
        Fetched f = new Fetched();
        source.fetch(folder, items, (item, content, error) -> {
            f.handed.add(item.messageId());
            if (error != null) {
                f.errors.put(item.messageId(), error);
                return;
            }
            try (content; var in = content.open()) {
                f.bodies.put(item.messageId(), in.readAllBytes());
                f.hashes.put(item.messageId(), content.contentHash());
                if (content instanceof BufferedContent b && b.spooled()) {
                    f.spooled.add(item.messageId());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return f;
    }
}
