package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.BodyBuffers;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bodies of a batch in one round trip ({@link ImapBatchFetch}), against a server that answers only once it has
 * read the whole burst of commands it expects: a client waiting between commands shows as more bursts. The first
 * fetch of a session selects the folder first, a round trip of its own.
 */
class ImapBatchFetchTest {
    private static final int MIB = 1 << 20;
    /** The round trip of the EXAMINE before a session's first fetch. */
    private static final int EXAMINE = 1;

    @Test
    void batchShouldBeOneRoundTripWithEveryBodyExact() throws Exception {
        Map<Long, byte[]> inbox = new LinkedHashMap<>();
        for (long uid = 1; uid <= 5; uid++) {
            inbox.put(uid, message(uid, (int) (uid * 40_000)));
        }
        inbox.put(6L, message(6, 4 * MIB + 500_000));
        inbox.put(7L, message(7, 30_000));
        inbox.put(8L, message(8, 6 * MIB));
        inbox.put(9L, message(9, 3_400_000));
        inbox.put(10L, message(10, 5_000_000));
        // a group for 1-5, 5 chunks for 6, a group for 7, 7 for 8 (the seventh empty: that ends it), a group for 9
        // (up to 4 MiB a body is fetched whole), 5 chunks for 10
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of());
                SourceMailbox source = open(server)) {
            MailFolder folder = source.folders().get(0);
            server.expect(EXAMINE, 20);
            Fetched f = fetch(source, folder, refs(inbox));

            assertThat(f.errors).isEmpty();
            assertExact(f, inbox);
            assertThat(server.bursts()).as("commands read before each answer").containsExactly(EXAMINE, 20);
        }
    }

    @Test
    void bodyLongerThanListedShouldBeReadOnUntilAChunkComesBackShort() throws Exception {
        Map<Long, byte[]> inbox = Map.of(1L, message(1, 4 * MIB + 3_400_000), 2L, message(2, 20_000));
        List<ItemRef> refs = List.of(ref(1, 4 * MIB + 1_200_000), ref(2, 20_000));
        // 6 chunks as listed and the group, then 4 chunks past the listed size (the second is short)
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of());
                SourceMailbox source = open(server)) {
            MailFolder folder = source.folders().get(0);
            server.expect(EXAMINE, 7, 4);
            Fetched f = fetch(source, folder, refs);

            assertThat(f.errors).isEmpty();
            assertExact(f, inbox);
            assertThat(server.bursts()).containsExactly(EXAMINE, 7, 4);
        }
    }

    @Test
    void bodyShorterThanListedShouldEndAtItsFirstShortChunkWhateverTheServerSaysPastIt() throws Exception {
        Map<Long, byte[]> inbox = Map.of(1L, message(1, 1_500_000), 2L, message(2, 20_000));
        List<ItemRef> refs = List.of(ref(1, 6 * MIB), ref(2, 5 * MIB));
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of())) {
            server.refusePastEnd();
            try (SourceMailbox source = open(server)) {
                MailFolder folder = source.folders().get(0);
                server.expect(EXAMINE, 7 + 6);
                Fetched f = fetch(source, folder, refs);

                assertThat(f.errors).as("refusals past the end are not the message's").isEmpty();
                assertExact(f, inbox);
                assertThat(server.bursts()).containsExactly(EXAMINE, 13);
            }
        }
    }

    @Test
    void bodyOfWholeChunksShouldEndAtItsListedSizeWhenTheServerRefusesToReadPastIt() throws Exception {
        Map<Long, byte[]> inbox = Map.of(1L, message(1, 5 * MIB));
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of())) {
            server.refusePastEnd();
            try (SourceMailbox source = open(server)) {
                MailFolder folder = source.folders().get(0);
                server.expect(EXAMINE, 6);
                Fetched f = fetch(source, folder, refs(inbox));

                assertThat(f.errors).isEmpty();
                assertExact(f, inbox);
                assertThat(server.bursts()).containsExactly(EXAMINE, 6);
            }
        }
    }

    @Test
    void messagesGoneMeanwhileShouldFailAloneWhileTheOthersArrive() throws Exception {
        Map<Long, byte[]> inbox = new LinkedHashMap<>();
        inbox.put(1L, message(1, 10_000));
        inbox.put(3L, message(3, 4 * MIB + 2_500_000));
        inbox.put(6L, message(6, 10_000));
        // 2: small, expunged by another session (its group ends in NO); 4: large, expunged (its chunks refused);
        // 5: large, gone without a word (its chunks come back OK and empty-handed)
        List<ItemRef> refs = List.of(ref(1, 10_000), ref(2, 10_000), ref(3, 4 * MIB + 2_500_000),
                ref(4, 4 * MIB + 1_500_000), ref(5, 4 * MIB + 1_500_000), ref(6, 10_000));
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of(2L, 4L));
                SourceMailbox source = open(server)) {
            MailFolder folder = source.folders().get(0);
            server.expect(EXAMINE, 1 + 7 + 6 + 6 + 1);
            Fetched f = fetch(source, folder, refs);

            assertExact(f, inbox);
            assertThat(f.errors.keySet()).containsExactlyInAnyOrder(2L, 4L, 5L);
            assertThat(f.errors.values()).allSatisfy(e -> {
                assertThat(e.kind()).isEqualTo(Kind.ITEM);
                assertThat(e.getMessage()).startsWith("Source");
            });
            assertThat(f.errors.get(2L).getMessage()).contains("could not be FETCHed");
            assertThat(f.errors.get(4L).getMessage()).contains("no longer exist");
            assertThat(f.errors.get(5L).getMessage()).contains("deleted meanwhile");
            // gone for sure: refused with RFC 5530's EXPUNGEISSUED, or skipped by a fetch that ended well
            assertThat(f.errors.get(4L).itemGone()).isTrue();
            assertThat(f.errors.get(5L).itemGone()).isTrue();
            assertThat(f.errors.get(2L).itemGone()).as("a plain NO proves nothing").isFalse();
            assertThat(server.bursts()).containsExactly(EXAMINE, 21);
        }
    }

    @Test
    void throttlingRefusalShouldFailTheWholeFetchAndLeaveTheConnectionInStep() throws Exception {
        Map<Long, byte[]> inbox = new LinkedHashMap<>();
        inbox.put(1L, message(1, 10_000));
        inbox.put(2L, message(2, 4 * MIB + 2_500_000));
        inbox.put(3L, message(3, 10_000));
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of())) {
            server.throttleOnce();
            try (SourceMailbox source = open(server)) {
                MailFolder folder = source.folders().get(0);
                server.expect(EXAMINE, 9, 9);
                assertThatThrownBy(() -> fetch(source, folder, refs(inbox)))
                        .isInstanceOfSatisfying(MailboxException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.THROTTLED));

                Fetched again = fetch(source, folder, refs(inbox));
                assertThat(again.errors).isEmpty();
                assertExact(again, inbox);
                assertThat(server.bursts()).containsExactly(EXAMINE, 9, 9);
            }
        }
    }

    @Test
    void handlerFailureShouldStopTheFetchAndLeaveTheConnectionInStep() throws Exception {
        Map<Long, byte[]> inbox = new LinkedHashMap<>();
        inbox.put(1L, message(1, 10_000));
        inbox.put(2L, message(2, 4 * MIB + 2_500_000));
        inbox.put(3L, message(3, 10_000));
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of());
                SourceMailbox source = open(server)) {
            MailFolder folder = source.folders().get(0);
            server.expect(EXAMINE, 9, 9);
            MailboxException refused = new MailboxException(Kind.FATAL, "the handler gives up");
            List<Long> offered = new ArrayList<>();
            assertThatThrownBy(() -> source.fetch(folder, refs(inbox), (item, content, error) -> {
                offered.add(item.order());
                content.close();
                throw refused;
            })).isSameAs(refused);
            assertThat(offered).as("nothing handed over after the handler failed").containsExactly(1L);

            Fetched again = fetch(source, folder, refs(inbox));
            assertThat(again.errors).isEmpty();
            assertExact(again, inbox);
            assertThat(server.bursts()).containsExactly(EXAMINE, 9, 9);
        }
    }

    @Test
    void bodiesHeldPastTheirFetchShouldKeepReusedArraysOfTheirOwnUntilClosed() throws Exception {
        Map<Long, byte[]> inbox = new LinkedHashMap<>();
        for (long uid = 1; uid <= 12; uid++) {
            inbox.put(uid, message(uid, uid % 3 == 0 ? 8_000 : 60_000 + (int) uid * 1000)); // pooled from 16 KiB
        }
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(inbox, Set.of());
                SourceMailbox source = open(server)) {
            MailFolder folder = source.folders().get(0);
            for (int round = 0; round < 2; round++) { // the second round reads into the arrays the first gave back
                Map<Long, BufferedContent> held = new LinkedHashMap<>();
                source.fetch(folder, refs(inbox), (item, content, error) -> held.put(item.order(),
                        (BufferedContent) content));
                try {
                    for (Map.Entry<Long, byte[]> e : inbox.entrySet()) {
                        BufferedContent c = held.get(e.getKey());
                        assertThat(c.pooled()).as("UID %d in a reused array (where the JVM keeps any)", e.getKey())
                                .isEqualTo(e.getValue().length >= BodyBuffers.MIN_POOLED
                                        && BodyBuffers.shared().keeps());
                        try (var in = c.open()) {
                            assertThat(in.readAllBytes()).as("UID %d, round %d", e.getKey(), round)
                                    .isEqualTo(e.getValue());
                        }
                    }
                } finally {
                    held.values().forEach(BufferedContent::close);
                }
                assertThat(BodyBuffers.shared().keptBytes() > 0).as("the arrays given back")
                        .isEqualTo(BodyBuffers.shared().keeps());
            }
        }
    }

    private static void assertExact(Fetched f, Map<Long, byte[]> inbox) throws Exception {
        assertThat(f.bodies.keySet()).containsExactlyInAnyOrderElementsOf(inbox.keySet());
        for (Map.Entry<Long, byte[]> e : inbox.entrySet()) {
            assertThat(f.bodies.get(e.getKey())).as("body of UID %d", e.getKey()).isEqualTo(e.getValue());
            assertThat(f.hashes.get(e.getKey())).as("content hash of UID %d", e.getKey())
                    .isEqualTo(ContentHash.of(e.getValue()));
        }
        assertThat(f.deliveries).as("each item handed over once").doesNotHaveDuplicates();
    }

    /** What a fetch handed over, by UID. */
    private static final class Fetched {
        final Map<Long, byte[]> bodies = new LinkedHashMap<>();
        final Map<Long, String> hashes = new LinkedHashMap<>();
        final Map<Long, MailboxException> errors = new LinkedHashMap<>();
        final List<Long> deliveries = new ArrayList<>();
    }

    private static Fetched fetch(SourceMailbox source, MailFolder folder, List<ItemRef> refs) throws Exception {
        Fetched f = new Fetched();
        source.fetch(folder, refs, (item, content, error) -> {
            f.deliveries.add(item.order());
            if (error != null) {
                f.errors.put(item.order(), error);
                return;
            }
            try (content; var in = content.open()) {
                f.bodies.put(item.order(), in.readAllBytes());
                f.hashes.put(item.order(), content.contentHash());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return f;
    }

    private static SourceMailbox open(HeldAnswersImapServer server) throws MailboxException {
        return new ImapMailboxAccess(new ImapSettings("127.0.0.1", server.port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, "anna", null, null), new Secret("pw"), ConnectionRole.SOURCE)
                .openSource(new MailboxAccess.Login("anna", null, null));
    }

    private static List<ItemRef> refs(Map<Long, byte[]> inbox) {
        return inbox.entrySet().stream().map(e -> ref(e.getKey(), e.getValue().length)).toList();
    }

    private static ItemRef ref(long uid, long listedSize) {
        return new ItemRef("9:" + uid, uid, ItemKind.MESSAGE, listedSize, null, ItemState.NONE, null, null, null,
                null, null);
    }

    /** Numbered lines naming the message, so that any byte out of place or from another message shows. */
    private static byte[] message(long uid, int size) {
        StringBuilder sb = new StringBuilder("Subject: message " + uid + "\r\n\r\n");
        for (int line = 0; sb.length() < size; line++) {
            sb.append("message ").append(uid).append(" line ").append(line).append("\r\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
