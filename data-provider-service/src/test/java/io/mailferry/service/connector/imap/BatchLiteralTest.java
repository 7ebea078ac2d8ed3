package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.WriteRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A MULTIAPPEND's messages after the first, written behind the first one's literal (RFC 3502 §6 with RFC 7888's
 * non-synchronising literals): the same bytes Angus writes for one item per message, in writes of up to 64 KiB.
 */
class BatchLiteralTest {
    private static final Instant DATE = Instant.parse("2021-05-06T07:08:09Z");
    private static final ItemState SEEN = new ItemState(true, false, false, false, false, false, Set.of());
    private static final ItemState FLAGGED_LABEL = new ItemState(false, true, false, false, false, false,
            Set.of("Work"));

    @Test
    void laterMessagesShouldFollowTheFirstLiteralAsRfc3502Writes() throws IOException {
        List<WriteRequest> batch = List.of(request("first\r\n", SEEN, DATE), request("second\r\n", FLAGGED_LABEL,
                null), request("third\r\n", ItemState.NONE, DATE));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        BatchLiteral literal = new BatchLiteral(batch, new byte[MessageContent.WRITE_SIZE]);
        literal.writeTo(wire);

        assertThat(literal.size()).as("Angus announces the first message's size").isEqualTo(7);
        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("first\r\n"
                + " (\\Flagged Work) {8+}\r\nsecond\r\n"
                + " \"06-May-2021 07:08:09 +0000\" {7+}\r\nthird\r\n");
    }

    @Test
    void smallMessagesShouldShareWritesOfAtMostTheBuffersSize() throws IOException {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(request("x".repeat(1000) + "\r\n", SEEN, DATE)); // 100 x ~1 KB: about 106 KB with the lines
        }
        CountingStream wire = new CountingStream();

        new BatchLiteral(batch, new byte[MessageContent.WRITE_SIZE]).writeTo(wire);

        // Angus's own items: each line a write before its body, or the bodies in 8 KiB pieces; here two writes
        assertThat(wire.sizes).hasSize(2);
        assertThat(wire.sizes.get(0)).isLessThanOrEqualTo(MessageContent.WRITE_SIZE);
        assertThat(wire.bytes.size()).isEqualTo(100 * 1002 + 99 * " (\\Seen) \"06-May-2021 07:08:09 +0000\" {1002+}\r\n"
                .length());
    }

    @Test
    void aLargeBodyShouldGoStraightThroughAfterWhatWasGathered() throws IOException {
        byte[] large = new byte[200 * 1024];
        Arrays.fill(large, (byte) 'a');
        List<WriteRequest> batch = List.of(request("small\r\n", SEEN, DATE),
                new WriteRequest(null, BufferedContent.of(large), SEEN, DATE, null));
        CountingStream wire = new CountingStream();

        new BatchLiteral(batch, new byte[MessageContent.WRITE_SIZE]).writeTo(wire);

        // the small body and the large one's line gathered; then the large body's own 64 KiB pieces, not copied
        String line = " (\\Seen) \"06-May-2021 07:08:09 +0000\" {204800+}\r\n";
        assertThat(wire.sizes).containsExactly(7 + line.length(), 65536, 65536, 65536, 8192);
        assertThat(wire.bytes.toByteArray()).hasSize(7 + line.length() + large.length);
    }

    @Test
    void aMessageThatChangesSizeShouldFailTheWriteBeforeTheCommandEnds() {
        MessageContent shrunk = new MessageContent() {
            @Override
            public long size() {
                return 10;
            }

            @Override
            public String contentHash() {
                return "h";
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream("short".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void close() {
            }
        };
        List<WriteRequest> batch = List.of(request("first\r\n", SEEN, DATE),
                new WriteRequest(null, shrunk, SEEN, DATE, null));

        assertThatThrownBy(() -> new BatchLiteral(batch, new byte[MessageContent.WRITE_SIZE])
                .writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("changed size").hasMessageContaining("5 of 10");
    }

    private static WriteRequest request(String raw, ItemState state, Instant date) {
        return new WriteRequest(null, BufferedContent.of(raw.getBytes(StandardCharsets.US_ASCII)), state, date, null);
    }

    /** Keeps every byte and the size of each write. */
    private static final class CountingStream extends OutputStream {
        final List<Integer> sizes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            sizes.add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sizes.add(len);
            bytes.write(b, off, len);
        }
    }
}
