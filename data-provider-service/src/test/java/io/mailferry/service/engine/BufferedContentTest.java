package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.service.engine.port.BodyBuffers;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.ReleasedContentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Message bodies are confidential: a spooled one lives in a file only its owner can read, and only while in use. */
class BufferedContentTest {
    @Test
    void spooledMessageShouldBeOwnerOnlyAndDeletedOnClose() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        Path file;
        try (BufferedContent content = BufferedContent.read(new ByteArrayInputStream(body), 1024 * 1024)) {
            assertThat(content.spooled()).isTrue();
            file = spoolFile(content);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            try (InputStream in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void writerShouldKeepPiecesInOrderSpoolPastTheLimitAndHashOnce() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + i / 4096);
        }
        BufferedContent.Writer writer = BufferedContent.writer();
        for (int from = 0; from < body.length; from += 1024 * 1024) {
            writer.write(body, from, Math.min(1024 * 1024, body.length - from));
        }
        try (writer; BufferedContent content = writer.finish()) {
            assertThat(content.spooled()).isTrue();
            assertThat(content.size()).isEqualTo(body.length);
            assertThat(content.contentHash()).isEqualTo(ContentHash.of(body));
            try (InputStream in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
        }
    }

    @Test
    void writerClosedBeforeItsEndShouldLeaveNoTemporaryFile() throws Exception {
        BufferedContent.Writer writer = BufferedContent.writer();
        writer.write(new byte[1024 * 1024], 0, 1024 * 1024);
        writer.write(new byte[10], 0, 10);
        Field f = BufferedContent.Writer.class.getDeclaredField("file");
        f.setAccessible(true);
        Path file = (Path) f.get(writer);
        assertThat(file).exists();

        writer.close();

        assertThat(file).doesNotExist();
    }

    @Test
    void writeToShouldSendTheBytesAsTheyAreFromMemoryOrFromTheSpool() throws Exception {
        byte[] small = "Subject: hi\r\n\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] framed = new byte[small.length + 8];
        System.arraycopy(small, 0, framed, 4, small.length);
        byte[] large = new byte[3 * 1024 * 1024 + 5];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 7 + i / 65536);
        }
        try (BufferedContent inMemory = BufferedContent.wrap(framed, 4, small.length);
                BufferedContent spooled = BufferedContent.read(new ByteArrayInputStream(large), 1024 * 1024)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            assertThat(inMemory.writeTo(out)).isEqualTo(small.length);
            assertThat(out.toByteArray()).isEqualTo(small);

            // a connection's write timeout runs per write: no write of more than 64 KiB, from memory too
            java.util.List<Integer> writes = new java.util.ArrayList<>();
            java.io.ByteArrayOutputStream sliced = new java.io.ByteArrayOutputStream() {
                @Override
                public synchronized void write(byte[] b, int off, int len) {
                    writes.add(len);
                    super.write(b, off, len);
                }
            };
            try (BufferedContent oneMegabyte = BufferedContent.wrap(large, 5, 1024 * 1024)) {
                assertThat(oneMegabyte.writeTo(sliced)).isEqualTo(1024 * 1024);
            }
            assertThat(writes).hasSize(16).allMatch(n -> n == 64 * 1024);
            assertThat(sliced.toByteArray()).isEqualTo(Arrays.copyOfRange(large, 5, 5 + 1024 * 1024));

            out.reset();
            assertThat(spooled.spooled()).isTrue();
            assertThat(spooled.writeTo(out)).isEqualTo(large.length);
            assertThat(out.toByteArray()).isEqualTo(large);
        }
    }

    @Test
    void aWriterForALargeBodyShouldSpoolFromTheFirstPieceAndOneForASmallBodyKeepItInMemory() throws Exception {
        byte[] piece = new byte[1000];
        Arrays.fill(piece, (byte) 'y');
        BufferedContent.Writer large = BufferedContent.writer(BufferedContent.DEFAULT_MEMORY_LIMIT + 1L);
        large.write(piece, 0, piece.length);
        Field file = BufferedContent.Writer.class.getDeclaredField("file");
        file.setAccessible(true);
        assertThat((Path) file.get(large)).exists();
        try (large; BufferedContent content = large.finish()) {
            assertThat(content.spooled()).isTrue();
            assertThat(content.contentHash()).isEqualTo(ContentHash.of(piece));
        }

        // a small memory limit keeps a body within it in memory; no, zero or a negative listed size too
        try (BufferedContent content = BufferedContent.read(new ByteArrayInputStream(piece), 1000)) {
            assertThat(content.spooled()).isFalse();
        }
        for (long listed : new long[] {0, -1}) {
            BufferedContent.Writer unknown = BufferedContent.writer(listed);
            unknown.write(piece, 0, piece.length);
            try (unknown; BufferedContent content = unknown.finish()) {
                assertThat(content.spooled()).isFalse();
                assertThat(content.size()).isEqualTo(piece.length);
            }
        }

        // a listed size that is too small (a server may list one) still gets the whole body
        BufferedContent.Writer small = BufferedContent.writer(10);
        small.write(piece, 0, piece.length);
        small.write(piece, 0, piece.length);
        try (small; BufferedContent content = small.finish()) {
            assertThat(content.spooled()).isFalse();
            assertThat(content.size()).isEqualTo(2L * piece.length);
        }
    }

    private static Path spoolFile(BufferedContent content) throws ReflectiveOperationException, IOException {
        Field f = BufferedContent.class.getDeclaredField("file");
        f.setAccessible(true);
        return (Path) f.get(content);
    }

    @Test
    void contentInAReusedArrayShouldBeExactUntilClosedThenGiveItBackAndRefuseToBeRead() throws Exception {
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7 + i / 300);
        }
        BodyBuffers.Lease lease = BodyBuffers.shared().take(body.length + 40);
        System.arraycopy(body, 0, lease.bytes(), 40, body.length);
        BufferedContent content = BufferedContent.wrap(lease, 40, body.length);
        assertThat(content.pooled()).isTrue();
        assertThat(content.contentHash()).isEqualTo(ContentHash.of(body));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(content.writeTo(out)).isEqualTo(body.length);
        assertThat(out.toByteArray()).isEqualTo(body);
        try (InputStream in = content.open()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }

        content.close();
        assertThat(lease.valid()).as("given back on close").isFalse();
        assertThatThrownBy(() -> content.writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(ReleasedContentException.class).hasMessage(ReleasedContentException.SENTENCE);
        assertThatThrownBy(content::open).isInstanceOf(IOException.class);
        content.close(); // twice: harmless, the array is not given back again
    }

    @Test
    void anArrayGivenBackWhileItsContentIsWrittenShouldFailTheWriteBeforeItEnds() throws Exception {
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'a');
        BodyBuffers.Lease lease = BodyBuffers.shared().take(body.length);
        System.arraycopy(body, 0, lease.bytes(), 0, body.length);
        BufferedContent content = BufferedContent.wrap(lease, 0, body.length);
        // a mistaken release by someone else, and the array reused at once, in the middle of the write
        OutputStream meddling = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (lease.valid()) {
                    lease.release();
                    Arrays.fill(BodyBuffers.shared().take(body.length).bytes(), (byte) 'z');
                }
            }
        };
        assertThatThrownBy(() -> content.writeTo(meddling)).isInstanceOf(ReleasedContentException.class);

        BodyBuffers.Lease again = BodyBuffers.shared().take(body.length);
        System.arraycopy(body, 0, again.bytes(), 0, body.length);
        try (BufferedContent reread = BufferedContent.wrap(again, 0, body.length); InputStream in = reread.open()) {
            byte[] first = in.readNBytes(1000);
            assertThat(first).containsOnly((byte) 'a');
            again.release();
            assertThatThrownBy(() -> in.readNBytes(1000)).as("a stream over a released array stops")
                    .isInstanceOf(ReleasedContentException.class);
        }
    }
}
