package io.mailferry.service.engine.port;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link MessageContent} read once from a stream (or written in parts through a {@link Writer}): kept in memory up
 * to {@code memoryLimit} bytes, spooled to a temporary file beyond, hashed on the way ({@link ContentHash}). Memory
 * per message is therefore bounded by {@code memoryLimit}, or for {@link #wrap} by the size of the connector's own
 * buffer, which the connector bounds (IMAP: 4 MiB as listed, ADR 0043).
 */
public final class BufferedContent implements MessageContent {
    /** Messages up to this size stay in memory. */
    public static final int DEFAULT_MEMORY_LIMIT = 1 << 20;

    private final byte[] bytes;
    private final int offset;
    private final Path file;
    private final long size;
    private final String contentHash;
    /** The pooled array {@code bytes} is, released on close; null for an array of its own or a file. */
    private final BodyBuffers.Lease lease;

    private BufferedContent(byte[] bytes, Path file, long size, String contentHash) {
        this(bytes, 0, file, size, contentHash, null);
    }

    private BufferedContent(byte[] bytes, int offset, Path file, long size, String contentHash,
            BodyBuffers.Lease lease) {
        this.bytes = bytes;
        this.offset = offset;
        this.file = file;
        this.size = size;
        this.contentHash = contentHash;
        this.lease = lease;
    }

    public static BufferedContent read(InputStream in) throws IOException {
        return read(in, DEFAULT_MEMORY_LIMIT);
    }

    public static BufferedContent read(InputStream in, int memoryLimit) throws IOException {
        try (Writer writer = new Writer(memoryLimit)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                writer.write(buf, 0, n);
            }
            return writer.finish();
        }
    }

    /** A {@link Writer} with the default memory limit. */
    public static Writer writer() {
        return new Writer(DEFAULT_MEMORY_LIMIT);
    }

    /**
     * A {@link Writer} with the default memory limit for a body expected to be {@code expectedSize} bytes long (a
     * listed size, which may be wrong: the content is what is written): one beyond the limit goes to its temporary
     * file from the first byte, a smaller one into memory sized for it, instead of a buffer that doubles as it fills.
     */
    public static Writer writer(long expectedSize) {
        return new Writer(DEFAULT_MEMORY_LIMIT, expectedSize);
    }

    /** Wraps bytes already in memory (small messages, tests). */
    public static BufferedContent of(byte[] data) {
        return new BufferedContent(data.clone(), null, data.length, ContentHash.of(data));
    }

    /**
     * Takes {@code length} bytes of {@code buffer} from {@code offset} as they are, without copying them (a connector's
     * own receive buffer, which it hands over and never touches again); hashes them once.
     */
    public static BufferedContent wrap(byte[] buffer, int offset, int length) {
        return new BufferedContent(buffer, offset, null, length, ContentHash.of(buffer, offset, length), null);
    }

    /**
     * As {@link #wrap(byte[], int, int)} for bytes in the array of {@code lease} ({@link BodyBuffers}), which this
     * content then owns and releases on {@link #close}. Reading it after its lease was released fails with an
     * {@link IOException} rather than handing out whatever the array holds by then.
     */
    public static BufferedContent wrap(BodyBuffers.Lease lease, int offset, int length) {
        byte[] buffer = lease.bytes();
        return new BufferedContent(buffer, offset, null, length, ContentHash.of(buffer, offset, length), lease);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public InputStream open() throws IOException {
        if (bytes == null) {
            return Files.newInputStream(file);
        }
        held();
        return lease == null ? new ByteArrayInputStream(bytes, offset, (int) size) : new Leased();
    }

    /**
     * In memory: straight from the array, no copy and no buffer (most messages are small, and a batch has hundreds), in
     * writes of at most 64 KiB, as from a file: a connection's write timeout runs per write, so a slow link must
     * move 64 KiB in it, not a whole message.
     */
    @Override
    public long writeTo(OutputStream out) throws IOException {
        if (bytes == null) {
            return MessageContent.super.writeTo(out);
        }
        held();
        for (int from = 0; from < size; from += WRITE_SIZE) {
            out.write(bytes, offset + from, (int) Math.min(WRITE_SIZE, size - from));
        }
        held(); // before the caller ends what it sends (an APPEND's line): a reused array never reaches a server whole
        return size;
    }

    /** Fails when the pooled array was given back: it may hold another message's bytes by now. */
    private void held() throws IOException {
        if (lease != null && !lease.valid()) {
            throw new ReleasedContentException();
        }
    }

    /** The bytes of a pooled array; each read checks, after copying, that the array was still this content's. */
    private final class Leased extends InputStream {
        private int pos;

        @Override
        public int read() throws IOException {
            int b = pos < size ? bytes[offset + pos++] & 0xff : -1;
            held();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int n = (int) Math.min(len, size - pos);
            if (n <= 0) {
                held();
                return len == 0 ? 0 : -1;
            }
            System.arraycopy(bytes, offset + pos, b, off, n);
            pos += n;
            held();
            return n;
        }

        @Override
        public int available() {
            return (int) (size - pos);
        }
    }

    /** The temporary file the bytes live in, or null (tests). */
    Path spoolFile() {
        return file;
    }

    /** True when the bytes live in a temporary file. */
    public boolean spooled() {
        return file != null;
    }

    /** True when the bytes live in a reused array ({@link BodyBuffers}), given back on {@link #close}. */
    public boolean pooled() {
        return lease != null;
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.release();
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // left behind: the next Mailferry process removes it (SpoolDirectory)
            }
        }
    }

    /**
     * Builds a {@link BufferedContent} from pieces written in order (a body that arrives in parts): in memory up to
     * {@code memoryLimit} bytes, then in a temporary file, hashed once while written. Closing it before
     * {@link #finish} deletes its temporary file; after, the content owns the file. Not thread-safe.
     */
    public static final class Writer implements AutoCloseable {
        private final int memoryLimit;
        private final boolean spoolAtOnce;
        private final ContentHash hash = new ContentHash();
        private ByteArrayOutputStream mem;
        private Path file;
        private OutputStream out;
        private long size;
        private boolean finished;

        private Writer(int memoryLimit) {
            this.memoryLimit = memoryLimit;
            this.mem = new ByteArrayOutputStream(Math.min(memoryLimit, 64 * 1024));
            this.spoolAtOnce = false;
        }

        private Writer(int memoryLimit, long expectedSize) {
            this.memoryLimit = memoryLimit;
            this.spoolAtOnce = expectedSize > memoryLimit;
            this.mem = new ByteArrayOutputStream(spoolAtOnce ? 0 : (int) Math.max(0, expectedSize));
        }

        public void write(byte[] b, int off, int len) throws IOException {
            if (out == null && (spoolAtOnce || size + len > memoryLimit)) {
                file = SpoolDirectory.newFile("mailferry-msg-");
                out = Files.newOutputStream(file);
                mem.writeTo(out);
                mem = null;
            }
            if (out != null) {
                out.write(b, off, len);
            } else {
                mem.write(b, off, len);
            }
            hash.update(b, off, len);
            size += len;
        }

        /** The content written so far, which then owns the temporary file (if any). */
        public BufferedContent finish() throws IOException {
            if (out == null) {
                finished = true;
                return new BufferedContent(mem.toByteArray(), null, size, hash.value());
            }
            out.close();
            finished = true;
            return new BufferedContent(null, file, size, hash.value());
        }

        @Override
        public void close() {
            if (finished || file == null) {
                return;
            }
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // the file goes anyway
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // left behind: the next Mailferry process removes it (SpoolDirectory)
            }
        }
    }
}
