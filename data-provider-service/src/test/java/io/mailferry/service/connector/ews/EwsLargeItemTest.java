package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large message read from and written to Exchange without being held in memory: the worker's thread, which runs the
 * HTTP exchange, allocates a small part of the message's size, where the library alone would hold its base64 text
 * as one string and the decoded bytes besides (several times the message). GetItem with MimeContent
 * (learn.microsoft.com/exchange/client-developer/web-service-reference/getitem-operation-email-message), plain and
 * gzip-compressed as IIS answers with dynamic compression on; CreateItem with MimeContent (createitem-operation-email-message).
 */
class EwsLargeItemTest {
    private static final int SIZE = 24 * 1024 * 1024;
    private static final byte[] MESSAGE = TestMessages.large("big", SIZE);
    private static final EwsFixture FIXTURE = new EwsFixture();
    private static final EwsDouble EWS = FIXTURE.ews;

    @BeforeAll
    static void acceptLargeItems() {
        EWS.maxItemBytes(EwsTargetMailbox.MAX_ITEM_BYTES);
    }

    @AfterAll
    static void stop() {
        EWS.close();
    }

    /** Bytes this thread allocated so far (HotSpot's count, which every JDK this builds with has). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLargeMessageShouldReachItsBufferWithoutBeingHeldInMemory(boolean compressed) throws Exception {
        Login login = FIXTURE.newMailbox();
        byte[] small = TestMessages.simple("small", "<small@example.com>");
        FIXTURE.seed(login, List.of("INBOX"), small, ItemState.NONE, null);
        FIXTURE.seed(login, List.of("INBOX"), MESSAGE, ItemState.NONE, null);
        EWS.compressAnswers(compressed);
        try (SourceMailbox source = FIXTURE.openSource(login)) {
            MailFolder inbox = source.folders().stream().filter(f -> f.displayPath().equals("INBOX")).findFirst()
                    .orElseThrow();
            List<ItemRef> refs = source.list(inbox, null, 10).items();
            long[] used = new long[2];
            List<MessageContent> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long before = allocated();
                source.fetch(inbox, List.of(refs.get(i)), (item, content, error) -> {
                    assertThat(error).isNull();
                    got.add(content);
                });
                used[i] = allocated() - before;
            }
            try (MessageContent c = got.get(0); MessageContent large = got.get(1)) {
                assertThat(c.contentHash()).isEqualTo(ContentHash.of(small));
                assertThat(large.size()).isEqualTo(MESSAGE.length);
                assertThat(large.contentHash()).isEqualTo(ContentHash.of(MESSAGE));
                assertThat(((BufferedContent) large).spooled()).isTrue();
            }
            // the first read (a small message) also pays for what any first call sets up
            assertThat(used[1]).as("bytes allocated reading a %d-byte message; %d for a small one",
                    MESSAGE.length, used[0]).isLessThan(Math.max(used[0], 0) + SIZE / 8);
        } finally {
            EWS.compressAnswers(false);
        }
    }

    @Test
    void aLargeMessageShouldBeSentFromItsBufferWithoutBeingHeldInMemory() throws Exception {
        Login login = FIXTURE.newMailbox();
        try (TargetMailbox target = FIXTURE.openTarget(login);
                BufferedContent small = BufferedContent.of(TestMessages.simple("small", "<small@example.com>"));
                BufferedContent content = BufferedContent.read(new ByteArrayInputStream(MESSAGE))) {
            MailFolder folder = target.ensureFolder(List.of("Imported"));
            long[] used = new long[2];
            List<WriteResult> results = new ArrayList<>();
            int i = 0;
            for (BufferedContent c : List.of(small, content)) {
                long before = allocated();
                results.addAll(target.write(folder, List.of(new WriteRequest(null, c, ItemState.NONE, null,
                        "stamp-" + i))));
                used[i++] = allocated() - before;
            }
            assertThat(results).extracting(WriteResult::ok).containsExactly(true, true);
            assertThat(used[1]).as("bytes allocated writing a %d-byte message; %d for a small one", MESSAGE.length,
                    used[0]).isLessThan(Math.max(used[0], 0) + SIZE / 8);
        }
        EwsDouble.Stored stored = EWS.items(login.mailbox()).stream().filter(s -> "stamp-1".equals(s.stamp()))
                .findFirst().orElseThrow();
        assertThat(stored.mime()).isEqualTo(MESSAGE);
        assertThat(stored.draft()).isFalse();
    }
}
